import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.permissions import scope_to_user
from partners.enums import OrganisationKind
from partners.models import Organisation
from territories.copies import copy_trigger, territory_copy

from .enums import ContractorRole, ContractType, Nature, Origin, Procedure, Status

cpv_validator = RegexValidator(
    r"^\d{8}(-\d)?$", "Le code CPV s'écrit avec 8 chiffres, suivis ou non d'un tiret et de la clé : 45000000-7."
)


SOCIAL_SERVICES_ARE_SERVICES = (
    "Les services sociaux et autres services spécifiques sont des services : choisissez la nature « services »."
)

# The CCAG 2021 cap the total of the penalties at 10 % of the contract's amount excl. VAT (CCAG-Travaux art. 19.2,
# CCAG-FCS art. 14.1, and the other four CCAG), unless the CCAP derogates: the default of Market.penalty_cap_rate.
CCAG_PENALTY_CAP_RATE = 10


class MarketQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which contracts a user sees."""
        return scope_to_user(self, user)

    def with_list_data(self):
        return self.select_related("buyer", "facilitator")


class Market(models.Model):
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="markets",
        verbose_name="territoire",
        help_text="Le service de facilitation qui suit le marché.",
    )
    buyer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="markets",
        verbose_name="donneur d'ordre",
        limit_choices_to={"kind": OrganisationKind.BUYER},
    )
    reference = models.CharField(
        "référence de l'acheteur",
        max_length=50,
        help_text="Identifiant du marché chez l'acheteur (champ « id » des DECP).",
    )
    object = models.CharField("objet", max_length=500)
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    contract_type = models.CharField(
        "type de contrat", max_length=20, choices=ContractType.choices, default=ContractType.MARKET
    )
    procedure = models.CharField("procédure", max_length=80, choices=Procedure.choices, blank=True)
    cpv = models.CharField("code CPV", max_length=10, blank=True, validators=[cpv_validator])
    amount = models.DecimalField(
        "montant estimé HT (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Le montant ne peut pas être négatif.")],
    )
    penalty_cap_rate = models.DecimalField(
        "plafond des pénalités (% du montant HT)",
        max_digits=5,
        decimal_places=2,
        default=CCAG_PENALTY_CAP_RATE,
        validators=[
            MinValueValidator(0, "Le plafond ne peut pas être négatif."),
            MaxValueValidator(100, "Le plafond ne dépasse pas 100 %% du montant."),
        ],
        help_text="10 % dans les CCAG 2021 (CCAG-Travaux art. 19.2, CCAG-FCS art. 14.1), sauf dérogation du CCAP "
        "(100 % s'il supprime le plafond). Laissé vide : 10 %.",
    )
    duration_months = models.PositiveIntegerField("durée (mois)", null=True, blank=True)
    place_postcode = models.CharField(
        "lieu d'exécution (code postal)",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", "Un code postal compte 5 chiffres.")],
    )
    publication_date = models.DateField("publication prévue", null=True, blank=True)
    notification_date = models.DateField("notification", null=True, blank=True)
    start_date = models.DateField("début d'exécution", null=True, blank=True)
    end_date = models.DateField("fin d'exécution", null=True, blank=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.PLANNED)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_markets",
        verbose_name="facilitateur en charge",
        limit_choices_to={"role__in": ["facilitator", "admin"]},
    )
    notes = models.TextField("notes", blank=True)
    origin = models.CharField("origine", max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    published_considerations = models.CharField(
        "considérations sociales publiées (DECP)",
        max_length=100,
        blank=True,
        help_text="Valeurs de « considerationsSociales » publiées par l'acheteur, séparées par des virgules.",
    )
    decp_publication = models.JSONField(
        "données de publication DECP",
        default=dict,
        blank=True,
        help_text="Les champs DECP que Levier ne suit pas (forme du prix, CCAG…), sous leur nom DECP : repris de la "
        "publication importée ou saisis avant l'export (markets.decp.publication).",
    )
    # The facts that decide the EU threshold of the contract (clauses.thresholds), beside its nature and buyer.
    contracting_entity = models.BooleanField(
        "passé par une entité adjudicatrice",
        default=False,
        help_text="Marché d'une activité d'opérateur de réseau (eau, énergie, transports, services postaux) : les "
        "seuils européens des entités adjudicatrices s'appliquent.",
    )
    defence_or_security = models.BooleanField(
        "marché de défense ou de sécurité",
        default=False,
        help_text="Hors du champ de l'obligation de condition d'exécution sociale (article L2112-2-1). L'import DECP "
        "le coche quand la nature publiée est « Marché de défense ou de sécurité ».",
    )
    social_services = models.BooleanField(
        "services sociaux et autres services spécifiques",
        default=False,
        help_text="Services de l'avis annexé au code (procédure adaptée de l'article R2123-1 3°) : seuil européen de "
        "750\u00a0000\u00a0€ HT, 1\u00a0000\u00a0000\u00a0€ HT pour une entité adjudicatrice. Un achat de prestations "
        "d'insertion retenu sur tout le marché en est un, sans cette case.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = MarketQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="historique des marchés")

    class Meta:
        verbose_name = "marché"
        ordering = ["-created_at", "-pk"]
        # a contract stays with the service that follows it: what its summaries copy cannot go stale
        triggers = [
            pgtrigger.Protect(
                name="territory_is_kept", operation=pgtrigger.Update, condition=pgtrigger.AnyChange("territory")
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "reference"],
                name="unique_reference_per_buyer",
                violation_error_message="Ce donneur d'ordre a déjà un marché avec cette référence.",
            ),
            models.CheckConstraint(
                name="market_amount_not_negative", condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0)
            ),
            models.CheckConstraint(
                name="social_services_are_services",
                condition=models.Q(social_services=False) | models.Q(nature=Nature.SERVICES),
                violation_error_message=SOCIAL_SERVICES_ARE_SERVICES,
            ),
            models.CheckConstraint(
                name="market_penalty_cap_rate_in_range",
                condition=models.Q(penalty_cap_rate__gte=0, penalty_cap_rate__lte=100),
                violation_error_message="Le plafond des pénalités est compris entre 0 et 100 %% du montant.",
            ),
            models.CheckConstraint(
                name="market_end_after_start",
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "status"]),
            models.Index(fields=["buyer", "status"]),
            models.Index(fields=["status"]),
            models.Index(fields=["nature"]),
            models.Index(fields=["notification_date"]),
            # the alerts (Climat et Résilience, awaiting review) list the first contracts by publication date
            models.Index(fields=["publication_date", "id"]),
            # those still under review, alone: otherwise the alert walks the 9,000 others first (6 → 2 ms)
            models.Index(
                fields=["publication_date", "id"],
                condition=models.Q(status__in=Status.under_review()),
                name="market_under_review_idx",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.object}"

    def get_absolute_url(self):
        return reverse("markets:detail", args=[self.pk])

    @property
    def year(self):
        reference_date = self.notification_date or self.publication_date
        return reference_date.year if reference_date else None

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin d'exécution ne peut pas précéder son début."})
        if self.buyer_id and self.buyer.kind != OrganisationKind.BUYER:
            raise ValidationError({"buyer": "Choisissez un donneur d'ordre."})
        if self.social_services and self.nature != Nature.SERVICES:
            raise ValidationError({"social_services": SOCIAL_SERVICES_ARE_SERVICES})

    @property
    def published_consideration_list(self) -> list[str]:
        return [value.strip() for value in self.published_considerations.split(",") if value.strip()]

    def single_lot(self) -> "Lot":
        """The (unsaved) lot that stands for the whole contract when it has no lots."""
        return Lot(market=self, number=1, title=self.object[:300], amount=self.amount, cpv=self.cpv)

    def ensure_single_lot(self) -> None:
        """A contract without lots is followed as a single lot."""
        if not self.lots.exists():
            self.single_lot().save()

    def change_status(self, new_status: str, user) -> "StatusChange | None":
        if new_status == self.status:
            return None
        change = StatusChange.objects.create(
            market=self, old_status=self.status, new_status=new_status, changed_by=user
        )
        self.status = new_status
        self.save(update_fields=["status"])
        return change


class Modification(models.Model):
    """A modification of a contract published in the DECP: the amount and duration after it (history)."""

    territory = territory_copy()
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="modifications", verbose_name="marché")
    decp_id = models.CharField("numéro de la modification", max_length=20)
    date = models.DateField("date", null=True, blank=True)
    amount = models.DecimalField(
        "montant HT après modification (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    duration_months = models.PositiveIntegerField("durée après modification (mois)", null=True, blank=True)

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "modification du marché"
        verbose_name_plural = "modifications du marché"
        ordering = ["market", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "decp_id"],
                name="unique_modification_per_market",
                violation_error_message="Ce marché a déjà une modification de ce numéro.",
            ),
        ]

    def __str__(self):
        return f"Modification {self.decp_id}"


class StatusChange(models.Model):
    territory = territory_copy()
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField("ancien statut", max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField("nouveau statut", max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="par")
    changed_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "changement de statut"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"


class Lot(models.Model):
    territory = territory_copy()
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="lots", verbose_name="marché")
    number = models.PositiveIntegerField("numéro", default=1)
    title = models.CharField("intitulé", max_length=300)
    amount = models.DecimalField(
        "montant HT (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Le montant ne peut pas être négatif.")],
    )
    cpv = models.CharField("code CPV", max_length=10, blank=True, validators=[cpv_validator])

    history = HistoricalRecords(excluded_fields=["territory"], verbose_name="historique des lots")

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "lot"
        ordering = ["market", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "number"],
                name="unique_lot_number",
                violation_error_message="Ce marché a déjà un lot portant ce numéro.",
            ),
        ]

    def __str__(self):
        return f"Lot {self.number} – {self.title}"


class Contractor(models.Model):
    territory = territory_copy()
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="contractors", verbose_name="lot")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contracts_held",
        verbose_name="entreprise",
        limit_choices_to={"kind__in": [OrganisationKind.COMPANY, OrganisationKind.INCLUSIVE]},
    )
    role = models.CharField("rôle", max_length=20, choices=ContractorRole.choices, default=ContractorRole.HOLDER)
    amount = models.DecimalField(
        "montant HT (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Le montant ne peut pas être négatif.")],
    )

    class Meta:
        triggers = [copy_trigger("lot_id", "markets_lot")]
        verbose_name = "titulaire"
        ordering = ["lot", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "organisation", "role"],
                name="unique_contractor_role",
                violation_error_message="Cette entreprise a déjà ce rôle sur ce lot.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class DecpConflict(models.Model):
    """A DECP record that differs from a contract typed in Levier (``origin`` « saisi dans Levier »): held, not
    applied, until a facilitator keeps the contract's values or takes the DECP's (markets.decp.conflicts). One per
    contract: a later import replaces the values it holds, unless they are those the facilitator already kept."""

    territory = territory_copy()
    market = models.OneToOneField(Market, on_delete=models.CASCADE, related_name="decp_conflict", verbose_name="marché")
    values = models.JSONField("valeurs publiées (DECP)", help_text="Champ du marché → valeur DECP, en JSON.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importé par",
        help_text="Vide pour un import par la commande.",
    )
    imported_at = models.DateTimeField("importé le")
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="valeurs du marché gardées par",
    )
    kept_at = models.DateTimeField("valeurs du marché gardées le", null=True, blank=True)

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "différence avec les DECP"
        verbose_name_plural = "différences avec les DECP"
        ordering = ["market__reference", "pk"]

    def __str__(self):
        return f"DECP différentes pour {self.market_id}"
