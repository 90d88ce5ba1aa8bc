import calendar
from datetime import timedelta

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from stdnum.fr import siret as stdnum_siret

from accounts.permissions import scope_to_user

from .enums import (
    AccessKind,
    AgeBand,
    BuyerCategory,
    ExitOutcome,
    IdentifierType,
    OrganisationKind,
    PartnerKind,
    Sex,
    StructureKind,
)
from .text import fold


def validate_siret(value: str) -> None:
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            "« %(value)s » n'est pas un SIRET valide : 14 chiffres dont la clé de contrôle est juste.",
            params={"value": value},
            code="invalid_siret",
        )


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The partners directory (contacts included) is for facilitators and admins only. Organisations are shared
        by the territories: a buyer or a company working with several services is one record (one SIRET)."""
        return self if getattr(user, "can_edit", False) else self.none()

    def buyers(self):
        return self.filter(kind=OrganisationKind.BUYER)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        digits = text.replace(" ", "")
        condition = Q(search_name__contains=fold(text))
        if digits.isdigit():
            condition |= Q(siret__startswith=digits)
        return self.filter(condition)


class Organisation(models.Model):
    kind = models.CharField("type", max_length=20, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_siret],
        error_messages={"unique": "Une organisation avec ce SIRET existe déjà."},
    )
    identifier = models.CharField(
        "autre identifiant",
        max_length=50,
        blank=True,
        help_text="Pour une entreprise sans SIRET (étrangère, outre-mer) : son identifiant dans les DECP.",
    )
    identifier_type = models.CharField("type d'identifiant", max_length=10, choices=IdentifierType.choices, blank=True)
    buyer_category = models.CharField(
        "catégorie d'acheteur",
        max_length=30,
        choices=BuyerCategory.choices,
        blank=True,
        help_text="Pour un donneur d'ordre : décide du seuil européen applicable.",
    )
    structure_kind = models.CharField(
        "type de structure inclusive", max_length=20, choices=StructureKind.choices, blank=True
    )
    partner_kind = models.CharField("type de partenaire emploi", max_length=20, choices=PartnerKind.choices, blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=120, blank=True)
    notes = models.TextField("notes", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_name"], verbose_name="historique des organisations")

    class Meta:
        verbose_name = "organisation"
        ordering = ["search_name", "pk"]
        indexes = [models.Index(fields=["kind", "search_name"])]
        constraints = [
            models.CheckConstraint(name="buyer_has_category", condition=~Q(kind="buyer") | ~Q(buyer_category="")),
            models.CheckConstraint(
                name="inclusive_has_structure_kind", condition=~Q(kind="inclusive") | ~Q(structure_kind="")
            ),
            models.CheckConstraint(
                name="partner_has_partner_kind", condition=~Q(kind="employment_partner") | ~Q(partner_kind="")
            ),
            models.CheckConstraint(
                name="siret_is_14_digits", condition=Q(siret__isnull=True) | Q(siret__regex=r"^[0-9]{14}$")
            ),
            models.CheckConstraint(
                name="identifier_has_type",
                condition=Q(identifier="", identifier_type="") | (~Q(identifier="") & ~Q(identifier_type="")),
                violation_error_message="Un identifiant autre que le SIRET va avec son type.",
            ),
            models.UniqueConstraint(
                fields=["identifier_type", "identifier"],
                condition=~Q(identifier=""),
                name="unique_identifier_per_type",
                violation_error_message="Une organisation avec cet identifiant existe déjà.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.siret = (self.siret or "").replace(" ", "") or None
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.pk])

    @property
    def subkind_label(self) -> str:
        field = {
            OrganisationKind.BUYER: "buyer_category",
            OrganisationKind.INCLUSIVE: "structure_kind",
            OrganisationKind.EMPLOYMENT_PARTNER: "partner_kind",
        }.get(self.kind)
        return getattr(self, f"get_{field}_display")() if field else ""

    def clean(self):
        super().clean()
        required = {
            OrganisationKind.BUYER: ("buyer_category", "Choisissez la catégorie du donneur d'ordre."),
            OrganisationKind.INCLUSIVE: ("structure_kind", "Choisissez le type de structure inclusive."),
            OrganisationKind.EMPLOYMENT_PARTNER: ("partner_kind", "Choisissez le type de partenaire emploi."),
        }
        errors = {}
        if self.kind in required:
            field, message = required[self.kind]
            if not getattr(self, field):
                errors[field] = message
        for field in ("buyer_category", "structure_kind", "partner_kind"):
            if getattr(self, field) and required.get(self.kind, (None,))[0] != field:
                setattr(self, field, "")
        if errors:
            raise ValidationError(errors)


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name="organisation"
    )
    name = models.CharField("nom", max_length=150)
    role = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    class Meta:
        verbose_name = "contact"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


# --- Participants (follow-up of the insertion clauses; personal data: facilitators and admins only) ---


def age_band(birth_year: int, on) -> str:
    """The report's age band from the birth year only: the age reached during the year of `on`."""
    age = on.year - birth_year
    if age < 26:
        return AgeBand.UNDER_26
    return AgeBand.FROM_26_TO_49 if age < 50 else AgeBand.FROM_50


