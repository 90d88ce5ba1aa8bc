"""No silent overwrite: a DECP record matching a contract typed in Levier is held with its differences, the
facilitator keeps their values or takes the DECP's per contract; every write of the import has a history version
with its author and source."""

import csv
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from markets.decp.conflicts import KEEP, TAKE, TAKEN_REASON
from markets.decp.importer import COMMAND_REASON, PAGE_REASON
from markets.models import DecpConflict, Lot, Market, StatusChange
from tests.factories import BuyerFactory, MarketFactory
from tests.markets.test_decp_import import run, upload, write
from tests.markets.test_decp_normalise import BUYER, marche

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed(facilitator):
    """A contract typed in by hand under the reference and buyer SIRET of the DECP record ``marche()``."""
    return MarketFactory(
        buyer=BuyerFactory(siret=BUYER),
        reference="2024-M-001",
        object="Espaces verts du parc (saisi)",
        nature="services",
        amount=Decimal("99000"),
        notification_date=date(2024, 2, 1),
        status="execution",
        facilitator=facilitator,
    )


def test_a_typed_in_contract_is_not_changed_and_the_report_lists_its_differences(tmp_path, typed):
    versions = typed.history.count()
    result = run(write(tmp_path, [marche()]), report_path=tmp_path / "rapport.csv")
    assert result.counts() == {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "held": 1}
    typed.refresh_from_db()
    assert (typed.object, typed.amount, typed.notification_date, typed.status) == (
        "Espaces verts du parc (saisi)",
        Decimal("99000.00"),
        date(2024, 2, 1),
        "execution",
    )
    assert typed.history.count() == versions and not StatusChange.objects.exists() and not Lot.objects.exists()
    differences = {d.label: (d.mine, d.decp) for d in result.held_contracts[0].differences}
    assert differences["objet"] == ("Espaces verts du parc (saisi)", "Entretien des espaces verts")
    assert differences["montant estimé HT (€)"] == ("99\u00a0000,00 €", "120\u00a0000,00 €")
    assert differences["notification"] == ("01/02/2024", "01/03/2024")
    assert differences["statut"] == ("en exécution", "clos")
    rows = list(csv.reader((tmp_path / "rapport.csv").open(encoding="utf-8")))
    assert rows[1][:2] == ["1", "2024-M-001"]
    assert "objet : « Espaces verts du parc (saisi) » → « Entretien des espaces verts »" in rows[1][2]
    assert DecpConflict.objects.get().market == typed


def test_a_typed_in_contract_the_record_agrees_with_is_unchanged(tmp_path, typed):
    run(write(tmp_path, [marche()]))
    DecpConflict.objects.all().delete()
    Market.objects.filter(pk=typed.pk).update(
        object="Entretien des espaces verts",
        nature="services",
        amount=Decimal("120000"),
        notification_date=date(2024, 3, 1),
        status="clos",
        decp_publication={"marcheInnovant": False},
        published_considerations="Clause sociale",
        procedure="Procédure adaptée",
        cpv="77310000-6",
        duration_months=24,
        place_postcode="69001",
    )
    result = run(write(tmp_path, [marche()], name="again.json"))
    assert result.held == 0 and not DecpConflict.objects.exists()


def post_choices(client, choices):
    return client.post(reverse("markets:decp_conflicts"), {f"choix-{pk}": value for pk, value in choices.items()})


def test_the_facilitator_takes_the_decp_values_or_keeps_theirs_per_contract(client_for, facilitator, tmp_path, typed):
    other = MarketFactory(buyer=typed.buyer, reference="2024-M-002", object="Voirie (saisi)")
    run(write(tmp_path, [marche(), marche(id="2024-M-002")]))
    conflicts = {c.market_id: c for c in DecpConflict.objects.all()}
    client = client_for(facilitator)
    page = client.get(reverse("markets:decp_conflicts")).content.decode()
    assert "Espaces verts du parc (saisi)" in page and "Voirie (saisi)" in page and "garder mes valeurs" in page
    response = post_choices(client, {conflicts[typed.pk].pk: TAKE, conflicts[other.pk].pk: KEEP})
    assert response.status_code == 302
    typed.refresh_from_db()
    assert (typed.object, typed.amount, typed.status) == ("Entretien des espaces verts", Decimal("120000"), "clos")
    latest = typed.history.first()
    assert latest.history_user == facilitator and latest.history_change_reason == TAKEN_REASON
    assert StatusChange.objects.get(market=typed).changed_by == facilitator
    other.refresh_from_db()
    assert other.object == "Voirie (saisi)"
    kept = DecpConflict.objects.get()
    assert kept.market == other and kept.kept_by == facilitator
    assert "Voirie" not in client.get(reverse("markets:decp_conflicts")).content.decode()
    # the same values again: not asked again; other values: asked again
    assert run(write(tmp_path, [marche(id="2024-M-002")], name="again.json")).counts()["held"] == 0
    changed = run(write(tmp_path, [marche(id="2024-M-002", objet="Voirie, nouvel avenant")], name="new.json"))
    assert changed.held == 1 and DecpConflict.objects.get().kept_at is None


def test_the_choice_page_is_the_territory_s_and_its_queries_do_not_grow(
    client_for, facilitator, other_territory_facilitator, tmp_path, django_assert_num_queries
):
    buyer = BuyerFactory(siret=BUYER)
    for number in range(12):
        MarketFactory(buyer=buyer, reference=f"2024-M-{number:03d}", object=f"Saisi {number}")
    run(write(tmp_path, [marche(id=f"2024-M-{number:03d}") for number in range(12)]))
    assert DecpConflict.objects.count() == 12
    client = client_for(facilitator)
    client.get(reverse("markets:decp_conflicts"))
    # session, user, the scope set and reset, the conflicts with their contracts, buyers and importers
    with django_assert_num_queries(5):
        page = client.get(reverse("markets:decp_conflicts")).content.decode()
    assert page.count("prendre les valeurs DECP") == 12
    outsider = client_for(other_territory_facilitator)
    assert "Saisi 1" not in outsider.get(reverse("markets:decp_conflicts")).content.decode()
    conflict = DecpConflict.objects.first()
    post_choices(outsider, {conflict.pk: TAKE})
    conflict.market.refresh_from_db()
    assert conflict.market.object.startswith("Saisi")


def test_every_bulk_write_of_the_import_has_its_author_and_source(client_for, facilitator, tmp_path):
    call_command("import_decp", str(write(tmp_path, [marche()])), stdout=StringIO())
    market = Market.objects.get()
    created = market.history.get()
    assert created.history_user is None and created.history_change_reason == COMMAND_REASON
    assert market.lots.get().history.get().history_change_reason == COMMAND_REASON
    response = client_for(facilitator).post(
        reverse("markets:decp_import"), {"file": upload(records=[marche(objet="Entretien des espaces verts, lot 2")])}
    )
    assert response.context["result"].updated == 1
    latest = market.history.first()
    assert latest.history_user == facilitator and latest.history_change_reason == PAGE_REASON
    assert latest.object == "Entretien des espaces verts, lot 2"
    lot = market.lots.get().history.first()
    assert lot.history_user == facilitator and lot.history_change_reason == PAGE_REASON
