"""Editing and deleting a contract's lots and contractors: confirmation, refusals naming the follow-up data, the
history with its author, the lots' amounts against the contract's."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clauses.models import Consideration
from markets.models import Contractor, Lot
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    OrganisationFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
)


@pytest.fixture
def lot(market):
    return LotFactory(market=market, number=1, title="Gros œuvre", amount=Decimal("400000"))


@pytest.fixture
def contractor(lot):
    return ContractorFactory(lot=lot, organisation=OrganisationFactory(name="Bâtir SARL"))


def hours_line(contractor, **kwargs):
    market = contractor.lot.market
    market.start_date, market.end_date = date(2026, 1, 1), date(2026, 12, 31)
    market.save()
    return RealisedHoursFactory(consideration=ConsiderationFactory(market=market), contractor=contractor, **kwargs)


def test_editing_a_lot_reuses_its_form_and_keeps_history_with_the_author(client, facilitator, lot):
    client.force_login(facilitator)
    response = client.post(
        reverse("markets:lot_update", args=[lot.pk]), {"number": 1, "title": "Gros œuvre et VRD", "amount": "450000"}
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert (lot.title, lot.amount) == ("Gros œuvre et VRD", Decimal("450000"))
    latest = lot.history.first()
    assert (latest.history_type, latest.history_user) == ("~", facilitator)


def test_a_lot_number_taken_by_another_lot_is_refused_on_edit(client, facilitator, lot, market):
    other = LotFactory(market=market, number=2)
    client.force_login(facilitator)
    response = client.post(reverse("markets:lot_update", args=[other.pk]), {"number": 1, "title": "Bis"})
    assert response.status_code == 200
    assert "Ce marché a déjà un lot portant ce numéro." in response.content.decode()


def test_the_confirmation_page_lists_what_goes_with_the_lot(client, facilitator, lot, contractor, market):
    ConsiderationFactory(market=market, lot=lot)
    client.force_login(facilitator)
    content = client.get(reverse("markets:lot_delete", args=[lot.pk])).content.decode()
    assert "Sont supprimés avec lui" in content
    assert "<li>1 titulaires</li>" in content and "<li>1 considérations sociales</li>" in content


def test_deleting_a_lot_after_confirmation_leaves_a_deletion_in_the_history(client, facilitator, lot, contractor):
    client.force_login(facilitator)
    response = client.post(reverse("markets:lot_delete", args=[lot.pk]), follow=True)
    assert not Lot.objects.filter(pk=lot.pk).exists() and not Contractor.objects.filter(pk=contractor.pk).exists()
    assert "Suppression enregistrée : « Lot 1 – Gros œuvre »." in response.content.decode()
    deleted = Lot.history.filter(id=lot.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", facilitator)
    assert Contractor.history.filter(id=contractor.pk, history_type="-").get().history_user == facilitator


def test_deleting_a_lot_with_hours_is_refused_naming_them(client, facilitator, lot, contractor):
    hours_line(contractor)
    client.force_login(facilitator)
    page = client.get(reverse("markets:lot_delete", args=[lot.pk])).content.decode()
    assert "Suppression refusée : 1 ligne(s) d&#x27;heures dépendent de « Lot 1 – Gros œuvre »." in page
    assert 'class="btn btn-danger"' not in page  # no button to confirm
    response = client.post(reverse("markets:lot_delete", args=[lot.pk]), follow=True)
    assert Lot.objects.filter(pk=lot.pk).exists()
    assert "1 ligne(s) d&#x27;heures dépendent" in response.content.decode()


def test_deleting_a_contractor_with_an_action_is_refused(client, facilitator, contractor, market):
    RealisedActionFactory(consideration__market=market, contractor=contractor)
    client.force_login(facilitator)
    client.post(reverse("markets:contractor_delete", args=[contractor.pk]))
    assert Contractor.objects.filter(pk=contractor.pk).exists()
    page = client.get(reverse("markets:contractor_delete", args=[contractor.pk])).content.decode()
    assert "Suppression refusée : 1 action(s) réalisée(s) dépendent de « Bâtir SARL (titulaire) »" in page


def test_deleting_a_lot_whose_clause_has_a_penalty_procedure_is_refused(client, facilitator, lot, market):
    from followup.models import PenaltyDecision

    consideration = ConsiderationFactory(market=market, lot=lot)
    PenaltyDecision.objects.create(consideration=consideration, missing_units=10, computed_amount=100)
    client.force_login(facilitator)
    client.post(reverse("markets:lot_delete", args=[lot.pk]))
    assert Lot.objects.filter(pk=lot.pk).exists() and Consideration.objects.filter(pk=consideration.pk).exists()


def test_another_territory_gets_404_on_edit_and_delete(client, other_territory_facilitator, lot, contractor):
    client.force_login(other_territory_facilitator)
    for name, pk in [("lot_update", lot.pk), ("lot_delete", lot.pk), ("contractor_delete", contractor.pk)]:
        assert client.post(reverse(f"markets:{name}", args=[pk])).status_code == 404
    assert Lot.objects.filter(pk=lot.pk).exists()


def test_changing_a_contractor_s_company_moves_its_realised_hours(client, facilitator, contractor):
    from followup.models import HoursSummary

    line = hours_line(contractor, status="validee", validated_by=facilitator, validated_at=timezone.now())
    other = OrganisationFactory(name="Autre BTP")
    before = HoursSummary.objects.get(consideration=line.consideration)
    assert before.organisation == contractor.organisation
    client.force_login(facilitator)
    response = client.post(
        reverse("markets:contractor_update", args=[contractor.pk]), {"organisation": other.pk, "role": "titulaire"}
    )
    assert response.status_code == 302
    assert list(
        HoursSummary.objects.filter(consideration=line.consideration).values_list("organisation", flat=True)
    ) == [other.pk]
    assert Contractor.history.filter(id=contractor.pk).first().history_user == facilitator


def test_lots_over_the_contract_amount_are_warned_not_refused(client, facilitator, market, lot):
    client.force_login(facilitator)  # the contract: 1 000 000 €; the lot: 400 000 €
    response = client.post(
        reverse("markets:lot_create", args=[market.pk]), {"number": 2, "title": "Second œuvre", "amount": "700000"}
    )
    assert response.status_code == 302 and market.lots.count() == 2
    page = client.get(response.url).content.decode()
    assert "Lot 2 – Second œuvre a été ajouté. Les montants des lots dépassent de 100\u00a0000,00 € HT" in page
    assert (
        "les montants des lots dépassent de 100\u00a0000,00 € HT le montant estimé du marché (1\u00a0000\u00a0000,00 €)"
        in page
    )


def test_lots_within_the_contract_amount_warn_nothing(client, facilitator, market, lot):
    client.force_login(facilitator)
    page = client.get(reverse("markets:detail", args=[market.pk])).content.decode()
    assert "dépassent" not in page


def test_the_contract_page_links_edit_and_delete_for_editors_only(client, facilitator, buyer_user, lot, contractor):
    client.force_login(facilitator)
    page = client.get(reverse("markets:detail", args=[lot.market_id])).content.decode()
    for name, pk in [("lot_update", lot.pk), ("lot_delete", lot.pk), ("contractor_update", contractor.pk)]:
        assert reverse(f"markets:{name}", args=[pk]) in page
    client.force_login(buyer_user)
    page = client.get(reverse("markets:detail", args=[lot.market_id])).content.decode()
    assert reverse("markets:lot_delete", args=[lot.pk]) not in page


def test_a_deleted_contractor_shows_in_the_contract_s_history(client, facilitator, contractor):
    client.force_login(facilitator)
    client.post(reverse("markets:contractor_delete", args=[contractor.pk]))
    entries = client.get(reverse("followup:history", args=[contractor.lot.market_id])).context["entries"]
    deleted = [entry for entry in entries if entry.kind == "entreprise" and entry.action == "suppression"]
    assert [(entry.label, entry.user) for entry in deleted] == [("Bâtir SARL (titulaire)", str(facilitator))]


@pytest.mark.parametrize("contractors", [3, 30])
def test_the_lot_deletion_page_query_count(client, facilitator, lot, market, contractors, django_assert_num_queries):
    for _ in range(contractors):
        ContractorFactory(lot=lot)
    ConsiderationFactory(market=market, lot=lot)
    client.force_login(facilitator)
    # session, user, lot (market scoped), then the collector's walk of what the lot carries: contractors and
    # their hours lines, actions, considerations and theirs (summaries, actions, hours, penalties, plan entries…),
    # the same number of queries whatever the number of contractors
    with django_assert_num_queries(19):
        response = client.get(reverse("markets:lot_delete", args=[lot.pk]))
    assert f"<li>{contractors} titulaires</li>" in response.content.decode()
