"""The territorial action plan (the démarche of the sheet C1.2, §IV): état des lieux, stakeholders, axes,
considerations to mobilise per scheduled contract, internal organisation, indicators and bilan.

The plan is the facilitator's own document: it links to contracts and changes none. Its tables keep the names
they had when the plan lived in ``reporting`` (migration plans 0001).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from accounts.permissions import scope_to_user
from clauses.enums import Kind
from markets.models import Market
from partners.enums import OrganisationKind
from partners.models import Organisation
from territories.copies import copy_trigger, territory_copy

from .enums import Metric, Theme

NOT_NEGATIVE = [MinValueValidator(0, "La valeur ne peut pas être négative.")]


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A territory's plans for its facilitators and admins; a buyer user those of its organisation only."""
        return scope_to_user(self, user)


class ActionPlan(models.Model):
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="action_plans", verbose_name="service"
    )
    title = models.CharField("titre", max_length=200)
    area = models.CharField("territoire couvert", max_length=200)
    buyer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name="donneur d'ordre",
        limit_choices_to={"kind": OrganisationKind.BUYER},
        help_text="Vide : le plan porte sur tout le territoire.",
    )
    start_date = models.DateField("du")
    end_date = models.DateField("au")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name="facilitateur en charge",
        limit_choices_to={"role__in": ["facilitator", "admin"]},
    )
    # 1. état des lieux
    context_partners = models.TextField("partenaires du territoire", blank=True)
    context_needs = models.TextField("besoins (emploi, recrutement, formation)", blank=True)
    context_publics = models.TextField("publics", blank=True)
    context_priorities = models.TextField("priorités des donneurs d'ordre", blank=True)
    # 2. parties prenantes
    stakeholders = models.TextField(
        "parties prenantes mobilisées", blank=True, help_text="Donneurs d'ordre, revue de marchés, partenaires emploi…"
    )
    # 3. organisation interne
    organisation = models.TextField("organisation interne (qui fait quoi)", blank=True)
    # 4. bilan
    successes = models.TextField("réussites", blank=True)
    difficulties = models.TextField("difficultés", blank=True)
    improvements = models.TextField("améliorations", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        db_table = "reporting_actionplan"
        verbose_name = "plan d'actions"
        verbose_name_plural = "plans d'actions"
        ordering = ["-start_date", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                name="action_plan_end_after_start",
                condition=Q(end_date__gte=models.F("start_date")),
                violation_error_message="La fin de la période ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:plan_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "La fin de la période ne peut pas précéder son début."})

    def markets(self):
        """The contracts the plan covers: its buyer's (or the territory's) published or notified in the period,
        plus those it schedules."""
        period = (self.start_date, self.end_date)
        scope = Market.objects.filter(territory=self.territory_id)
        if self.buyer_id:
            scope = scope.filter(buyer_id=self.buyer_id)
        return scope.filter(
            Q(notification_date__range=period) | Q(publication_date__range=period) | Q(plan_lines__plan=self)
        ).distinct()


class PlanAxis(models.Model):
    territory = territory_copy()
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="axes", verbose_name="plan")
    number = models.PositiveIntegerField("numéro", default=1)
    title = models.CharField("axe", max_length=200)
    objectives = models.TextField("objectifs", blank=True)
    target_publics = models.TextField("publics visés", blank=True)
    themes = models.JSONField("thèmes", default=list, blank=True)

    class Meta:
        triggers = [copy_trigger("plan_id", "reporting_actionplan")]
        db_table = "reporting_planaxis"
        verbose_name = "axe du plan"
        verbose_name_plural = "axes du plan"
        ordering = ["plan", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="unique_axis_number",
                violation_error_message="Ce plan a déjà un axe portant ce numéro.",
            )
        ]

    def __str__(self):
        return f"Axe {self.number} – {self.title}"

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels.get(value, value) for value in self.themes]


class PlanLine(models.Model):
    """The considerations to mobilise on a scheduled contract."""

    territory = territory_copy()
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="lines", verbose_name="plan")
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="plan_lines", verbose_name="marché")
    kinds = models.JSONField("considérations à mobiliser", default=list, blank=True)
    notes = models.TextField("précisions", blank=True)

    class Meta:
        triggers = [copy_trigger("plan_id", "reporting_actionplan")]
        db_table = "reporting_planline"
        verbose_name = "marché programmé du plan"
        verbose_name_plural = "marchés programmés du plan"
        ordering = ["plan", "market__publication_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "market"],
                name="unique_plan_market",
                violation_error_message="Ce marché figure déjà dans le plan.",
            )
        ]

    def __str__(self):
        return str(self.market)

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(Kind.choices)
        return [labels.get(value, value) for value in self.kinds]


class PlanIndicator(models.Model):
    territory = territory_copy()
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="indicators", verbose_name="plan")
    label = models.CharField("indicateur", max_length=200)
    metric = models.CharField(
        "mesure",
        max_length=30,
        choices=Metric.choices,
        default=Metric.MANUAL,
        help_text="Une mesure calculée se met à jour seule à partir des marchés du plan.",
    )
    target = models.DecimalField(
        "cible", max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    manual_actual = models.DecimalField(
        "réalisé (saisi)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="Pour une mesure saisie à la main.",
    )

    class Meta:
        triggers = [copy_trigger("plan_id", "reporting_actionplan")]
        db_table = "reporting_planindicator"
        verbose_name = "indicateur du plan"
        verbose_name_plural = "indicateurs du plan"
        ordering = ["plan", "pk"]

    def __str__(self):
        return self.label
