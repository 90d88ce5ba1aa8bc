from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from simple_history.models import HistoricalRecords

from markets.models import Lot, Market
from partners.enums import StructureKind
from partners.models import EligibleCategory, EligibleList, Organisation
from territories.copies import copy_trigger, territory_copy

from . import reservations, rules
from .calculations import insertion_hours
from .counting import COUNTED_STATUSES
from .enums import (
    DEFAULT_LEGAL_BASIS,
    ConsiderationStatus,
    ExemptionReason,
    Kind,
    LegalBasis,
    Modality,
    PnadPerimeter,
    SocialAction,
    StandaloneReason,
    ThresholdBuyer,
    ThresholdPurchase,
    Unit,
)
from .thresholds import CONCESSION_ARTICLE, Threshold, exemption_grounds, threshold_key_label

FRACTION_VALIDATORS = [
    MinValueValidator(0, "Une fraction est comprise entre 0 et 1 (0,5 pour 50 %%)."),
    MaxValueValidator(1, "Une fraction est comprise entre 0 et 1 (0,5 pour 50 %%)."),
]
NOT_NEGATIVE = [MinValueValidator(0, "La valeur ne peut pas être négative.")]
RESERVATION_ARTICLES = [str(basis) for basis in LegalBasis.reservations()]


# --- Reference data (Django admin) -----------------------------------------------------------------------------


class TradeLabourShareQuerySet(models.QuerySet):
    def share_for(self, cpv: str):
        """Labour share of the longest CPV prefix matching this code (a named trade beats its division)."""
        return labour_share_for(list(self), cpv)


def labour_share_for(trades, cpv: str):
    code = (cpv or "").replace("-", "")
    matching = [trade for trade in trades if code.startswith(trade.cpv_prefix)]
    best = max(matching, key=lambda trade: len(trade.cpv_prefix), default=None)
    return best.labour_share if best else None


class TradeLabourShare(models.Model):
    name = models.CharField("métier ou secteur", max_length=120, unique=True)
    cpv_prefix = models.CharField(
        "début du code CPV",
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{2,8}$", "De 2 à 8 chiffres : « 45 », « 45442 ».")],
        help_text="La division (2 chiffres) ou un métier plus précis : le plus long gagne.",
    )
    labour_share = models.DecimalField(
        "part de main-d'œuvre",
        max_digits=4,
        decimal_places=3,
        validators=FRACTION_VALIDATORS,
        help_text="Fraction : 0,5 pour 50 %.",
    )

    objects = TradeLabourShareQuerySet.as_manager()

    class Meta:
        verbose_name = "part de main-d'œuvre d'un métier"
        verbose_name_plural = "parts de main-d'œuvre par métier"
        ordering = ["cpv_prefix"]

    def __str__(self):
        return f"{self.name} ({self.cpv_prefix}) : {self.labour_share * 100:g} %"


class ModalityConversion(models.Model):
    """How many insertion hours one hour worked counts for, per modality (1 by default)."""

    modality = models.CharField("modalité", max_length=30, choices=Modality.choices, unique=True)
    hours_per_hour = models.DecimalField(
        "heures comptées par heure travaillée",
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=NOT_NEGATIVE,
    )

    class Meta:
        verbose_name = "règle de conversion d'une modalité"
        verbose_name_plural = "règles de conversion des modalités"
        ordering = ["modality"]

    def __str__(self):
        return f"{self.get_modality_display()} : {self.hours_per_hour:g} h"


class LegalBasisReference(models.Model):
    """Whether a legal basis satisfies the Climat et Résilience obligation (L2112-2-1): reference data."""

    legal_basis = models.CharField("fondement juridique", max_length=20, choices=LegalBasis.choices, unique=True)
    satisfies_climate_obligation = models.BooleanField(
        "vaut condition d'exécution sociale (Climat et Résilience)", default=False
    )

    class Meta:
        verbose_name = "fondement juridique"
        verbose_name_plural = "fondements juridiques"
        ordering = ["legal_basis"]

    def __str__(self):
        return self.get_legal_basis_display()

    @classmethod
    def satisfying(cls) -> set[str]:
        return set(cls.objects.filter(satisfies_climate_obligation=True).values_list("legal_basis", flat=True))


