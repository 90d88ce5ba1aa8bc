"""The follow-up summaries (followup.summaries) stay equal to a full rebuild after every kind of write."""

import io
from datetime import date
from decimal import Decimal

from django.core.management import call_command

from clauses.models import Consideration
from followup import hours_import
from followup.models import (
    ActionSummary,
    CountedParticipant,
    CountedParticipation,
    HoursRules,
    HoursSummary,
    RealisedAction,
    RealisedFigures,
    RealisedHours,
    with_realised,
)
from followup.summaries import rebuild_all
from tests.factories import RealisedActionFactory, UserFactory

from .test_hours import line
from .test_import import GOOD, rows


def snapshot() -> dict:
    return {
        "hours": sorted(
            HoursSummary.objects.values_list(
                "consideration", "market", "organisation", "year", "validated", "declared", "ineligible_worked"
            )
        ),
        "people": sorted(
            CountedParticipation.objects.values_list("consideration", "market", "organisation", "participant", "year")
        ),
        "counted": sorted(CountedParticipant.objects.values_list("participant", flat=True)),
        "actions": sorted(
            ActionSummary.objects.values_list(
                "consideration", "market", "action_type", "count", "people_reached", "women_reached"
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


def assert_current() -> dict:
    """The summaries kept on write equal those a full rebuild computes."""
    kept = snapshot()
    rebuild_all()
    assert snapshot() == kept
    return kept


def test_summaries_follow_every_write(hours_clause, contractor, eligible_participant, ineligible_participant):
    user = UserFactory()
    hours_import.import_statement(hours_clause, rows(GOOD))  # 151.67 h eligible, 20 h not: both declared
    assert_current()
    line(hours_clause, contractor, eligible_participant, "cdi", "40", month=date(2025, 11, 1))
    RealisedHours.objects.all().validate(user, HoursRules.load(hours_clause))
    kept = assert_current()
    assert {row[3]: row[4:] for row in kept["hours"]} == {
        2025: (Decimal(40), Decimal(0), Decimal(0)),
        2026: (Decimal("151.67"), Decimal(0), Decimal(20)),
    }
    assert len(kept["people"]) == 2  # the eligible participant, in 2025 and in 2026
    first = RealisedHours.objects.get(month=date(2025, 11, 1))
    first.hours_worked = Decimal(10)
    first.save()
    assert_current()
    first.delete()
    action = RealisedActionFactory(consideration=hours_clause)
    action.people_reached = 12
    action.save()
    kept = assert_current()
    assert kept["figures"] == [(hours_clause.pk, Decimal("151.67"), Decimal(0), Decimal(20), 1, 1, 12, 4)]
    assert kept["actions"] == [(hours_clause.pk, hours_clause.market_id, action.action_type, 1, 12, 4)]
    action.delete()
    eligible_participant.anonymise(date(2026, 6, 1))
    kept = assert_current()
    assert kept["figures"] == [(hours_clause.pk, Decimal("151.67"), Decimal(0), Decimal(20), 1, 0, 0, 0)]
    assert kept["actions"] == []
    realised = with_realised(Consideration.objects.all()).get(pk=hours_clause.pk)
    assert (realised.realised_units, realised.participant_count) == (Decimal("151.67"), 1)


def test_a_participant_stays_counted_while_one_validated_line_counts(hours_clause, contractor, eligible_participant):
    user = UserFactory()
    other_clause = Consideration.objects.get(pk=hours_clause.pk)
    other_clause.pk = None
    other_clause.save()
    other_clause.eligible_categories.set(hours_clause.eligible_categories.all())
    first = line(hours_clause, contractor, eligible_participant)
    second = line(other_clause, contractor, eligible_participant, month=date(2026, 4, 1))
    assert not CountedParticipant.objects.exists()  # declared, not validated yet
    RealisedHours.objects.all().validate(user, HoursRules.load(hours_clause))
    assert assert_current()["counted"] == [eligible_participant.pk]
    first.delete()
    assert assert_current()["counted"] == [eligible_participant.pk]  # still counted on the other clause
    second.delete()
    assert assert_current()["counted"] == []


def test_rebuild_summaries_command_is_idempotent(hours_clause, contractor, eligible_participant):
    line(hours_clause, contractor, eligible_participant)
    RealisedAction.objects.all().delete()
    kept = snapshot()
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    call_command("rebuild_summaries", stdout=out)
    assert "recalculées" in out.getvalue()
    assert snapshot() == kept
