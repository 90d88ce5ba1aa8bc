"""The reservations recorded with one legal basis, migrated to one or several articles (clauses 0020), and the
territories' minimum raised to the 35-hour floor (territories 0004).

Transactional tests (the migrations commit), as tests/territories/test_upgrade.py: the test database goes back to
the migration before, is given data with the historical models, then migrated forward; back to the latest at the
end, even when they fail.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_RESERVATIONS = [("clauses", "0019_reservation_bases"), ("markets", "0011_decp_publication")]
BEFORE_FLOOR = [("territories", "0003_territory_counting_unit")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_reservations_keep_their_article_and_gain_those_their_structures_need():
    try:
        before = migrate(BEFORE_RESERVATIONS)
        territory = before.get_model("territories", "Territory").objects.create(name="Val", carrier="PLIE du Val")
        buyer = before.get_model("partners", "Organisation").objects.create(
            kind="buyer", name="Ville du Val", buyer_category="collectivite"
        )
        market = before.get_model("markets", "Market").objects.create(
            territory=territory, buyer=buyer, reference="2026-R", object="Espaces verts", nature="services"
        )
        Consideration = before.get_model("clauses", "Consideration")

        def reserved(legal_basis, structures):
            return Consideration.objects.create(
                market=market, kind="reserved_market", legal_basis=legal_basis, reserved_structures=structures
            ).pk

        siae = reserved("L2113-13", ["aci", "ei"])
        mixed = reserved("L2113-13", ["ei", "esat"])
        no_article = reserved("execution", ["ea"])
        nothing = reserved("execution", [])
        prison_mix = reserved("L2113-13-1", ["prison", "ei"])
        geiq = reserved("L2113-13", ["geiq"])
        hours = Consideration.objects.create(market=market, kind="insertion_hours", legal_basis="execution").pk
        after = migrate(latest())
    finally:
        migrate(latest())
    bases = {c.pk: (c.legal_basis, c.combined_bases) for c in after.get_model("clauses", "Consideration").objects.all()}
    assert bases == {
        siae: ("L2113-13", []),
        mixed: ("L2113-12", ["L2113-13"]),  # the ESAT it listed needs L2113-12
        no_article: ("L2113-12", []),
        nothing: ("L2113-13", []),
        prison_mix: ("L2113-13-1", []),  # L2113-14 forbids the mix: left for the facilitator, the page flags it
        geiq: ("L2113-13", []),  # no article names a GEIQ: left as it was, flagged
        hours: ("execution", []),
    }


@pytest.mark.django_db(transaction=True)
def test_territory_minimum_under_35_hours_is_raised_to_the_floor():
    try:
        before = migrate(BEFORE_FLOOR)
        Territory = before.get_model("territories", "Territory")
        low = Territory.objects.create(name="Bas", carrier="PLIE", minimum_hours=20).pk
        usual = Territory.objects.create(name="Usuel", carrier="PLIE", minimum_hours=120).pk
        after = migrate(latest())
    finally:
        migrate(latest())
    minimums = dict(after.get_model("territories", "Territory").objects.values_list("pk", "minimum_hours"))
    assert (minimums[low], minimums[usual]) == (35, 120)
