"""What the follow-up summaries must hold, recomputed with the ORM from the raw rows (the hour lines and the
actions, with their considerations' contracts and territories and their contractors' companies), independently
of the SQL the triggers run (followup.summaries)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from followup.enums import HoursStatus
from followup.models import (
    ActionSummary,
    CountedParticipant,
    CountedParticipation,
    HoursSummary,
    RealisedAction,
    RealisedFigures,
    RealisedHours,
)
from followup.summaries import rebuild_all

COUNTED = Q(eligible=True, status=HoursStatus.VALIDATED)
DECLARED = Q(eligible=True, status=HoursStatus.DECLARED)
INELIGIBLE = Q(eligible=False, hiring__isnull=False)  # judged so by its hiring; without one it is to check
LINE_KEYS = ["consideration", "consideration__market", "consideration__market__territory", "contractor__organisation"]


def kept() -> dict[str, list[tuple]]:
    """The rows of every summary table (without their ids), sorted."""
    return {
        "hours": sorted(
            HoursSummary.objects.values_list(
                "consideration",
                "market",
                "territory",
                "organisation",
                "year",
                "validated",
                "declared",
                "ineligible_worked",
            )
        ),
        "people": sorted(
            CountedParticipation.objects.values_list(
                "consideration", "market", "territory", "organisation", "participant", "year"
            )
        ),
        "counted": sorted(CountedParticipant.objects.values_list("participant", "territory")),
        "actions": sorted(
            ActionSummary.objects.values_list(
                "consideration", "market", "territory", "action_type", "count", "people_reached", "women_reached"
            )
        ),
        "figures": sorted(
            RealisedFigures.objects.values_list(
                "consideration",
                "realised_hours",
                "declared_hours",
                "ineligible_hours",
                "participant_count",
                "action_count",
                "people_reached",
                "women_reached",
            )
        ),
    }


def recomputed() -> dict[str, list[tuple]]:
    """The rows every summary table must hold, from the hour lines and the actions."""
    lines = RealisedHours.objects.order_by().annotate(year=ExtractYear("month"))
    hours = sorted(
        lines.values_list(*LINE_KEYS, "year").annotate(
            validated=Sum("counted_hours", filter=COUNTED, default=0),
            declared=Sum("counted_hours", filter=DECLARED, default=0),
            ineligible=Sum("hours_worked", filter=INELIGIBLE, default=0),
        )
    )
    people = sorted(set(lines.filter(COUNTED).values_list(*LINE_KEYS, "participant", "year")))
    actions = sorted(
        RealisedAction.objects.order_by()
        .values_list("consideration", "consideration__market", "consideration__market__territory", "action_type")
        .annotate(Count("pk"), Sum("people_reached"), Sum("women_reached"))
    )
    figures = defaultdict(lambda: [Decimal(0)] * 3 + [0] * 4)
    for consideration, *_, validated, declared, ineligible in hours:
        row = figures[consideration]
        row[0], row[1], row[2] = row[0] + validated, row[1] + declared, row[2] + ineligible
    for consideration, participants in (
        RealisedHours.objects.filter(COUNTED)
        .order_by()
        .values_list("consideration")
        .annotate(Count("participant", distinct=True))
    ):
        figures[consideration][3] = participants
    for consideration, _, _, _, count, people_reached, women_reached in actions:
        row = figures[consideration]
        row[4], row[5], row[6] = row[4] + count, row[5] + people_reached, row[6] + women_reached
    return {
        "hours": hours,
        "people": people,
        "counted": sorted(set(lines.filter(COUNTED).values_list("participant", "participant__territory"))),
        "actions": actions,
        "figures": sorted((consideration, *row) for consideration, row in figures.items()),
    }


def assert_current() -> dict[str, list[tuple]]:
    """The summaries equal a recomputation from the raw rows, and the repair rebuild leaves them as they are."""
    rows = kept()
    assert rows == recomputed()
    rebuild_all()
    assert kept() == rows
    return rows
