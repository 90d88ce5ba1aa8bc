from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from markets.models import Lot, Market
from tests.factories import ContractorFactory, LotFactory, MarketFactory, OrganisationFactory


def test_cpv_format_is_validated(market):
    market.cpv = "4500"
    with pytest.raises(ValidationError) as error:
        market.full_clean()
    assert "8 chiffres" in str(error.value)
    market.cpv = "45000000-7"
    market.full_clean()


def test_end_before_start_is_refused(market):
    market.start_date, market.end_date = date(2026, 5, 1), date(2026, 4, 1)
    with pytest.raises(ValidationError) as error:
        market.full_clean()
    assert "ne peut pas précéder" in str(error.value)


def test_visible_to_scopes_buyer_users(market, other_market, buyer_user, facilitator):
    assert list(Market.objects.visible_to(buyer_user)) == [market]
    assert set(Market.objects.visible_to(facilitator)) == {market, other_market}


def test_create_makes_a_single_lot(client, facilitator, buyer):
    client.force_login(facilitator)
    response = client.post(
        reverse("markets:create"),
        {
            "buyer": buyer.pk,
            "reference": "2026-TRX-099",
            "object": "Rénovation du gymnase",
            "nature": "travaux",
            "contract_type": "marche",
            "amount": "850000",
            "cpv": "45212222-8",
        },
    )
    assert response.status_code == 302
    market = Market.objects.get(reference="2026-TRX-099")
    lot = market.lots.get()
    assert (lot.number, lot.title, lot.amount, lot.cpv) == (1, "Rénovation du gymnase", Decimal("850000"), "45212222-8")


def test_negative_amount_redisplays_the_form(client, facilitator, buyer):
    client.force_login(facilitator)
    response = client.post(
        reverse("markets:create"),
        {
            "buyer": buyer.pk,
            "reference": "X-1",
            "object": "Objet",
            "nature": "travaux",
            "contract_type": "marche",
            "amount": "-5",
        },
    )
    assert response.status_code == 200
    assert "Le montant ne peut pas être négatif." in response.content.decode()
    assert not Market.objects.exists()


def test_duplicate_reference_per_buyer_is_refused(client, facilitator, market):
    client.force_login(facilitator)
    response = client.post(
        reverse("markets:create"),
        {
            "buyer": market.buyer.pk,
            "reference": market.reference,
            "object": "Autre",
            "nature": "services",
            "contract_type": "marche",
        },
    )
    assert "Ce donneur d&#x27;ordre a déjà un marché avec cette référence." in response.content.decode()
    assert Market.objects.count() == 1


def test_a_contract_another_territory_follows_is_refused_in_french(client, other_territory_facilitator, market):
    """The facilitator of another territory cannot see the contract (row-level security): the database's unique
    constraint finds it, the form says so, and nothing is written."""
    client.force_login(other_territory_facilitator)
    fields = {"buyer": market.buyer.pk, "object": "Autre", "nature": "services", "contract_type": "marche"}
    response = client.post(reverse("markets:create"), {**fields, "reference": market.reference})
    assert response.status_code == 200
    assert "déjà suivi par un autre territoire" in response.content.decode()
    assert list(Market.objects.values_list("territory", flat=True)) == [market.territory_id]
    response = client.post(reverse("markets:create"), {**fields, "reference": "AUTRE-1"})
    assert response.status_code == 302
    assert Market.objects.get(reference="AUTRE-1").territory == other_territory_facilitator.territory


def test_duplicate_lot_number_is_refused(client, facilitator, market):
    LotFactory(market=market, number=1)
    client.force_login(facilitator)
    response = client.post(reverse("markets:lot_create", args=[market.pk]), {"number": 1, "title": "Bis"})
    assert response.status_code == 200
    assert "Ce marché a déjà un lot portant ce numéro." in response.content.decode()
    assert market.lots.count() == 1


def test_add_contractor(client, facilitator, market):
    lot = LotFactory(market=market)
    company = OrganisationFactory()
    client.force_login(facilitator)
    response = client.post(
        reverse("markets:contractor_create", args=[lot.pk]),
        {"organisation": company.pk, "role": "titulaire", "amount": "100000"},
    )
    assert response.status_code == 302
    assert lot.contractors.get().organisation == company