def months_before(on, months: int):
    """The same day `months` months before `on` (the last day of the month when that day does not exist)."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    return on.replace(year=year, month=month + 1, day=min(on.day, calendar.monthrange(year, month + 1)[1]))


# The personal fields a participant's anonymisation or erasure empties, in the participant and in its history.
PERSONAL_FIELDS = {"first_name": "", "last_name": "", "birth_year": None, "postcode": "", "notes": ""}


# --- Eligible publics: the versioned lists a clause and a participant choose from ------------------------------


class EligibleListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The national lists (the CCAG's) and those of the user's territories."""
        return self.filter(territory__isnull=True) | scope_to_user(self, user, buyer_field=None)


class EligibleList(models.Model):
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="eligible_lists",
        verbose_name="territoire",
        help_text="Vide : une liste nationale, offerte à tous les territoires.",
    )
    name = models.CharField("nom", max_length=150)
    source = models.CharField("source", max_length=150, help_text="Par exemple « CCAG 2021 §16.1 » ou un territoire.")
    valid_from = models.DateField("en vigueur depuis")
    active = models.BooleanField("active", default=True)

    objects = EligibleListQuerySet.as_manager()

    class Meta:
        db_table = "clauses_eligiblelist"  # the name it had in clauses
        verbose_name = "liste de publics éligibles"
        verbose_name_plural = "listes de publics éligibles"
        ordering = ["-active", "-valid_from", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name", "valid_from"],
                nulls_distinct=False,
                name="unique_eligible_list_version",
                violation_error_message="Cette version de la liste existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.source}, {self.valid_from:%d/%m/%Y})"


class EligibleCategoryQuerySet(models.QuerySet):
    def offered(self, territory_id):
        """The categories a participant of the territory may be given: those of the active national lists and of
        the territory's own (all active lists without a territory)."""
        categories = self.filter(eligible_list__active=True).order_by("eligible_list", "pk")
        if territory_id is None:
            return categories
        return categories.filter(Q(eligible_list__territory__isnull=True) | Q(eligible_list__territory=territory_id))


# The eligible publics whose mere mention tells a disability, a health condition or a judicial measure: never broken
# down for one company or one contract outside the territory's facilitators (partners.secrecy). New categories of
# these codes are marked at creation (the seeds); a facilitator marks others in the admin. The minimum benefits count
# too: their list names the AAH and invalidity pensions.
SENSITIVE_CATEGORY_CODES = frozenset(
    {"rqth", "ea-esat", "minima-sociaux", "aah", "handicap", "invalidite", "justice", "ppsmj", "sous-main-de-justice"}
    | {"sante", "addictions"}
)


class EligibleCategory(models.Model):
    eligible_list = models.ForeignKey(
        EligibleList, on_delete=models.CASCADE, related_name="categories", verbose_name="liste"
    )
    code = models.SlugField("code", max_length=40)
    label = models.CharField("libellé", max_length=200)
    description = models.TextField("description", blank=True)
    proof = models.CharField("justificatif attendu", max_length=250, blank=True)
    sensitive = models.BooleanField(
        "public sensible",
        default=False,
        help_text=(
            "Handicap, justice, santé : jamais détaillé pour une entreprise ou un marché hors des facilitateurs du "
            "territoire (secret statistique)."
        ),
    )

    objects = EligibleCategoryQuerySet.as_manager()

    class Meta:
        db_table = "clauses_eligiblecategory"  # the name it had in clauses
        verbose_name = "catégorie de public éligible"
        verbose_name_plural = "catégories de publics éligibles"
        ordering = ["eligible_list", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["eligible_list", "code"],
                name="unique_category_code",
                violation_error_message="Cette liste a déjà une catégorie de ce code.",
            )
        ]

    def __str__(self):
        return self.label


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Personal data: the participants of the user's territory, for its facilitators and admins only."""
        return scope_to_user(self, user, buyer_field=None) if getattr(user, "can_edit", False) else self.none()

    def past_retention(self, on, months: int):
        """Participants not anonymised yet who left the pathway at least `months` months before `on`, or, with no
        exit date, whose last activity is that old: the last month of hours (counted to its end), action, hiring,
        or the record's creation. Relations by their reverse names: partners imports nothing above it."""
        limit = months_before(on, months)
        idle = (
            self.filter(exit_date__isnull=True, created_at__date__lte=limit)
            .exclude(hours_lines__month__gte=limit.replace(day=1))
            .exclude(realised_actions__date__gt=limit)
            .exclude(hirings__hired_on__gt=limit)
        )
        return self.filter(anonymised_at__isnull=True).filter(Q(exit_date__lte=limit) | Q(pk__in=idle.values("pk")))

    def with_age_band(self, on):
        """Annotates `age_band` in the database, so counts by band are aggregates (same rule as age_band()).
        An anonymised participant has no birth year any more: the band kept at anonymisation counts."""
        return self.annotate(
            age_band=models.Case(
                models.When(birth_year__isnull=True, then=models.F("kept_age_band")),
                models.When(birth_year__gt=on.year - 26, then=models.Value(AgeBand.UNDER_26)),
                models.When(birth_year__gt=on.year - 50, then=models.Value(AgeBand.FROM_26_TO_49)),
                default=models.Value(AgeBand.FROM_50),
                output_field=models.CharField(),
            )
        )


