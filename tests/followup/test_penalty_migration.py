"""The decisions recorded before the penalty procedure (followup 0007): each keeps its amount, its reason, its
author and its day, and is marked « mise en demeure non enregistrée », its history too.

A transactional test (the migrations commit), on the worker's own test database, as tests/territories/test_upgrade;
it migrates back to the latest at the end, even when it fails."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

FOLLOWUP_BEFORE = ("followup", "0006_summaries_write_figures_territory")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_decisions_recorded_before_the_procedure_keep_their_amount_and_reason():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    decided_at = datetime(2025, 3, 31, 23, 30, tzinfo=UTC)  # the 1st of April in Paris
    try:
        before = migrate([node for node in latest if node[0] != "followup"] + [FOLLOWUP_BEFORE])
        get = before.get_model
        territory = get("territories", "Territory").objects.create(name="Saint-Aubin Emploi", carrier="PLIE")
        user = get("accounts", "User").objects.create(username="fanny", role="facilitator", territory=territory)
        buyer = get("partners", "Organisation").objects.create(
            kind="buyer", name="Ville", buyer_category="collectivite"
        )
        market = get("markets", "Market").objects.create(
            territory=territory, buyer=buyer, reference="2024-M-1", object="Travaux", nature="travaux"
        )
        Decision, History = get("followup", "PenaltyDecision"), get("followup", "HistoricalPenaltyDecision")
        for kind, decision, reason in [
            ("insertion_hours", "appliquee", ""),
            ("social_actions", "renonciation", "Entreprise en redressement judiciaire."),
        ]:
            consideration = get("clauses", "Consideration").objects.create(
                market=market, kind=kind, legal_basis="execution", target=100, unit="hours"
            )
            row = Decision.objects.create(
                consideration=consideration,
                missing_units=Decimal(100),
                amount=Decimal(4000),
                decision=decision,
                reason=reason,
                decided_by=user,
            )
            Decision.objects.filter(pk=row.pk).update(decided_at=decided_at)
            History.objects.create(
                id=row.pk,
                consideration_id=consideration.pk,
                missing_units=Decimal(100),
                amount=Decimal(4000),
                decision=decision,
                reason=reason,
                decided_by_id=user.pk,
                decided_at=decided_at,
                history_date=decided_at,
                history_type="+",
                history_user_id=user.pk,
            )
        after = migrate(latest)
    finally:
        migrate(latest)  # the rest of the suite runs on the latest schema
    fields = [
        "decision",
        "computed_amount",
        "amount",
        "reason",
        "decided_on",
        "decided_by",
        "notice_not_recorded",
        "notice_date",
    ]
    migrated = [
        ("appliquee", Decimal(4000), Decimal(4000), "", date(2025, 4, 1), user.pk, True, None),
        (
            "renonciation",
            Decimal(4000),
            None,
            "Entreprise en redressement judiciaire.",
            date(2025, 4, 1),
            user.pk,
            True,
            None,
        ),
    ]
    Decision, History = (
        after.get_model("followup", "PenaltyDecision"),
        after.get_model("followup", "HistoricalPenaltyDecision"),
    )
    assert list(Decision.objects.order_by("pk").values_list(*fields)) == migrated
    assert list(History.objects.order_by("id").values_list(*fields)) == migrated
