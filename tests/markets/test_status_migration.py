"""Contracts notified but still before « attribué » become « attribué » (markets 0016), the change recorded.

A transactional test (the migrations commit), as tests/followup/test_penalty_migration.py; it migrates back to the
latest at the end, even when it fails."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MARKETS_BEFORE = ("markets", "0017_contractor_history_status_reason")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_notified_contracts_before_award_become_awarded_with_a_recorded_change():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        before = migrate(
            [node for node in latest if node[0] not in ("markets", "followup", "clauses", "reporting", "plans")]
            + [MARKETS_BEFORE]
        )
        get = before.get_model
        territory = get("territories", "Territory").objects.create(name="Saint-Aubin Emploi", carrier="PLIE")
        buyer = get("partners", "Organisation").objects.create(
            kind="buyer", name="Ville", buyer_category="collectivite"
        )
        Market = get("markets", "Market")

        def market(reference, status, notification_date):
            return Market.objects.create(
                territory=territory,
                buyer=buyer,
                reference=reference,
                object="Travaux",
                nature="travaux",
                status=status,
                notification_date=notification_date,
            ).pk

        notified = market("2025-M-1", "programme", date(2025, 3, 1))
        published = market("2025-M-2", "consultation", date(2025, 6, 1))
        not_notified = market("2025-M-3", "programme", None)
        running = market("2025-M-4", "execution", date(2025, 3, 1))

        after = migrate(latest)
        Market, Change = after.get_model("markets", "Market"), after.get_model("markets", "StatusChange")
        statuses = dict(Market.objects.values_list("pk", "status"))
        assert [statuses[pk] for pk in (notified, published, not_notified, running)] == [
            "attribue",
            "attribue",
            "programme",
            "execution",
        ]
        changes = Change.objects.order_by("market_id").values_list("market_id", "old_status", "new_status", "reason")
        assert list(changes) == [
            (notified, "programme", "attribue", "mise en cohérence : marché notifié"),
            (published, "consultation", "attribue", "mise en cohérence : marché notifié"),
        ]
        assert all(change.territory_id == territory.pk for change in Change.objects.all())
    finally:
        migrate(latest)
