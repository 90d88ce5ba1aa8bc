"""The follow-up summaries, kept by PostgreSQL's triggers, equal a recomputation from the raw rows after every kind
of write (tests/followup/summary_checks.py), the four of issue 18 first: a lot's contractor company changed, a
consideration moved to another contract, QuerySet.delete() on hour lines and the admin's "delete selected"."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from clauses.models import Consideration
from followup import hours_import
from followup.models import (
    CountedParticipant,
    HoursSummary,
    RealisedFigures,
    RealisedHours,
    with_realised,
)
from markets.models import Contractor
from tests.factories import (
    ContractorFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    RealisedActionFactory,
    UserFactory,
)

from .summary_checks import assert_current, kept
from .test_hours import line
from .test_import import GOOD, rows


@pytest.fixture
def counted_lines(hours_clause, contractor, eligible_participant, ineligible_participant):
    """Three validated lines (two eligible, in 2025 and 2026, one not) and one declared, with an action."""
    lines = [
        line(hours_clause, contractor, eligible_participant, "cdi", "40", month=date(2025, 11, 1)),
        line(hours_clause, contractor, eligible_participant, "cdd", "100"),
        line(hours_clause, contractor, ineligible_participant, "cdd", "20"),
    ]
    RealisedHours.objects.all().validate(UserFactory())
    lines.append(line(hours_clause, contractor, eligible_participant, "cdd", "8", month=date(2026, 4, 1)))
    RealisedActionFactory(consideration=hours_clause)
    assert_current()
    return lines


def test_changing_a_lots_contractor_company_moves_its_hours(admin_user, client, counted_lines, contractor):
    company = OrganisationFactory(name="Nouvelle entreprise")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/markets/contractor/{contractor.pk}/change/",
        {"lot": contractor.lot_id, "organisation": company.pk, "role": contractor.role, "amount": ""},
    )
    assert response.status_code == 302
    assert Contractor.objects.get(pk=contractor.pk).organisation == company
    summaries = assert_current()
    assert {row[3] for row in summaries["hours"]} == {row[3] for row in summaries["people"]} == {company.pk}
    Contractor.objects.filter(pk=contractor.pk).update(organisation=OrganisationFactory())  # in bulk too
    assert_current()


def test_moving_a_consideration_to_another_contract_moves_its_summaries(counted_lines, hours_clause):
    other = MarketFactory()
    hours_clause.market = other
    hours_clause.save()
    summaries = assert_current()
    assert {row[1] for key in ("hours", "people", "actions") for row in summaries[key]} == {other.pk}
    Consideration.objects.filter(pk=hours_clause.pk).update(market=MarketFactory())
    assert_current()


def test_deleting_hour_lines_in_bulk(counted_lines, eligible_participant):
    RealisedHours.objects.filter(participant=eligible_participant, month__year=2026).delete()
    summaries = assert_current()
    assert [row[4:] for row in summaries["hours"]] == [
        (2025, Decimal(40), Decimal(0), Decimal(0)),
        (2026, Decimal(0), Decimal(0), Decimal(20)),
    ]
    RealisedHours.objects.all().delete()
    assert assert_current()["counted"] == []


def test_deleting_hour_lines_with_the_admins_delete_selected(admin_user, client, counted_lines, hours_clause):
    client.force_login(admin_user)
    listed = client.get("/admin/followup/realisedhours/", {"modality__exact": "embauche"})  # a generated column
    assert listed.status_code == 200 and listed.context["cl"].result_count == 4
    response = client.post(
        "/admin/followup/realisedhours/",
        {"action": "delete_selected", "_selected_action": [counted_lines[0].pk, counted_lines[2].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not RealisedHours.objects.filter(pk__in=[counted_lines[0].pk, counted_lines[2].pk]).exists()
    figures = {row[0]: row[1:] for row in assert_current()["figures"]}
    assert figures[hours_clause.pk] == (Decimal(100), Decimal(8), Decimal(0), 1, 1, 10, 4)


def test_bulk_paths_and_raw_sql(counted_lines, hours_clause, contractor, eligible_participant):
    RealisedHours.objects.filter(month=date(2026, 3, 1)).update(hours_worked=Decimal(7), status="declaree")
    assert_current()
    RealisedHours.objects.bulk_create(
        [
            RealisedHours(
                consideration=hours_clause,
                contractor=contractor,
                participant=eligible_participant,
                month=date(2026, month, 1),
                modality_detail="cdi",
                hours_worked=Decimal(month),
                hiring=eligible_participant.hirings.get(),
                eligible=True,
                status="validee",
                validated_at=timezone.now(),
            )
            for month in (6, 7)
        ]
    )
    assert_current()
    moved = counted_lines[1]
    moved.hours_worked, moved.eligible = Decimal(3), False
    RealisedHours.objects.bulk_update([moved], ["hours_worked", "eligible"])
    assert_current()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE clauses_realisedhours SET status = 'validee', validated_at = now() WHERE status = 'declaree'"
        )
        cursor.execute("UPDATE clauses_realisedaction SET people_reached = people_reached + 5")
    assert_current()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred foreign key check
        cursor.execute("TRUNCATE clauses_realisedhours")
    assert assert_current()["hours"] == []


def test_copied_lines_are_added_to_their_summaries(counted_lines, hours_clause, contractor, eligible_participant):
    """COPY writes no table under row-level security: a restore runs it as a role the policies do not bind (here,
    the tables' owner once they no longer force them on it, until the test's transaction is rolled back)."""
    hiring = eligible_participant.hirings.get().pk  # before the COPY, which holds the connection
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred foreign key check
        cursor.execute("ALTER TABLE clauses_realisedhours NO FORCE ROW LEVEL SECURITY")
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY clauses_realisedhours (consideration_id, contractor_id, participant_id, month, hours_worked, "
            "modality_detail, conversion_rate, hiring_id, eligible, status, declared_at, validated_at) FROM STDIN"
        ) as copy,
    ):
        for month in (8, 9):
            copy.write_row(
                (
                    hours_clause.pk,
                    contractor.pk,
                    eligible_participant.pk,
                    date(2026, month, 1),
                    Decimal("2.5"),
                    "geiq",
                    Decimal("1.5"),
                    hiring,
                    True,
                    "validee",
                    timezone.now(),
                    timezone.now(),
                )
            )
    summaries = assert_current()
    assert summaries["figures"][0][1] == Decimal(140) + Decimal("7.5")  # 40 + 100 + 2 × 2.5 × 1.5


def test_summaries_follow_every_write(hours_clause, contractor, eligible_participant, ineligible_participant):
    user = UserFactory()
    hours_import.import_statement(hours_clause, rows(GOOD))  # 151.67 h eligible, 20 h not: both declared
    assert_current()
    line(hours_clause, contractor, eligible_participant, "cdi", "40", month=date(2025, 11, 1))
    RealisedHours.objects.all().validate(user)
    summaries = assert_current()
    assert {row[4]: row[5:] for row in summaries["hours"]} == {
        2025: (Decimal(40), Decimal(0), Decimal(0)),
        2026: (Decimal("151.67"), Decimal(0), Decimal(20)),
    }
    assert len(summaries["people"]) == 2  # the eligible participant, in 2025 and in 2026
    first = RealisedHours.objects.get(month=date(2025, 11, 1))
    first.hours_worked = Decimal(10)
    first.save()
    assert_current()
    first.delete()
    action = RealisedActionFactory(consideration=hours_clause)
    action.people_reached = 12
    action.save()
    summaries = assert_current()
    assert summaries["figures"] == [(hours_clause.pk, Decimal("151.67"), Decimal(0), Decimal(20), 1, 1, 12, 4)]
    market = hours_clause.market
    assert summaries["actions"] == [(hours_clause.pk, market.pk, market.territory_id, action.action_type, 1, 12, 4)]
    action.delete()
    eligible_participant.anonymise(date(2026, 6, 1))
    summaries = assert_current()
    assert summaries["figures"] == [(hours_clause.pk, Decimal("151.67"), Decimal(0), Decimal(20), 1, 0, 0, 0)]
    assert summaries["actions"] == []
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
    RealisedHours.objects.all().validate(user)
    assert assert_current()["counted"] == [(eligible_participant.pk, eligible_participant.territory_id)]
    first.delete()
    assert assert_current()["counted"] == [
        (eligible_participant.pk, eligible_participant.territory_id)
    ]  # still counted on the other clause
    second.delete()
    assert assert_current()["counted"] == []


def test_a_consideration_deleted_with_its_lines_and_actions_leaves_no_summary(counted_lines, hours_clause, market):
    RealisedHours.objects.filter(consideration=hours_clause).delete()  # the lines protect their contractor
    market.delete()
    assert assert_current() == {"hours": [], "people": [], "counted": [], "actions": [], "figures": []}


def test_rebuild_summaries_repairs_damaged_summaries(counted_lines):
    kept_by_triggers = kept()
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "recalculées" in out.getvalue()
    assert kept() == kept_by_triggers  # nothing to repair
    HoursSummary.objects.update(validated=0)  # summaries written by hand, which nothing should do
    RealisedFigures.objects.all().delete()
    CountedParticipant.objects.all().delete()
    call_command("rebuild_summaries", stdout=out)
    assert assert_current() == kept_by_triggers


def test_a_second_lot_contractor_keeps_the_summaries_apart(counted_lines, hours_clause, eligible_participant):
    other = ContractorFactory(lot=LotFactory(market=hours_clause.market, number=2))
    line(hours_clause, other, eligible_participant, "cdd", "5", month=date(2026, 5, 1))
    counted_lines[1].contractor = other
    counted_lines[1].save()
    assert len({row[3] for row in assert_current()["hours"]}) == 2
