"""The upgrade of an instance's EU thresholds (clauses 0021-0022): its rows keyed by buyer category become rows
keyed by buyer type, its own amounts and periods kept (the lowest of a key when they differ), and the thresholds
the code holds are added; backwards, one row per category again.

A transactional test (the migrations commit), as tests/territories/test_upgrade.py: it migrates the clauses app
alone back and forth, and back to the latest at the end, even when it fails."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clauses.thresholds import DEFAULT_THRESHOLDS

BEFORE = [("clauses", "0020_reservation_bases_data")]
CENTRAL_SERVICES_2026 = next(
    t.source
    for t in DEFAULT_THRESHOLDS
    if (t.valid_from, t.purchase, t.buyer_type) == (date(2026, 1, 1), "services", "central")
)
CATEGORIES = ("etat", "collectivite", "bailleur_social", "etablissement_public", "autre")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest():
    yield MigrationExecutor(connection).loader.graph.leaf_nodes("clauses")
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def old_rows(apps, valid_from, valid_until, nature, amounts):
    EuThreshold = apps.get_model("clauses", "EuThreshold")
    for category, amount in zip(CATEGORIES, amounts, strict=True):
        EuThreshold.objects.create(
            valid_from=valid_from, valid_until=valid_until, nature=nature, buyer_category=category, amount=amount
        )


@pytest.mark.django_db(transaction=True)
def test_an_instances_thresholds_are_converted_and_completed(latest):
    apps = migrate(BEFORE)
    apps.get_model("clauses", "EuThreshold").objects.all().delete()
    # the 2026 services as 0002 loaded them, and a 2028 period an admin typed, one category with a typo
    old_rows(apps, date(2026, 1, 1), date(2027, 12, 31), "services", [140_000] + [216_000] * 4)
    old_rows(apps, date(2028, 1, 1), None, "travaux", [5_500_000] * 3 + [55_000_000, 5_500_000])

    EuThreshold = migrate(latest).get_model("clauses", "EuThreshold")
    rows = {(t.valid_from, t.purchase, t.buyer_type): (t.amount, t.source) for t in EuThreshold.objects.all()}
    assert rows[date(2026, 1, 1), "services", "central"] == (Decimal("140000"), CENTRAL_SERVICES_2026)
    assert rows[date(2026, 1, 1), "services", "pouvoir_adjudicateur"][0] == Decimal("216000")
    assert rows[date(2028, 1, 1), "travaux", "central"] == (Decimal("5500000"), "")
    assert rows[date(2028, 1, 1), "travaux", "pouvoir_adjudicateur"] == (Decimal("5500000"), "")  # the lowest
    # every threshold of the code is there, next to the instance's 2028 ones
    assert len(rows) == len(DEFAULT_THRESHOLDS) + 2

    back = migrate(BEFORE).get_model("clauses", "EuThreshold")
    assert sorted(back.objects.filter(valid_from=date(2028, 1, 1)).values_list("buyer_category", "amount")) == sorted(
        (category, Decimal("5500000")) for category in CATEGORIES
    )
    assert not back.objects.exclude(buyer_category__in=CATEGORIES).exists()
