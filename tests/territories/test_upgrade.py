"""The upgrade of an instance of one territory (Levier before territories) to many: its database is migrated back
to the migrations before territories, given data with the historical models, then migrated forward; everything
ends in one territory the migrations create, nothing lost.

A transactional test (the migrations commit), on the worker's own test database (xdist gives each worker its
own); it migrates back to the latest at the end, even when it fails. pytest-django runs the transactional tests
after the others, and empties the tables after each, as for tests/demo/test_seed_volume_command.py. It runs in
every run of the suite, CI's included (about 40 s on the embedded server).
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_TERRITORIES = [
    ("territories", None),
    ("accounts", "0001_initial"),
    ("partners", "0007_eligiblecategory_and_more"),
    ("markets", "0006_contractor_summaries_after_company_change"),
    ("clauses", "0014_alter_historicalconsideration_eligible_list_and_more"),
    ("followup", "0003_realisedaction_summaries_after_insert_and_more"),
    ("plans", "0001_initial"),
]
# The tables counted before and after: the upgrade loses no row.
COUNTED = [
    ("accounts", "User"),
    ("partners", "Organisation"),
    ("partners", "Participant"),
    ("markets", "Market"),
    ("markets", "Lot"),
    ("markets", "Contractor"),
    ("clauses", "Consideration"),
    ("followup", "RealisedHours"),
    ("followup", "HoursSummary"),
    ("followup", "CountedParticipation"),
    ("followup", "CountedParticipant"),
    ("plans", "ActionPlan"),
]


def migrate(targets) -> object:
    """Migrates the test database to ``targets`` and returns the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def single_territory_instance(apps) -> None:
    """Data as a single-territory Levier held it, written with its own (historical) models."""
    get = apps.get_model
    get("clauses", "TerritorySettings").objects.create(
        hourly_cost=Decimal("27.50"), insertion_rate=Decimal("0.0700"), minimum_hours=120
    )
    User = get("accounts", "User")
    Organisation = get("partners", "Organisation")
    buyer = Organisation.objects.create(kind="buyer", name="Ville de Saint-Aubin", buyer_category="collectivite")
    company = Organisation.objects.create(kind="company", name="Bâtiments du Val")
    facilitator = User.objects.create(username="fanny", role="facilitator")
    User.objects.create(username="alice", role="admin", is_staff=True)
    User.objects.create(username="claire", role="buyer", organisation=buyer)
    participants = [
        get("partners", "Participant").objects.create(
            reference=f"P-{n:04d}",
            first_name="Prénom",
            last_name=f"Nom{n}",
            sex="F",
            birth_year=1990,
            entry_date=date(2026, 1, 5),
        )
        for n in range(3)
    ]
    for n in range(2):
        market = get("markets", "Market").objects.create(
            buyer=buyer,
            facilitator=facilitator,
            reference=f"2026-M-{n:04d}",
            object=f"Travaux n°{n}",
            nature="travaux",
            amount=Decimal("1000000"),
            duration_months=12,
            notification_date=date(2026, 3, 1),
            status="execution",
        )
        lot = get("markets", "Lot").objects.create(market=market, number=1, title="Lot unique", amount=500000)
        contractor = get("markets", "Contractor").objects.create(lot=lot, organisation=company, role="titulaire")
        consideration = get("clauses", "Consideration").objects.create(
            market=market,
            kind="insertion_hours",
            legal_basis="execution",
            target=Decimal("833"),
            unit="hours",
            penalty_per_unit=Decimal("50"),
        )
        for participant in participants:
            get("followup", "RealisedHours").objects.create(
                consideration=consideration,
                contractor=contractor,
                participant=participant,
                month=date(2026, 3, 1),
                hours_worked=Decimal("100"),
                modality_detail="cdd",
                eligible=True,
                status="validee",
                validated_by=facilitator,
                validated_at=datetime(2026, 4, 1, tzinfo=UTC),
            )
    get("plans", "ActionPlan").objects.create(
        title="Plan d'actions 2026",
        territory="Communauté de communes du Val",
        buyer=buyer,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        facilitator=facilitator,
    )


def counts(apps) -> dict:
    return {f"{app}.{name}": apps.get_model(app, name).objects.count() for app, name in COUNTED}


@pytest.mark.django_db(transaction=True)
def test_a_single_territory_instance_upgrades_into_one_territory():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        before = migrate(BEFORE_TERRITORIES)
        single_territory_instance(before)
        counted = counts(before)
        assert counted["followup.CountedParticipant"] == 3  # the old triggers filled the summaries
        after = migrate(latest)
    finally:
        migrate(latest)  # the rest of the suite runs on the latest schema, even when the upgrade failed
    assert counts(after) == counted
    Territory = after.get_model("territories", "Territory")
    territory = Territory.objects.get()
    assert (territory.name, territory.hourly_cost, territory.insertion_rate, territory.minimum_hours) == (
        "Territoire principal",
        Decimal("27.50"),
        Decimal("0.0700"),
        120,
    )
    users = after.get_model("accounts", "User").objects.order_by("username")
    assert list(users.values_list("username", "territory")) == [
        ("alice", territory.pk),
        ("claire", None),  # a buyer's user follows its organisation, in whichever territory
        ("fanny", territory.pk),
    ]
    for app, name in [("markets", "Market"), ("partners", "Participant"), ("plans", "ActionPlan")]:
        assert set(after.get_model(app, name).objects.values_list("territory", flat=True)) == {territory.pk}, name
    for name in ["HoursSummary", "CountedParticipation", "CountedParticipant"]:
        rows = after.get_model("followup", name).objects.values_list("territory", flat=True)
        assert set(rows) == {territory.pk}, name
    plan = after.get_model("plans", "ActionPlan").objects.get()
    assert plan.area == "Communauté de communes du Val"