class EuThresholdQuerySet(models.QuerySet):
    def covering(self, purchase, buyer_type, day):
        """The thresholds of this key in force on ``day``, the latest to start first: applicable_threshold in SQL
        (the arguments may be OuterRef, as in clauses.queries.with_climate_flag)."""
        return (
            self.filter(purchase=purchase, buyer_type=buyer_type, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-valid_from")
        )


class EuThreshold(models.Model):
    """An EU threshold (HT) for a period, a purchase kind and a buyer type: national reference data, one row per key
    and period (clauses.thresholds). A date no row covers makes the threshold of its contracts unknown."""

    valid_from = models.DateField("en vigueur du")
    valid_until = models.DateField("au", null=True, blank=True)
    purchase = models.CharField("achat", max_length=20, choices=ThresholdPurchase.choices)
    buyer_type = models.CharField("acheteur", max_length=30, choices=ThresholdBuyer.choices)
    amount = models.DecimalField("seuil HT (€)", max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    source = models.CharField(
        "texte", max_length=200, blank=True, help_text="Par exemple : règlement délégué (UE) 2025/2152."
    )

    objects = EuThresholdQuerySet.as_manager()

    class Meta:
        verbose_name = "seuil européen"
        verbose_name_plural = "seuils européens"
        ordering = ["-valid_from", "purchase", "buyer_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from", "purchase", "buyer_type"],
                name="unique_threshold",
                violation_error_message="Ce seuil existe déjà pour cette date de début.",
            ),
            models.CheckConstraint(
                name="threshold_until_after_from",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                violation_error_message="La fin de validité ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        amount = number_format(self.amount, 0, use_l10n=True, force_grouping=True)
        return f"{threshold_key_label(self.purchase, self.buyer_type)} du {self.valid_from:%d/%m/%Y} : {amount} €"

    def as_threshold(self) -> Threshold:
        return Threshold(self.valid_from, self.valid_until, self.purchase, self.buyer_type, self.amount, self.source)


# Contracts from this amount excl. VAT publish their essential data (DECP), the perimeter of the national statistics.
DECP_MINIMUM_AMOUNT = Decimal("40000")


class PnadTarget(models.Model):
    """A year's target of the plan national pour des achats durables (share of the notified contracts with at least
    one social consideration) and the contracts its share counts: dated reference data (clauses.counting)."""

    year = models.PositiveSmallIntegerField("année de notification", unique=True)
    target = models.DecimalField(
        "objectif (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Vide : pas d'objectif national fixé pour cette année.",
    )
    perimeter = models.CharField("marchés comptés", max_length=10, choices=PnadPerimeter.choices)
    source = models.CharField("source", max_length=300)

    class Meta:
        verbose_name = "objectif PNAD d'une année"
        verbose_name_plural = "objectifs PNAD par année"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="pnad_target_is_a_percentage",
                condition=Q(target__isnull=True) | Q(target__gte=0, target__lte=100),
                violation_error_message="L'objectif est un pourcentage, entre 0 et 100.",
            )
        ]

    def __str__(self):
        target = f"{self.target:g} %" if self.target is not None else "pas d'objectif"
        return f"{self.year} : {target} ({self.get_perimeter_display()})"

    @property
    def minimum_amount(self) -> Decimal | None:
        return DECP_MINIMUM_AMOUNT if self.perimeter == PnadPerimeter.DECP else None


# --- The considerations ----------------------------------------------------------------------------------------


class ConsiderationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(market__in=Market.objects.visible_to(user))

    def with_details(self):
        return self.select_related(
            "market__buyer", "market__facilitator", "lot", "eligible_list", "local_partner"
        ).prefetch_related("eligible_categories")

    def active(self):
        """Not abandoned: the considerations a facilitator works on, envisaged ones included (the review's queue)."""
        return self.exclude(status=ConsiderationStatus.ABANDONED)

    def counted(self):
        """Written into the tender documents and not abandoned: the considerations every figure counts
        (clauses.counting)."""
        return self.filter(status__in=COUNTED_STATUSES)