class Participant(models.Model):
    """A person in an insertion pathway, followed by one territory. Only what the follow-up and its counts need is
    kept."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="participants", verbose_name="territoire"
    )
    reference = models.CharField(
        "code",
        max_length=12,
        validators=[RegexValidator(r"^[A-Z0-9-]{2,12}$", "De 2 à 12 majuscules, chiffres ou tirets : « P-0042 ».")],
        help_text="Code stable donné au participant : les relevés des entreprises l'utilisent, pas le nom.",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        "année de naissance",
        null=True,
        validators=[
            MinValueValidator(1930, "Année de naissance invalide."),
            MaxValueValidator(2015, "Année de naissance invalide."),
        ],
    )
    postcode = models.CharField(
        "code postal",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", "Un code postal compte 5 chiffres.")],
    )
    qpv_resident = models.BooleanField("habite un quartier prioritaire (QPV)", default=False)
    eligible_categories = models.ManyToManyField(
        EligibleCategory,
        blank=True,
        related_name="participants",
        verbose_name="publics éligibles",
    )  # a string reference: partners does not import clauses
    prescriber = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescribed_participants",
        verbose_name="prescripteur",
        limit_choices_to={"kind": OrganisationKind.EMPLOYMENT_PARTNER},
    )
    entry_date = models.DateField("entrée dans le parcours")
    exit_outcome = models.CharField("situation à la sortie", max_length=20, choices=ExitOutcome.choices, blank=True)
    exit_date = models.DateField("date de sortie", null=True, blank=True)
    notes = models.TextField("notes", blank=True, help_text="Rien de plus que ce que le suivi exige.")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    # RGPD: what anonymisation keeps of the birth year (the age band at that date), and when it happened.
    kept_age_band = models.CharField(
        "tranche d'âge conservée", max_length=10, choices=AgeBand.choices, blank=True, editable=False
    )
    anonymised_at = models.DateField("anonymisé le", null=True, blank=True, editable=False)

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="historique des participants")

    class Meta:
        verbose_name = "participant"
        ordering = ["last_name", "first_name", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="territory_is_kept", operation=pgtrigger.Update, condition=pgtrigger.AnyChange("territory")
            )
        ]
        indexes = [models.Index(fields=["sex", "birth_year"]), models.Index(fields=["exit_outcome"])]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "reference"],
                name="unique_participant_reference_per_territory",
                violation_error_message="Un participant du territoire porte déjà ce code.",
            ),
            models.CheckConstraint(
                name="participant_exit_after_entry",
                condition=Q(exit_date__isnull=True) | Q(exit_date__gte=models.F("entry_date")),
                violation_error_message="La sortie ne peut pas précéder l'entrée.",
            ),
            models.CheckConstraint(
                name="participant_birth_year_or_anonymised",
                condition=Q(birth_year__isnull=False) | Q(anonymised_at__isnull=False),
                violation_error_message="L'année de naissance est obligatoire.",
            ),
            models.CheckConstraint(
                name="participant_exit_outcome_with_date",
                condition=Q(exit_outcome="", exit_date__isnull=True)
                | (~Q(exit_outcome="") & Q(exit_date__isnull=False)),
                violation_error_message="Une sortie a une situation et une date.",
            ),
        ]

    def __str__(self):
        if self.anonymised_at:
            return f"Participant anonymisé ({self.reference})"
        return f"{self.first_name} {self.last_name} ({self.reference})"

    def get_absolute_url(self):
        if self.anonymised_at:  # nothing left to edit: the list finds the anonymous record by its code
            return f"{reverse('partners:participant_list')}?q={self.reference}"
        return reverse("partners:participant_update", args=[self.pk])

    @property
    def age_band_label(self) -> str:
        """The label of the band annotated by `with_age_band()`."""
        return AgeBand(self.age_band).label

    def clean(self):
        super().clean()
        self.reference = (self.reference or "").strip().upper()
        if self.reference.startswith("ANO-") and not self.anonymised_at:
            raise ValidationError({"reference": "Les codes « ANO-… » sont réservés aux participants anonymisés."})
        if bool(self.exit_outcome) != bool(self.exit_date):
            raise ValidationError(
                {"exit_date" if self.exit_outcome else "exit_outcome": "Une sortie a une situation et une date."}
            )
        if self.exit_date and self.entry_date and self.exit_date < self.entry_date:
            raise ValidationError({"exit_date": "La sortie ne peut pas précéder l'entrée."})

    def anonymise(self, on, reason: str = "anonymisation : durée de conservation atteinte") -> None:
        """Removes the names, birth year, postcode and notes, here and in every historical row of the participant,
        and the name wherever it was copied as text: the admin log, the rows pointing here (partners.erasure).

        What the counts need stays: sex, the age band at `on` (kept_age_band), eligible publics, prescriber, QPV,
        dates and outcome, and the hours and actions. The code becomes ANO-<id>: the companies' statements, which
        know the person by their code, no longer point to this record."""
        from .erasure import scrub_name  # the admin log and the rows pointing here (partners.erasure)

        names = (self.first_name, self.last_name)
        if self.birth_year is not None:
            self.kept_age_band = age_band(self.birth_year, on)
        for field, value in PERSONAL_FIELDS.items():
            setattr(self, field, value)
        self.reference, self.anonymised_at = f"ANO-{self.pk}", on
        self._change_reason = reason
        self.save()
        self.history.update(reference=self.reference, **PERSONAL_FIELDS)
        scrub_name(self, *names)

    @classmethod
    def next_reference(cls, territory_id: int) -> str:
        """The next free code of the territory: P-0001, P-0002…"""
        participants = cls.objects.filter(territory_id=territory_id)
        number = participants.count() + 1
        while participants.filter(reference=f"P-{number:04d}").exists():
            number += 1
        return f"P-{number:04d}"


# --- Accountability: who viewed or exported which participant data ----------------------------------------------


class AccessRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The access log of the user's territory, for its admins only."""
        if not (user.is_authenticated and user.role == "admin"):  # accounts.models.Role.ADMIN
            return self.none()
        return scope_to_user(self, user, buyer_field=None)

    def expired(self, now, days: int):
        return self.filter(at__lt=now - timedelta(days=days))


class AccessRecord(models.Model):
    """One view, export or right-of-access download of participants' data (partners.access_log.record_access):
    the participant when it is one, otherwise how many a list or an export named. Kept
    LEVIER_ACCESS_LOG_RETENTION_DAYS days (purge_access_log)."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="territoire"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="utilisateur"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="participant"
    )
    count = models.PositiveIntegerField("participants concernés", default=1)
    kind = models.CharField("nature", max_length=20, choices=AccessKind.choices)
    what = models.CharField("données", max_length=200)
    path = models.CharField("adresse", max_length=500)
    at = models.DateTimeField("le", default=timezone.now)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "accès aux données des participants"
        verbose_name_plural = "accès aux données des participants"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["territory", "-at"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.what}"