def test_status_change_is_recorded_with_who_and_why(client, facilitator, market):
    client.force_login(facilitator)
    # no end date: closing is a decision, with its reason (markets.lifecycle)
    client.post(reverse("markets:status", args=[market.pk]), {"status": "clos", "reason": "résiliation"})
    market.refresh_from_db()
    change = market.status_changes.get()
    assert (market.status, change.old_status, change.new_status, change.changed_by, change.reason) == (
        "clos",
        "execution",
        "clos",
        facilitator,
        "résiliation",
    )


def test_buyer_user_cannot_reach_a_lot_of_another_buyer(client, buyer_user, other_market):
    lot = LotFactory(market=other_market)
    client.force_login(buyer_user)
    assert client.get(reverse("markets:contractor_create", args=[lot.pk])).status_code == 403


def test_list_filters(client, facilitator, buyer, other_buyer):
    MarketFactory(
        buyer=buyer,
        nature="services",
        status="clos",
        amount=Decimal("50000"),
        notification_date=date(2024, 1, 5),
        object="Nettoyage des écoles",
    )
    MarketFactory(buyer=other_buyer, nature="travaux", status="execution", amount=Decimal("2000000"))
    client.force_login(facilitator)

    def refs(**params):
        return [m.object for m in client.get(reverse("markets:list"), params).context["object_list"]]

    assert refs(buyer=buyer.pk) == ["Nettoyage des écoles"]
    assert refs(status="clos") == ["Nettoyage des écoles"]
    assert refs(nature="services") == ["Nettoyage des écoles"]
    assert refs(year=2024) == ["Nettoyage des écoles"]
    assert refs(amount_max=100000) == ["Nettoyage des écoles"]
    assert refs(amount_min=100000) != ["Nettoyage des écoles"]
    assert refs(q="nettoyage") == ["Nettoyage des écoles"]
    assert refs(sort="montant")[-1] == "Nettoyage des écoles"


def test_list_query_count_with_many_rows(client, facilitator, buyer, django_assert_num_queries):
    for _ in range(60):
        LotFactory(market=MarketFactory(buyer=buyer, facilitator=facilitator))
    client.force_login(facilitator)
    # session, user, count, page (with buyer and facilitator), filter choices: buyers, facilitators
    with django_assert_num_queries(8):
        response = client.get(reverse("markets:list"))
    assert response.context["paginator"].count == 60
    assert len(response.context["object_list"]) == 25


def test_buyer_user_list_shows_only_its_contracts(client, buyer_user, market, other_market, django_assert_num_queries):
    client.force_login(buyer_user)
    # session, user, count, page, the user's organisation (menu); no filter choices for buyer users
    with django_assert_num_queries(7):
        response = client.get(reverse("markets:list"))
    assert list(response.context["object_list"]) == [market]
    assert "Donneur d&#x27;ordre" not in response.content.decode().split("<table")[0]


def test_detail_query_count_with_many_lots(client, facilitator, market, django_assert_num_queries):
    for number in range(1, 56):
        ContractorFactory(lot=LotFactory(market=market, number=number))
    client.force_login(facilitator)
    # session, user, market (buyer, facilitator), lots, contractors (organisation), status changes,
    # + 4 for the social considerations section (clauses_tags): territory settings, trades, considerations,
    # Climat et Résilience flag (with the exemption)
    # + 1 for the "Réalisation" section (followup_tags): the considerations with their realised figures
    # + 1 for the DECP modifications
    with django_assert_num_queries(14):
        response = client.get(reverse("markets:detail", args=[market.pk]))
    assert response.content.decode().count("Pas encore d&#x27;entreprise") == 0
    assert Lot.objects.filter(market=market).count() == 55


def test_contract_page_shows_its_decp_origin_and_modifications(client, facilitator):
    from markets.models import Modification
    from tests.factories import DecpMarketFactory

    market = DecpMarketFactory(published_considerations="Clause sociale,Critère social")
    Modification.objects.create(
        market=market, decp_id="1", date=date(2026, 6, 1), amount=Decimal("1200000"), duration_months=18
    )
    client.force_login(facilitator)
    content = client.get(reverse("markets:detail", args=[market.pk])).content.decode()
    assert "données essentielles (DECP)" in content
    assert "Clause sociale, Critère social" in content
    assert "Modifications publiées" in content and "1\xa0200\xa0000,00 €" in content and "18 mois" in content
    assert reverse("reporting:market_report", args=[market.pk]) in content