# The kind-specific fields, shown in the form of their kind only.
KIND_FIELDS = {
    Kind.INSERTION_HOURS: ["calc_amount", "calc_labour_share", "calc_hourly_cost", "calc_insertion_rate", "modalities"],
    Kind.SOCIAL_ACTIONS: ["actions_offered", "actions_quantity", "contractor_chooses"],
    Kind.RESERVED_MARKET: ["reserved_structures"],
    Kind.INSERTION_PURCHASE: ["support_activity", "positions", "purchase_hours", "qualification_targets"],
    Kind.ILLITERACY: ["required_actions", "commitments", "local_partner"],
    Kind.DIVERSITY: ["required_actions", "commitments", "local_partner"],
    Kind.PROGRESS_PLAN: ["progress_axes"],
}


def _labels(choices, values) -> list[str]:
    labels = dict(choices)
    return [labels.get(value, value) for value in values or []]


class Consideration(models.Model):
    territory = territory_copy()
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="considerations", verbose_name="marché")
    lot = models.ForeignKey(
        Lot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="considerations",
        verbose_name="lot",
        help_text="Vide : la considération porte sur tout le marché.",
    )
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    # A reservation rests on one or several articles (L2113-12 and L2113-13 combined): legal_basis holds the first in
    # the order of the code, the one the rest of Levier reads (Climat et Résilience, DECP export, admin filters);
    # combined_bases the others. reservation_bases gives them all; set_reservation_bases() writes them.
    legal_basis = models.CharField("fondement juridique", max_length=20, choices=LegalBasis.choices)
    combined_bases = ArrayField(
        models.CharField(max_length=20, choices=[(basis.value, basis.label) for basis in LegalBasis.reservations()]),
        verbose_name="autres articles de la réservation",
        default=list,
        blank=True,
        help_text="Marché réservé : les articles combinés avec le fondement juridique (L2113-12 et L2113-13).",
    )
    objective = models.TextField("objectif", blank=True)
    target = models.DecimalField(
        "objectif chiffré", max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    unit = models.CharField("unité", max_length=20, choices=Unit.choices, blank=True)
    penalty_per_unit = models.DecimalField(
        "pénalité par unité manquante (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    eligible_list = models.ForeignKey(
        EligibleList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="considerations",
        verbose_name="liste de publics éligibles",
    )
    eligible_categories = models.ManyToManyField(
        EligibleCategory, blank=True, related_name="considerations", verbose_name="publics éligibles retenus"
    )
    link_justification = models.TextField("lien avec l'objet du marché", blank=True)
    standalone_reason = models.CharField(
        "sans clause d'insertion, parce que", max_length=20, choices=StandaloneReason.choices, blank=True
    )
    status = models.CharField(
        "statut", max_length=20, choices=ConsiderationStatus.choices, default=ConsiderationStatus.ENVISAGED
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    # insertion hours: the calculation kept beside the target
    calc_amount = models.DecimalField(
        "montant HT retenu (€)", max_digits=14, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    calc_labour_share = models.DecimalField(
        "part de main-d'œuvre",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=FRACTION_VALIDATORS,
        help_text="Fraction : 0,5 pour 50 %.",
    )
    calc_hourly_cost = models.DecimalField(
        "coût horaire moyen chargé (€)", max_digits=8, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    calc_insertion_rate = models.DecimalField(
        "taux d'insertion",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=FRACTION_VALIDATORS,
        help_text="Fraction : 0,05 pour 5 %.",
    )
    modalities = models.JSONField("modalités de réalisation acceptées", default=list, blank=True)
    # social actions
    actions_offered = models.JSONField("actions proposées", default=list, blank=True)
    actions_quantity = models.PositiveIntegerField("nombre d'actions exigées", null=True, blank=True)
    contractor_chooses = models.BooleanField("le titulaire choisit parmi les actions proposées", default=False)
    # reserved market
    reserved_structures = models.JSONField("structures bénéficiaires de la réservation", default=list, blank=True)
    # insertion purchase
    support_activity = models.CharField("activité support", max_length=200, blank=True)
    positions = models.PositiveIntegerField("postes en insertion", null=True, blank=True)
    purchase_hours = models.PositiveIntegerField("heures de parcours", null=True, blank=True)
    qualification_targets = models.TextField("objectifs de qualification", blank=True)
    # illiteracy, diversity and equality
    required_actions = models.TextField("actions exigées", blank=True)
    commitments = models.TextField(
        "engagements", blank=True, help_text="Par exemple : au moins 30 % de femmes parmi les participants."
    )
    local_partner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="partenaire local",
    )
    # progress plan (the yearly cycle comes with the follow-up)
    progress_axes = models.TextField(
        "axes de progrès fixés au CCAP", blank=True, help_text="Un axe par ligne : « thème : objectif »."
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = ConsiderationQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="historique des considérations sociales", excluded_fields=["updated_at", "territory"]
    )

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "considération sociale"
        verbose_name_plural = "considérations sociales"
        ordering = ["market", "lot__number", "kind", "pk"]
        # The counting considerations (counted()) of a contract, read from the index alone: whether a contract or a
        # lot has one (PNAD share, Climat et Résilience), how many of each kind, the hours targets (8 to 25 ms → 2 to
        # 8 at scale 1).
        indexes = [
            models.Index(
                fields=["market", "kind", "target", "lot", "legal_basis"],
                condition=Q(status__in=COUNTED_STATUSES),
                name="consideration_counted_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="consideration_end_after_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                violation_error_message="La fin ne peut pas précéder le début.",
            ),
            models.CheckConstraint(
                name="consideration_target_not_negative",
                condition=Q(target__isnull=True) | Q(target__gte=0),
                violation_error_message="L'objectif ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                name="consideration_reservation_article",
                condition=~Q(kind=Kind.RESERVED_MARKET) | Q(legal_basis__in=RESERVATION_ARTICLES),
                violation_error_message="Un marché réservé repose sur l'un des articles L2113-12 à L2113-15.",
            ),
            models.CheckConstraint(
                name="consideration_combined_bases_reservation",
                condition=Q(combined_bases=[])
                | Q(kind=Kind.RESERVED_MARKET, combined_bases__contained_by=RESERVATION_ARTICLES),
                violation_error_message="Seul un marché réservé combine plusieurs articles de réservation.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.lot or 'tout le marché'}"

    def get_absolute_url(self):
        return reverse("clauses:detail", args=[self.pk])

    @classmethod
    def from_recommendation(cls, market, recommendation, facts) -> "Consideration":
        """The consideration a recommendation of the review proposes for the contract, pre-filled from the facts it
        rests on (for insertion hours, the calculator's inputs), not saved."""
        kind = recommendation.kind
        consideration = cls(
            market=market,
            kind=kind,
            legal_basis=DEFAULT_LEGAL_BASIS[kind],
            objective=recommendation.reason,
            target=recommendation.target,
            unit=recommendation.unit or "",
        )
        if kind == Kind.RESERVED_MARKET:  # the review proposes a reservation to the SIAE (article L2113-13)
            consideration.reserved_structures = list(StructureKind.siae())
        if kind == Kind.INSERTION_HOURS:
            consideration.calc_amount = market.amount
            consideration.calc_labour_share = facts.labour_share
            consideration.calc_hourly_cost = facts.hourly_cost
            consideration.calc_insertion_rate = facts.insertion_rate
        return consideration

    def clean(self):
        super().clean()
        errors = {}
        if self.lot_id and self.market_id and self.lot.market_id != self.market_id:
            errors["lot"] = "Ce lot n'appartient pas à ce marché."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fin ne peut pas précéder le début."
        if self.kind == Kind.RESERVED_MARKET:
            if self.legal_basis not in LegalBasis.reservations():
                errors["legal_basis"] = "Un marché réservé repose sur l'un des articles L2113-12 à L2113-15."
            elif refusals := rules.refusals(self.reservation_findings()):
                errors["reserved_structures"] = [str(finding) for finding in refusals]
        if errors:
            raise ValidationError(errors)

    # --- derived values -----------------------------------------------------------------------------------------

    @property
    def scope(self):
        return self.lot or self.market

    @property
    def reservation_bases(self) -> list[str]:
        """A reserved market's articles, in the order of the code; none for the other kinds."""
        if self.kind != Kind.RESERVED_MARKET:
            return []
        return reservations.in_code_order([self.legal_basis, *self.combined_bases])

    def set_reservation_bases(self, bases) -> None:
        """A reservation on these articles: the first in the order of the code becomes the legal basis."""
        main, *others = reservations.in_code_order(bases) or [self.legal_basis]
        self.legal_basis, self.combined_bases = main, others

    @property
    def legal_basis_labels(self) -> list[str]:
        if self.kind != Kind.RESERVED_MARKET:
            return [self.get_legal_basis_display()]
        return _labels(LegalBasis.choices, self.reservation_bases)

    def computed_hours(self) -> int | None:
        values = (self.calc_amount, self.calc_labour_share, self.calc_hourly_cost, self.calc_insertion_rate)
        if any(value is None for value in values):
            return None
        return insertion_hours(*values)

    @property
    def modality_labels(self):
        return _labels(Modality.choices, self.modalities)

    @property
    def action_labels(self):
        return _labels(SocialAction.choices, self.actions_offered)

    @property
    def structure_labels(self):
        return _labels(StructureKind.choices, self.reserved_structures)

    @property
    def axes(self) -> list[tuple[str, str]]:
        axes = []
        for line in self.progress_axes.splitlines():
            if line.strip():
                theme, _, objective = line.partition(":")
                axes.append((theme.strip(), objective.strip()))
        return axes

    def findings(
        self,
        *,
        has_insertion_hours: bool,
        market_hours: int | None,
        minimum_hours: int,
        category_count: int | None = None,
    ) -> list[rules.Finding]:
        """The sheet's rules applied to this consideration, given facts about its contract.

        market_hours: the contract's computed insertion hours (None when unknown); category_count avoids a
        query when the caller already knows it.
        """
        if category_count is None:
            category_count = len(self.eligible_categories.all())
        return [
            *rules.complement_rule(self.kind, has_insertion_hours, self.standalone_reason, market_hours, minimum_hours),
            *rules.penalty_rule(self.kind, self.penalty_per_unit),
            *rules.link_rule(self.kind, self.link_justification, self.actions_offered),
            *rules.eligible_publics_rule(self.kind, category_count),
            *self.reservation_findings(),
        ]

    def reservation_findings(self) -> list[rules.Finding]:
        """Articles L2113-12 to L2113-16 applied to a reserved market (none for the other kinds)."""
        if self.kind != Kind.RESERVED_MARKET:
            return []
        return reservations.reservation_rules(
            self.reservation_bases, self.reserved_structures, self.market.nature, self.market.duration_months
        )


# --- Market review and Climat et Résilience ----------------------------------------------------------------


class Dismissal(models.Model):
    """A recommendation of the market review the facilitator decided not to follow, with why."""

    territory = territory_copy()
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="dismissals", verbose_name="marché")
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    reason = models.TextField("motif")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="par")
    dismissed_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "recommandation écartée"
        verbose_name_plural = "recommandations écartées"
        constraints = [
            models.UniqueConstraint(
                fields=["market", "kind"],
                name="unique_dismissal",
                violation_error_message="Cette recommandation est déjà écartée.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} écartée : {self.reason}"


class ClimateExemption(models.Model):
    """The buyer's recorded reason for a contract above the EU thresholds without a social execution condition."""

    territory = territory_copy()
    market = models.OneToOneField(
        Market, on_delete=models.CASCADE, related_name="climate_exemption", verbose_name="marché"
    )
    reason = models.CharField("motif", max_length=20, choices=ExemptionReason.choices)
    details = models.TextField("précisions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="consigné par"
    )
    recorded_at = models.DateTimeField("consigné le", auto_now=True)

    class Meta:
        triggers = [copy_trigger("market_id", "markets_market")]
        verbose_name = "exemption Climat et Résilience"
        verbose_name_plural = "exemptions Climat et Résilience"

    def __str__(self):
        return self.get_reason_display()

    def clean(self):
        super().clean()
        if self.reason and self.market_id and self.reason not in exemption_grounds(self.market.contract_type):
            raise ValidationError(
                {"reason": f"Ce motif n'est pas prévu pour une concession (article {CONCESSION_ARTICLE})."}
            )

    @property
    def citation(self) -> str:
        """« L2112-2-1, 2° »: the paragraph of the article the reason rests on."""
        return exemption_grounds(self.market.contract_type).get(self.reason, "")
