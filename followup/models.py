"""The follow-up of the considerations after the award: insertion hours, actions, progress plans, penalty
decisions, and the summaries the dashboards read. Rules: followup.progress (pure); statement import:
followup.hours_import; pages: followup.views.

These models lived in ``clauses`` until the follow-up got its own app: their tables keep the names they had
(``db_table``, migration followup 0001).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from clauses.enums import Kind, Modality, SocialAction, Unit
from clauses.models import NOT_NEGATIVE, Consideration, ModalityConversion
from markets.models import Contractor, Lot, Market
from partners.models import Organisation
from territories.copies import copy_trigger, territory_copy

from . import penalties, summary_triggers
from .eligibility import hiring_in_force, judge
from .enums import (
    MODALITY_OF_DETAIL,
    Eligibility,
    Evaluation,
    HoursStatus,
    ModalityDetail,
    PenaltyChoice,
    PenaltyStep,
    ProgressStatus,
    ProofKind,
)
from .progress import consideration_progress, evaluation_due_year

FIGURES = [
    "realised_hours",
    "declared_hours",
    "ineligible_hours",
    "participant_count",
    "action_count",
    "people_reached",
    "women_reached",
]


def with_realised(queryset):
    """Annotates each consideration with its realised figures, read from its RealisedFigures (kept current on
    every write by followup.summaries): one join, no aggregate over the hour lines.

    realised_units is what the target is measured against: validated hours of eligible participants (hours),
    actions done (actions), people reached (people), distinct participants with validated hours (positions)."""
    return queryset.annotate(
        **{
            name: Coalesce(
                F(f"realised_figures__{name}"),
                Value(Decimal(0)),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
            for name in FIGURES
        }
    ).annotate(
        realised_units=models.Case(
            models.When(unit=Unit.HOURS, then=F("realised_hours")),
            models.When(unit=Unit.ACTIONS, then=F("action_count")),
            models.When(unit=Unit.PEOPLE, then=F("people_reached")),
            models.When(unit=Unit.POSITIONS, then=F("participant_count")),
            default=None,
            output_field=models.DecimalField(max_digits=14, decimal_places=2),
        ),
        # a company to carry it out: on the consideration's lot, or on any lot of its contract
        has_contractor=Case(
            When(lot__isnull=True, then=Exists(Contractor.objects.filter(lot__market=OuterRef("market_id")))),
            default=Exists(Contractor.objects.filter(lot=OuterRef("lot_id"))),
            output_field=models.BooleanField(),
        ),
    )


def progress_rows(market, on) -> list[tuple]:
    """(consideration, progress on that day) for each consideration of the contract, as the follow-up page and the
    contract page show them, with its penalty procedure (``procedure``, or None): one query whatever their number."""
    considerations = list(
        with_realised(Consideration.objects.filter(market=market)).select_related("lot", "penalty_decision")
    )
    for consideration in considerations:
        consideration.market = market
        consideration.procedure = getattr(consideration, "penalty_decision", None)  # its penalty procedure, if any
    return [(consideration, consideration_progress(consideration, on)) for consideration in considerations]


def _author(verbose_name: str) -> models.ForeignKey:
    """Who recorded something: a step of a penalty procedure, the check of a hiring."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Hiring(models.Model):
    """A participant hired by a company, as the facilitator checked it: the date, the eligible publics retained at
    that date, the proof seen (kind, date) and who checked. The company's hours lines of the months from that date
    are judged by it (followup.eligibility), whatever the person's publics become."""

    followup_data = "embauche(s)"  # partners.deletion: a deletion that would lose it is refused

    territory = territory_copy()  # the participant's
    participant = models.ForeignKey(
        "partners.Participant", on_delete=models.CASCADE, related_name="hirings", verbose_name="participant"
    )
    company = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="entreprise qui embauche"
    )
    hired_on = models.DateField("embauché le")
    categories = models.ManyToManyField(
        "partners.EligibleCategory",
        blank=True,
        related_name="+",
        verbose_name="publics éligibles retenus à l'embauche",
        help_text="Ceux que la pièce justifie à cette date ; aucun : les heures de cette embauche ne comptent pas.",
    )
    proof_kind = models.CharField("pièce justificative vue", max_length=20, choices=ProofKind.choices)
    proof_date = models.DateField(
        "date de la pièce", null=True, blank=True, help_text="Obligatoire, sauf pour les embauches reprises."
    )
    checked_by = _author("vérifiée par")
    checked_at = models.DateTimeField("vérifiée le", default=timezone.now)

    history = HistoricalRecords(
        excluded_fields=["territory"], m2m_fields=[categories], verbose_name="historique des embauches"
    )

    class Meta:
        verbose_name = "embauche"
        ordering = ["participant", "company", "-hired_on", "-pk"]
        triggers = [copy_trigger("participant_id", "partners_participant")]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "company", "hired_on"],
                name="unique_hiring",
                violation_error_message="Cette embauche est déjà enregistrée.",
            ),
            models.CheckConstraint(
                name="hiring_proof_dated",
                condition=Q(proof_kind=ProofKind.MIGRATED) | Q(proof_date__isnull=False),
                violation_error_message="La pièce justificative est datée.",
            ),
        ]

    def __str__(self):
        return f"embauche du {self.hired_on:%d/%m/%Y} par {self.company}"

    def clean(self):
        super().clean()
        if self.proof_kind != ProofKind.MIGRATED and self.proof_date is None:
            raise ValidationError({"proof_date": "La pièce justificative est datée."})
        if self.proof_date and self.hired_on and self.proof_date > self.hired_on:
            raise ValidationError({"proof_date": "La pièce doit avoir été vue au plus tard le jour de l'embauche."})

    def lines(self):
        """The hours lines it may judge: the participant's, at the company."""
        return RealisedHours.objects.filter(participant=self.participant_id, contractor__organisation=self.company_id)

    def rejudge_lines(self, user) -> int:
        """Judges again the participant's lines at the company (after this hiring was recorded or changed) and
        saves those whose judgement changed, each with a history version. Returns how many changed."""
        lines = list(self.lines().select_related("contractor"))
        rules = HoursRules.load_for(lines)
        changed = [line for line in lines if rules.apply(line, line.contractor.organisation_id)]
        bulk_update_with_history(changed, RealisedHours, ["hiring", "eligible"], default_user=user)
        return len(changed)


