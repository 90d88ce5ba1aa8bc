"""Keeps the follow-up summaries current (clauses.models: HoursSummary, CountedParticipation, CountedParticipant,
ActionSummary, RealisedFigures).

Every write of hour lines or actions calls ``refresh_for`` with its considerations, in its own transaction:
their summary rows are deleted then recomputed from the lines with INSERT … SELECT … GROUP BY (set-based, the
same SQL on SQLite and PostgreSQL). ``rebuild_all`` recomputes every row the same way (`manage.py
rebuild_summaries`, the volume loader). Eligibility is stored on each hour line (decided at declaration and
at validation), so a change of a clause's or a participant's eligible publics changes no summary by itself,
nor does a participant's anonymisation: the lines stay.
"""

from decimal import Decimal

from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from clauses.models import Consideration

from .enums import HoursStatus
from .models import (
    ActionSummary,
    CountedParticipant,
    CountedParticipation,
    HoursSummary,
    RealisedAction,
    RealisedFigures,
    RealisedHours,
)

COUNTED = Q(eligible=True, status=HoursStatus.VALIDATED)
HOURS = models.DecimalField(max_digits=14, decimal_places=2)
LINE_KEYS = ["consideration_id", "consideration__market_id", "contractor__organisation_id"]


def _insert_select(model, columns: list[str], queryset) -> None:
    """INSERT INTO the model's table (columns) the rows the queryset selects, in that order, in the database."""
    sql, params = queryset.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params)


def _hours(total, condition=None):
    return Coalesce(Sum(total, filter=condition), Value(Decimal(0)), output_field=HOURS)


def _per_consideration(model, aggregate, output_field):
    """A correlated subquery: the aggregate over the model's rows of each consideration (0 without any)."""
    rows = model.objects.filter(consideration=OuterRef("pk")).order_by().values("consideration")
    return Coalesce(Subquery(rows.annotate(total=aggregate).values("total")), Value(0), output_field=output_field)


def _write(considerations, lines) -> None:
    """Recomputes the summaries of the given considerations from the given hour lines (theirs)."""
    lines = lines.order_by().annotate(year=ExtractYear("month"))
    _insert_select(
        HoursSummary,
        ["consideration", "market", "organisation", "year", "validated", "declared", "ineligible_worked"],
        lines.values(*LINE_KEYS, "year").annotate(
            validated=_hours("counted_hours", COUNTED),
            declared=_hours("counted_hours", Q(eligible=True, status=HoursStatus.DECLARED)),
            ineligible_worked=_hours("hours_worked", Q(eligible=False)),
        ),
    )
    _insert_select(
        CountedParticipation,
        ["consideration", "market", "organisation", "participant", "year"],
        lines.filter(COUNTED).values(*LINE_KEYS, "participant_id", "year").distinct(),
    )
    _insert_select(
        ActionSummary,
        ["consideration", "market", "action_type", "count", "people_reached", "women_reached"],
        RealisedAction.objects.filter(consideration__in=considerations)
        .order_by()
        .values("consideration_id", "consideration__market_id", "action_type")
        .annotate(count=Count("pk"), people=Sum("people_reached"), women=Sum("women_reached")),
    )
    integer = models.IntegerField()
    _insert_select(
        RealisedFigures,
        [
            "consideration",
            "realised_hours",
            "declared_hours",
            "ineligible_hours",
            "participant_count",
            "action_count",
            "people_reached",
            "women_reached",
        ],
        considerations.order_by()
        .values("pk")
        .annotate(
            realised_hours=_per_consideration(HoursSummary, Sum("validated"), HOURS),
            declared_hours=_per_consideration(HoursSummary, Sum("declared"), HOURS),
            ineligible_hours=_per_consideration(HoursSummary, Sum("ineligible_worked"), HOURS),
            participant_count=_per_consideration(CountedParticipation, Count("participant", distinct=True), integer),
            action_count=_per_consideration(RealisedAction, Count("pk"), integer),
            people_reached=_per_consideration(RealisedAction, Sum("people_reached"), integer),
            women_reached=_per_consideration(RealisedAction, Sum("women_reached"), integer),
        ),
    )


def _counted_people(participations):
    return participations.order_by().values("participant_id").distinct()


def _participants_of(ids) -> set[int]:
    return set(
        _counted_people(CountedParticipation.objects.filter(consideration_id__in=ids)).values_list(
            "participant_id", flat=True
        )
    )


@transaction.atomic
def refresh_for(consideration_ids) -> None:
    """Recomputes the summaries of these considerations (ids), in the caller's transaction, then whether each
    participant they had or have still has counted hours somewhere."""
    ids = sorted(set(consideration_ids))
    if not ids:
        return
    people = _participants_of(ids)
    for model in (HoursSummary, CountedParticipation, ActionSummary, RealisedFigures):
        model.objects.filter(consideration_id__in=ids).delete()
    _write(Consideration.objects.filter(pk__in=ids), RealisedHours.objects.filter(consideration_id__in=ids))
    people |= _participants_of(ids)
    if not people:
        return
    CountedParticipant.objects.filter(participant_id__in=people).delete()
    _insert_select(
        CountedParticipant,
        ["participant"],
        _counted_people(CountedParticipation.objects.filter(participant_id__in=people)),
    )


@transaction.atomic
def rebuild_all() -> None:
    """Recomputes every summary from all the hour lines and actions (idempotent)."""
    for model in (HoursSummary, CountedParticipation, CountedParticipant, ActionSummary, RealisedFigures):
        model.objects.all().delete()
    _write(Consideration.objects.all(), RealisedHours.objects.all())
    _insert_select(CountedParticipant, ["participant"], _counted_people(CountedParticipation.objects.all()))