@dataclass
class HoursRules:
    """What decides how hours lines count: the conversion rates, each clause's eligible publics and the hirings of
    the lines' participants (by participant and company, with their retained publics)."""

    rates: dict[str, Decimal]
    clause_categories: dict[int, set[int]]
    hirings: dict[tuple[int, int], list[Hiring]]

    @classmethod
    def load(cls, consideration, participants=()) -> "HoursRules":
        """The rules of one clause, with the hirings of ``participants`` (ids)."""
        return cls._load([consideration.pk], Hiring.objects.filter(participant__in=list(participants)))

    @classmethod
    def load_for(cls, lines) -> "HoursRules":
        """The rules of the lines' clauses and the hirings of their participants (three queries)."""
        return cls._load(
            {line.consideration_id for line in lines},
            Hiring.objects.filter(participant__in={line.participant_id for line in lines}),
        )

    @classmethod
    def _load(cls, considerations, hirings) -> "HoursRules":
        rates = dict(ModalityConversion.objects.values_list("modality", "hours_per_hour"))
        clause_categories = {pk: set() for pk in considerations}
        links = Consideration.eligible_categories.through.objects.filter(consideration__in=list(considerations))
        for consideration_id, category_id in links.values_list("consideration_id", "eligiblecategory_id"):
            clause_categories[consideration_id].add(category_id)
        by_person: dict[tuple[int, int], list[Hiring]] = {}
        for hiring in hirings.prefetch_related("categories"):
            hiring.category_ids = {category.pk for category in hiring.categories.all()}
            by_person.setdefault((hiring.participant_id, hiring.company_id), []).append(hiring)
        return cls(rates, clause_categories, by_person)

    def apply(self, line: "RealisedHours", company_id: int) -> bool:
        """Sets the line's conversion rate (1:1 without a rule), the hiring in force in its month and whether it
        counts (followup.eligibility); returns whether its hiring or judgement changed."""
        line.conversion_rate = self.rates.get(MODALITY_OF_DETAIL[line.modality_detail], Decimal(1))
        before = (line.hiring_id, line.eligible)
        hiring = hiring_in_force(self.hirings.get((line.participant_id, company_id), []), line.month)
        judgement = judge(hiring and hiring.category_ids, self.clause_categories.get(line.consideration_id, set()))
        line.hiring, line.eligible = hiring, judgement == Eligibility.ELIGIBLE
        return before != (line.hiring_id, line.eligible)


class RealisedHoursQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(consideration__market__in=Market.objects.visible_to(user))

    def counted(self):
        """Lines that count: their participant matches one of the clause's eligible publics."""
        return self.filter(eligible=True)

    def validated(self):
        return self.filter(status=HoursStatus.VALIDATED)

    def declared(self):
        return self.filter(status=HoursStatus.DECLARED)

    def kept(self):
        """Lines not rejected: what the company worked, as far as the facilitator knows."""
        return self.exclude(status=HoursStatus.REJECTED)

    def by_modality(self):
        """Hours worked and counted (eligible lines) per modality, rejected lines apart: one row per modality."""
        return (
            self.kept()
            .order_by()
            .values("modality")
            .annotate(worked=Sum("hours_worked"), counted=Sum("counted_hours", filter=Q(eligible=True)))
            .order_by("modality")
        )

    def to_check(self):
        """Lines with no hiring recorded by their month: their eligibility is to check, they do not count."""
        return self.kept().filter(hiring__isnull=True)

    def month_totals(self) -> dict[tuple[int, date], Decimal]:
        """Hours worked per (participant, month) on every contract, rejected lines apart (followup.plausibility)."""
        rows = self.kept().order_by().values_list("participant", "month").annotate(total=Sum("hours_worked"))
        return {(participant, month): total for participant, month, total in rows}

    @transaction.atomic
    def reject(self, user, reason: str) -> int:
        """Rejects the declared lines with the reason (kept on each line and in its history). Returns how many."""
        lines = list(self.declared().select_for_update())  # locked, as validate()
        for line in lines:
            line.status, line.rejection_reason = HoursStatus.REJECTED, reason
        bulk_update_with_history(
            lines, RealisedHours, ["status", "rejection_reason"], default_user=user, default_change_reason=reason
        )
        return len(lines)

    @transaction.atomic
    def validate(self, user) -> int:
        """Validates the declared lines, each judged by the hiring in force in its month (the judgement made when
        the person was hired, not the person's publics today). Returns how many lines were validated."""
        # the rows are locked: a second validation at the same moment waits, then finds them validated
        lines = list(self.declared().select_for_update(of=("self",)).select_related("contractor"))
        rules = HoursRules.load_for(lines)
        now = timezone.now()
        for line in lines:
            rules.apply(line, line.contractor.organisation_id)
            line.status, line.validated_by, line.validated_at = HoursStatus.VALIDATED, user, now
        bulk_update_with_history(
            lines,
            RealisedHours,
            ["conversion_rate", "hiring", "eligible", "status", "validated_by", "validated_at"],
            default_user=user,
        )
        return len(lines)


class RealisedHours(models.Model):
    """One month of insertion hours of one participant for one contractor of a lot, as declared then validated."""

    followup_data = "ligne(s) d'heures"  # partners.deletion: a deletion that would lose it is refused

    consideration = models.ForeignKey(
        Consideration,
        on_delete=models.CASCADE,
        related_name="hours_lines",
        verbose_name="considération",
        limit_choices_to={"kind": Kind.INSERTION_HOURS},
    )
    contractor = models.ForeignKey(
        "markets.Contractor", on_delete=models.PROTECT, related_name="hours_lines", verbose_name="entreprise du lot"
    )
    participant = models.ForeignKey(
        "partners.Participant", on_delete=models.PROTECT, related_name="hours_lines", verbose_name="participant"
    )
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    hours_worked = models.DecimalField("heures travaillées", max_digits=7, decimal_places=2, validators=NOT_NEGATIVE)
    modality_detail = models.CharField("modalité", max_length=30, choices=ModalityDetail.choices)
    modality = models.GeneratedField(
        verbose_name="famille de modalité",
        choices=Modality.choices,
        db_persist=True,
        expression=Case(
            *[When(modality_detail=detail, then=Value(modality)) for detail, modality in MODALITY_OF_DETAIL.items()]
        ),
        output_field=models.CharField(max_length=30, choices=Modality.choices),
    )
    conversion_rate = models.DecimalField(
        "heures comptées par heure travaillée", max_digits=5, decimal_places=2, default=Decimal(1), editable=False
    )
    counted_hours = models.GeneratedField(
        verbose_name="heures comptées",
        db_persist=True,
        expression=F("hours_worked") * F("conversion_rate"),
        output_field=models.DecimalField(max_digits=9, decimal_places=2),
    )
    hiring = models.ForeignKey(
        Hiring,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="hours_lines",
        verbose_name="embauche",
        help_text="L'embauche en vigueur ce mois-là, qui juge l'éligibilité ; aucune : éligibilité à vérifier.",
    )
    eligible = models.BooleanField(
        "participant éligible",
        default=False,
        editable=False,
        help_text="Faux : l'embauche n'a retenu aucun public de la clause, ou reste à vérifier ; les heures ne "
        "comptent pas.",
    )
    status = models.CharField("statut", max_length=10, choices=HoursStatus.choices, default=HoursStatus.DECLARED)
    declared_at = models.DateTimeField("déclarée le", auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validée par",
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    rejection_reason = models.CharField("motif du rejet", max_length=100, blank=True, default="", db_default="")

    objects = RealisedHoursQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="historique des heures réalisées",
        table_name="clauses_historicalrealisedhours",
    )

    class Meta:
        db_table = "clauses_realisedhours"  # the name it had in clauses
        verbose_name = "heures d'insertion réalisées"
        verbose_name_plural = "heures d'insertion réalisées"
        ordering = ["-month", "contractor", "participant", "pk"]
        indexes = [
            models.Index(fields=["consideration", "status", "eligible"]),
            models.Index(fields=["consideration", "month"]),
            models.Index(fields=["modality"]),
            models.Index(fields=["consideration"], condition=Q(hiring__isnull=True), name="hours_to_check_idx"),
            models.Index(fields=["hiring"], name="hours_hiring_idx"),
        ]
        triggers = summary_triggers.hour_line_triggers()
        constraints = [
            models.UniqueConstraint(
                fields=["contractor", "participant", "month", "modality_detail"],
                name="unique_hours_line",
                violation_error_message="Ces heures sont déjà déclarées pour ce mois.",
            ),
            models.CheckConstraint(
                name="hours_not_negative",
                condition=Q(hours_worked__gte=0) & Q(counted_hours__gte=0),
                violation_error_message="Les heures ne peuvent pas être négatives.",
            ),
            models.CheckConstraint(
                name="hours_month_first_day",
                condition=Q(month__day=1),
                violation_error_message="Le mois se note par son premier jour.",
            ),
            models.CheckConstraint(
                name="hours_eligible_by_a_hiring",
                condition=Q(eligible=False) | Q(hiring__isnull=False),
                violation_error_message="Des heures ne comptent que par une embauche vérifiée.",
            ),
            models.CheckConstraint(
                name="hours_rejected_with_a_reason",
                condition=~Q(status=HoursStatus.REJECTED) | ~Q(rejection_reason=""),
                violation_error_message="Un rejet est motivé.",
            ),
            models.CheckConstraint(
                name="hours_validated_by_someone",
                condition=~Q(status=HoursStatus.VALIDATED) | Q(validated_at__isnull=False),
                violation_error_message="Une ligne validée indique quand.",
            ),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} · {self.hours_worked} h"

    @transaction.atomic
    def unvalidate(self, user, reason: str) -> None:
        """Back to declared, to be corrected then validated again: the validated version stays in the history,
        with who un-validated it and why."""
        if self.status != HoursStatus.VALIDATED:
            raise ValidationError("Seule une ligne validée peut être dévalidée.")
        self.status, self.validated_by, self.validated_at = HoursStatus.DECLARED, None, None
        self._change_reason = reason
        self.save()

    @property
    def eligibility(self) -> Eligibility:
        if self.eligible:
            return Eligibility.ELIGIBLE
        return Eligibility.INELIGIBLE if self.hiring_id else Eligibility.TO_CHECK


class RealisedAction(models.Model):
    """An action carried out under a consideration (site visit, internship, training…)."""

    followup_data = "action(s) réalisée(s)"  # partners.deletion: a deletion that would lose it is refused

    territory = territory_copy()
    consideration = models.ForeignKey(
        Consideration, on_delete=models.CASCADE, related_name="realised_actions", verbose_name="considération"
    )
    date = models.DateField("date")
    action_type = models.CharField("type d'action", max_length=20, choices=SocialAction.choices)
    lot = models.ForeignKey(Lot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="lot")
    contractor = models.ForeignKey(
        "markets.Contractor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="realised_actions",
        verbose_name="entreprise",
    )
    people_reached = models.PositiveIntegerField("personnes touchées")
    women_reached = models.PositiveIntegerField("dont femmes", default=0)
    participants = models.ManyToManyField(
        "partners.Participant",
        blank=True,
        related_name="realised_actions",
        verbose_name="participants, s'ils sont connus",
    )
    description = models.TextField("description", blank=True)
    proof = models.CharField(
        "justificatif",
        max_length=250,
        blank=True,
        help_text="La pièce qui l'atteste, par exemple « feuille d'émargement du 12/03 ».",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="saisie par"
    )
    created_at = models.DateTimeField("saisie le", auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=["territory"],
        verbose_name="historique des actions réalisées",
        table_name="clauses_historicalrealisedaction",
    )

    class Meta:
        db_table = "clauses_realisedaction"  # the name it had in clauses
        verbose_name = "action réalisée"
        verbose_name_plural = "actions réalisées"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["consideration", "date"]), models.Index(fields=["action_type"])]
        triggers = [copy_trigger("consideration_id", "clauses_consideration"), *summary_triggers.action_triggers()]
        constraints = [
            models.CheckConstraint(
                name="action_women_within_people",
                condition=Q(women_reached__lte=models.F("people_reached")),
                violation_error_message="Il ne peut pas y avoir plus de femmes que de personnes.",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_type_display()} du {self.date:%d/%m/%Y}"

    def clean(self):
        super().clean()
        if (
            self.women_reached is not None
            and self.people_reached is not None
            and self.women_reached > self.people_reached
        ):
            raise ValidationError({"women_reached": "Il ne peut pas y avoir plus de femmes que de personnes."})


class ProgressPlanEntryQuerySet(models.QuerySet):
    def evaluation_due(self, today):
        """Entries of a year whose evaluation is due (from the 1st of December) and not recorded yet."""
        return self.filter(evaluation="", year__lte=evaluation_due_year(today))


class ProgressPlanEntry(models.Model):
    """One axis of one year of a progress plan: the actions planned, the indicators, then the evaluation."""

    territory = territory_copy()
    consideration = models.ForeignKey(
        Consideration,
        on_delete=models.CASCADE,
        related_name="plan_entries",
        verbose_name="considération",
        limit_choices_to={"kind": Kind.PROGRESS_PLAN},
    )
    year = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000, "Année invalide.")])
    axis = models.CharField("axe", max_length=150)
    planned_actions = models.TextField("actions prévues")
    indicators = models.TextField("indicateurs", blank=True)
    evaluation = models.CharField("évaluation", max_length=20, choices=Evaluation.choices, blank=True)
    evaluation_comment = models.TextField("commentaire d'évaluation", blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="évaluée par",
    )
    evaluated_at = models.DateTimeField("évaluée le", null=True, blank=True)

    objects = ProgressPlanEntryQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["territory"],
        verbose_name="historique des axes des plans de progrès",
        table_name="clauses_historicalprogressplanentry",
    )

    class Meta:
        triggers = [copy_trigger("consideration_id", "clauses_consideration")]
        db_table = "clauses_progressplanentry"  # the name it had in clauses
        verbose_name = "axe annuel du plan de progrès"
        verbose_name_plural = "axes annuels des plans de progrès"
        ordering = ["consideration", "year", "axis"]
        indexes = [models.Index(fields=["evaluation", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["consideration", "year", "axis"],
                name="unique_plan_axis_year",
                violation_error_message="Cet axe est déjà prévu pour cette année.",
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.axis}"


# --- Penalties: the CCAG 2021 procedure (rules and cap: followup.penalties) -------------------------------------


def _both_or_neither(first: Q, second: Q) -> Q:
    return (first & second) | (~first & ~second)


def _penalty_constraints() -> list[models.CheckConstraint]:
    """followup.penalties.order_errors, in the database (written so that no NULL lets a row through)."""
    decided, answered, notified = ~Q(decision=""), Q(answer_date__isnull=False), Q(notice_date__isnull=False)
    apply = Q(decision=PenaltyChoice.APPLY)
    rules = [
        ("penalty_notice_dated", _both_or_neither(notified, Q(answer_deadline__isnull=False)), penalties.NOTICE_DATED),
        (
            "penalty_deadline_after_notice",
            Q(notice_date__isnull=True) | Q(answer_deadline__gt=F("notice_date")),
            penalties.DEADLINE_AFTER_NOTICE,
        ),
        (
            "penalty_answer_after_notice",
            ~answered | (notified & Q(answer_date__gte=F("notice_date"))),
            penalties.ANSWER_AFTER_NOTICE,
        ),
        (
            "penalty_answer_has_text",
            Q(answer_date__isnull=True, no_answer=False, answer="")
            | (answered & Q(no_answer=True, answer=""))
            | (answered & Q(no_answer=False) & ~Q(answer="")),
            penalties.ANSWER_HAS_TEXT,
        ),
        (
            "penalty_no_answer_after_deadline",
            Q(no_answer=False) | (answered & Q(answer_date__gt=F("answer_deadline"))),
            penalties.NO_ANSWER_AFTER_DEADLINE,
        ),
        (
            "penalty_decision_after_notice",
            ~decided | notified | Q(notice_not_recorded=True),
            penalties.DECISION_AFTER_NOTICE,
        ),
        (
            "penalty_decision_after_answer",
            ~decided | Q(notice_not_recorded=True) | (answered & Q(decided_on__gte=F("answer_date"))),
            penalties.DECISION_AFTER_ANSWER,
        ),
        ("penalty_decision_dated", _both_or_neither(decided, Q(decided_on__isnull=False)), penalties.DECISION_DATED),
        ("penalty_applied_has_amount", _both_or_neither(apply, Q(amount__isnull=False)), penalties.APPLIED_HAS_AMOUNT),
        (
            "penalty_amount_within_computed",
            Q(amount__isnull=True) | Q(amount__gte=0, amount__lte=F("computed_amount")),
            penalties.AMOUNT_WITHIN_COMPUTED,
        ),
        (
            "penalty_lowered_has_reason",
            ~apply | Q(amount=F("computed_amount")) | ~Q(reason=""),
            penalties.LOWERED_HAS_REASON,
        ),
        (
            "penalty_waiver_has_reason",
            ~Q(decision=PenaltyChoice.WAIVE) | ~Q(reason=""),
            penalties.WAIVER_HAS_REASON,
        ),
    ]
    return [
        models.CheckConstraint(name=name, condition=condition, violation_error_message=message)
        for name, condition, message in rules
    ]


class PenaltyDecision(models.Model):
    """The penalty procedure on a consideration's shortfall at its end, as the CCAG 2021 frame it
    (followup.penalties): the shortfall and its penalty as notified, the formal notice (date, deadline), the
    contractor's answer or its absence, then the decision (apply, with the amount, or waive, with a reason). One row
    per consideration, a step's fields filled in turn, each with its date and author; every step is a version in
    the history."""

    followup_data = "procédure(s) de pénalité"  # partners.deletion: a deletion that would lose it is refused

    territory = territory_copy()
    consideration = models.OneToOneField(
        Consideration, on_delete=models.CASCADE, related_name="penalty_decision", verbose_name="considération"
    )
    # 1. the shortfall, as computed when the notice was sent
    missing_units = models.DecimalField("unités manquantes", max_digits=12, decimal_places=2)
    computed_amount = models.DecimalField("pénalité calculée (€)", max_digits=14, decimal_places=2)
    # 2. the formal notice
    notice_date = models.DateField("mise en demeure envoyée le", null=True, blank=True)
    answer_deadline = models.DateField("réponse attendue au plus tard le", null=True, blank=True)
    notified_by = _author("mise en demeure enregistrée par")
    notice_not_recorded = models.BooleanField(
        "mise en demeure non enregistrée",
        default=False,
        editable=False,
        help_text="Décision enregistrée avant que Levier ne suive la procédure : sa mise en demeure et la réponse de "
        "l'entreprise n'ont pas été saisies.",
    )
    # 3. the contractor's answer, or its absence once the deadline has passed
    answer_date = models.DateField(
        "réponse reçue le", null=True, blank=True, help_text="Sans réponse : le jour où son absence a été constatée."
    )
    answer = models.TextField("réponse de l'entreprise", blank=True)
    no_answer = models.BooleanField("pas de réponse dans le délai", default=False)
    answer_recorded_by = _author("réponse enregistrée par")
    # 4. the decision
    decision = models.CharField("décision", max_length=20, choices=PenaltyChoice.choices, blank=True)
    amount = models.DecimalField(
        "pénalité appliquée (€)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Par défaut la pénalité calculée ; un montant inférieur est motivé.",
    )
    reason = models.TextField("motif", blank=True)
    decided_on = models.DateField("décidée le", null=True, blank=True)
    decided_by = _author("décidée par")

    history = HistoricalRecords(
        excluded_fields=["territory"],
        verbose_name="historique des procédures de pénalité",
        table_name="clauses_historicalpenaltydecision",
    )

    class Meta:
        triggers = [copy_trigger("consideration_id", "clauses_consideration")]
        db_table = "clauses_penaltydecision"  # the name it had in clauses
        verbose_name = "procédure de pénalité"
        verbose_name_plural = "procédures de pénalité"
        constraints = _penalty_constraints()

    def __str__(self):
        return f"{self.get_step_display()} : {self.computed_amount} €"

    @property
    def step(self) -> PenaltyStep | None:
        if self.decision:
            return PenaltyStep.DECIDED
        if self.answer_date is not None:
            return PenaltyStep.NO_ANSWER if self.no_answer else PenaltyStep.ANSWERED
        return PenaltyStep.NOTIFIED if self.notice_date is not None else None

    def get_step_display(self) -> str:
        return self.step.label if self.step else "défaut constaté"

    @property
    def counted_amount(self) -> Decimal:
        """What it weighs against the contract's cap (followup.penalties.counted_amount)."""
        return penalties.counted_amount(self.decision, self.amount, self.computed_amount, self.notice_date is not None)

    @classmethod
    def of(cls, consideration) -> "PenaltyDecision":
        """The procedure of the consideration, or a new one to open."""
        return cls.objects.filter(consideration=consideration).first() or cls(consideration=consideration)

    def open(self, progress) -> None:
        """Records the shortfall ``progress`` reports (its missing units and penalty) as the notice states it;
        refused when the target is not in shortfall at its end or the contract sets no penalty per unit."""
        if progress.status != ProgressStatus.SHORTFALL:
            raise ValidationError("Pas de pénalité à notifier : l'objectif n'est pas en défaut à l'échéance.")
        if progress.penalty is None:
            raise ValidationError("Pas de pénalité à notifier : le marché ne prévoit pas de pénalité par unité.")
        self.missing_units, self.computed_amount = progress.missing, progress.penalty


def contract_penalty_cap(market, procedures, replacing=None, amount=None) -> penalties.PenaltyCap:
    """The penalties applied and proposed on ``market`` (``procedures``: its considerations' PenaltyDecisions,
    already loaded) against the cap it states (followup.penalties.penalty_cap): the one figure the follow-up page,
    the contract page, its PDF report and each step of the procedure show."""
    return penalties.penalty_cap(procedures, market.amount, market.penalty_cap_rate, replacing, amount)


def penalty_procedures(rows) -> list[PenaltyDecision]:
    """The procedures of progress_rows' considerations, loaded with them."""
    return [consideration.procedure for consideration, _ in rows if consideration.procedure]


# --- Summaries of the follow-up (followup.summaries keeps them current) ------------------------------------------
# The dashboards read these instead of re-aggregating the hour lines (a million at the volume of scale 1, which
# indexes cannot make fast enough): every write of hour lines or actions refreshes its considerations' rows in
# the same transaction; `manage.py rebuild_summaries` recomputes them all.


class SummaryRow(models.Model):
    """What every summary row is about: a consideration, its contract and the contract's territory (copied to
    filter without a join) and the contractor company."""

    derived = True  # partners.deletion: kept by triggers, it follows a deletion

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="territoire"
    )
    consideration = models.ForeignKey(
        Consideration, on_delete=models.CASCADE, related_name="+", verbose_name="considération"
    )
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="+", verbose_name="marché")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name="entreprise"
    )

    class Meta:
        abstract = True


class HoursSummary(SummaryRow):
    """The hours of one consideration for one contractor company and one year (the year of the months)."""

    year = models.PositiveSmallIntegerField("année")
    validated = models.DecimalField("heures comptées validées", max_digits=14, decimal_places=2)
    declared = models.DecimalField("heures comptées à valider", max_digits=14, decimal_places=2)
    ineligible_worked = models.DecimalField("heures travaillées non éligibles", max_digits=14, decimal_places=2)

    class Meta:
        db_table = "clauses_hourssummary"  # the name it had in clauses
        verbose_name = "synthèse des heures"
        verbose_name_plural = "synthèses des heures"
        indexes = [
            models.Index(fields=["market", "year"]),
            models.Index(fields=["organisation", "market"]),
            models.Index(fields=["territory", "year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["consideration", "organisation", "year"],
                name="unique_hours_summary",
                violation_error_message="Cette synthèse existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.validated} h"


class CountedParticipation(SummaryRow):
    """A participant with counted hours (validated, eligible) on a consideration, for a company, in a year."""

    participant = models.ForeignKey(
        "partners.Participant", on_delete=models.CASCADE, related_name="+", verbose_name="participant"
    )
    year = models.PositiveSmallIntegerField("année")

    class Meta:
        db_table = "clauses_countedparticipation"  # the name it had in clauses
        verbose_name = "participation comptée"
        verbose_name_plural = "participations comptées"
        indexes = [
            models.Index(fields=["market", "participant"]),
            models.Index(fields=["organisation", "market"]),
            models.Index(fields=["territory", "participant"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["consideration", "organisation", "participant", "year"],
                name="unique_counted_participation",
                violation_error_message="Cette participation existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.year} · participant {self.participant_id}"


class CountedParticipant(models.Model):
    """A participant with counted hours on at least one contract. The territory's dashboard counts them without
    de-duplicating every CountedParticipation row (145,000 at scale 1, ~40 ms a figure)."""

    derived = True  # partners.deletion: kept by triggers, it follows a deletion

    participant = models.OneToOneField(
        "partners.Participant", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name="participant"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="territoire"
    )  # the participant's, copied

    class Meta:
        db_table = "clauses_countedparticipant"  # the name it had in clauses
        verbose_name = "participant compté"
        verbose_name_plural = "participants comptés"

    def __str__(self):
        return f"participant {self.participant_id}"


class RealisedFigures(models.Model):
    """A consideration's realised figures (what `with_realised()` annotates), so that they filter in SQL."""

    derived = True  # partners.deletion: kept by triggers, it follows a deletion

    territory = territory_copy()  # the consideration's, written by the summaries' SQL with the rest
    consideration = models.OneToOneField(
        Consideration,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="realised_figures",
        verbose_name="considération",
    )
    realised_hours = models.DecimalField("heures comptées validées", max_digits=14, decimal_places=2)
    declared_hours = models.DecimalField("heures comptées à valider", max_digits=14, decimal_places=2)
    ineligible_hours = models.DecimalField("heures non éligibles", max_digits=14, decimal_places=2)
    participant_count = models.PositiveIntegerField("participants comptés")
    action_count = models.PositiveIntegerField("actions")
    people_reached = models.PositiveIntegerField("personnes touchées")
    women_reached = models.PositiveIntegerField("dont femmes")

    class Meta:
        db_table = "clauses_realisedfigures"  # the name it had in clauses
        verbose_name = "réalisé d'une considération"
        verbose_name_plural = "réalisés des considérations"

    def __str__(self):
        return f"réalisé de la considération {self.consideration_id}"


class ActionSummary(models.Model):
    """The actions of one type done under one consideration: how many, the people and the women they reached. The
    dashboards group these (a third as many rows as the actions at scale 1) by type, without the considerations."""

    derived = True  # partners.deletion: kept by triggers, it follows a deletion

    consideration = models.ForeignKey(
        Consideration, on_delete=models.CASCADE, related_name="+", verbose_name="considération"
    )
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="+", verbose_name="marché")
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+", verbose_name="territoire"
    )
    action_type = models.CharField("type d'action", max_length=20, choices=SocialAction.choices)
    count = models.PositiveIntegerField("actions")
    people_reached = models.PositiveIntegerField("personnes touchées")
    women_reached = models.PositiveIntegerField("dont femmes")

    class Meta:
        db_table = "clauses_actionsummary"  # the name it had in clauses
        verbose_name = "synthèse des actions"
        verbose_name_plural = "synthèses des actions"
        indexes = [models.Index(fields=["market", "action_type"]), models.Index(fields=["territory", "action_type"])]
        constraints = [
            models.UniqueConstraint(
                fields=["consideration", "action_type"],
                name="unique_action_summary",
                violation_error_message="Cette synthèse existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.get_action_type_display()} · {self.count}"


# The summaries copy each consideration's contract and each contractor's company: the triggers that recompute them
# when those change sit on clauses' and markets' tables but belong to the follow-up: registered here (the apps below
# do not import the follow-up), migrated by pgtrigger in those apps' migrations (clauses 0013, markets 0006).
pgtrigger.register(*summary_triggers.consideration_triggers())(Consideration)
pgtrigger.register(*summary_triggers.contractor_triggers())(Contractor)
