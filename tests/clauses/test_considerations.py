"""Creating and editing considerations: the form of each kind, its refusals in French, the contract page."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from clauses.models import Consideration
from tests.factories import (
    ConsiderationFactory,
    EligibleCategoryFactory,
    EligibleListFactory,
    LotFactory,
    MarketFactory,
)


@pytest.fixture
def categories(db):
    eligible_list = EligibleListFactory()
    return [EligibleCategoryFactory(eligible_list=eligible_list) for _ in range(3)]


def create(client, market, kind, data):
    return client.post(f"{reverse('clauses:create', args=[market.pk])}?type={kind}", data)


def common(categories, count=2, **extra):
    return {
        "legal_basis": "execution",
        "status": "envisagee",
        "eligible_list": categories[0].eligible_list_id,
        "eligible_categories": [c.pk for c in categories[:count]],
        "penalty_per_unit": "50",
        **extra,
    }


def test_kind_chooser_lists_the_seven_kinds(client, facilitator, market):
    client.force_login(facilitator)
    content = client.get(reverse("clauses:create", args=[market.pk])).content.decode()
    assert content.count("?type=") == 7
    assert "Plan de progrès" in content


def test_insertion_hours_form_is_prefilled_and_computes_the_target(client, facilitator, categories):
    market = MarketFactory(amount=Decimal("1000000"), cpv="45262500-6")
    client.force_login(facilitator)
    response = client.get(f"{reverse('clauses:create', args=[market.pk])}?type=insertion_hours")
    form = response.context["form"]
    assert form.initial["calc_amount"] == Decimal("1000000")
    assert form.initial["calc_labour_share"] == Decimal("0.5")  # masonry, from the reference data
    assert (form.initial["calc_hourly_cost"], form.initial["calc_insertion_rate"]) == (Decimal("30"), Decimal("0.05"))
    response = create(
        client,
        market,
        "insertion_hours",
        common(
            categories,
            calc_amount="1000000",
            calc_labour_share="0.5",
            calc_hourly_cost="30",
            calc_insertion_rate="0.05",
            modalities=["embauche", "formation"],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    consideration = Consideration.objects.get()
    assert (consideration.target, consideration.unit, consideration.modalities) == (
        Decimal("833"),
        "hours",
        ["embauche", "formation"],
    )
    assert set(consideration.eligible_categories.all()) == set(categories[:2])


def test_single_eligible_category_is_refused(client, facilitator, market, categories):
    client.force_login(facilitator)
    response = create(client, market, "insertion_hours", common(categories, count=1, target="100"))
    assert response.status_code == 200
    assert "ne peut pas être restreinte à une seule catégorie" in response.content.decode()
    assert not Consideration.objects.exists()


def test_categories_of_another_list_are_refused(client, facilitator, market, categories):
    other = EligibleCategoryFactory()
    client.force_login(facilitator)
    data = common(categories, count=1)
    data["eligible_categories"].append(other.pk)
    response = create(client, market, "illiteracy", data)
    assert "Choisissez des catégories de la liste retenue." in response.content.decode()
    assert not Consideration.objects.exists()


def test_social_actions_need_a_link_justification(client, facilitator, market, categories):
    client.force_login(facilitator)
    data = common(
        categories, actions_offered=["visite", "parrainage"], actions_quantity="2", target="2", unit="actions"
    )
    response = create(client, market, "social_actions", data)
    assert "Justifiez le lien avec l&#x27;objet du marché : les actions sociales" in response.content.decode()
    response = create(client, market, "social_actions", {**data, "link_justification": "Visites du chantier"})
    assert response.status_code == 302
    assert Consideration.objects.get().actions_offered == ["visite", "parrainage"]


def test_diversity_clause_without_link_justification_is_refused(client, facilitator, market, categories):
    client.force_login(facilitator)
    data = common(categories, required_actions="Une session de découverte réservée aux femmes", target="4")
    response = create(client, market, "diversity", data)
    content = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and not Consideration.objects.exists()
    assert "les actions pour l'égalité et contre les discriminations portent sur les recrutements" in content
    assert "(source : fiche C1.2, § III et « À retenir » (lien avec l'objet du marché))" in content
    assert "Une session de découverte réservée aux femmes" in content  # what was typed is kept


def test_illiteracy_clause_with_no_eligible_public_is_accepted(client, facilitator, market):
    client.force_login(facilitator)
    data = {
        "legal_basis": "execution",
        "status": "envisagee",
        "penalty_per_unit": "50",
        "link_justification": "Formation des compagnons affectés au chantier",
        "standalone_reason": "trop_petit",
    }
    response = create(client, market, "illiteracy", data)
    assert response.status_code == 302, response.context["form"].errors
    assert Consideration.objects.get().eligible_list is None


def test_reserved_market_and_insertion_purchase_offer_no_standalone_reason(client, facilitator, market):
    client.force_login(facilitator)
    for kind in ("reserved_market", "insertion_purchase", "insertion_hours"):
        response = client.get(f"{reverse('clauses:create', args=[market.pk])}?type={kind}")
        assert "standalone_reason" not in response.context["form"].fields
    response = client.get(f"{reverse('clauses:create', args=[market.pk])}?type=social_actions")
    assert "standalone_reason" in response.context["form"].fields


def reservation(**extra):
    return {"status": "envisagee", "reservation_bases": ["L2113-13"], "reserved_structures": ["ei", "aci"], **extra}


def test_reservation_on_L2113_12_and_L2113_13_accepts_ea_and_siae(client, facilitator, market):
    client.force_login(facilitator)
    data = reservation(reservation_bases=["L2113-13", "L2113-12"], reserved_structures=["ea", "esat", "ei"])
    assert create(client, market, "reserved_market", data).status_code == 302
    consideration = Consideration.objects.get()
    assert (consideration.legal_basis, consideration.combined_bases) == ("L2113-12", ["L2113-13"])
    assert consideration.reservation_bases == ["L2113-12", "L2113-13"]
    response = client.get(reverse("clauses:update", args=[consideration.pk]))
    assert response.context["form"].initial["reservation_bases"] == ["L2113-12", "L2113-13"]
    content = client.get(reverse("clauses:detail", args=[consideration.pk])).content.decode()
    assert "réservation aux EA et ESAT (L2113-12) ; réservation aux SIAE (L2113-13)" in content


def test_reservation_on_L2113_13_refuses_an_esat(client, facilitator, market):
    client.force_login(facilitator)
    response = create(client, market, "reserved_market", reservation(reserved_structures=["ei", "esat"]))
    content = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and not Consideration.objects.exists()
    assert "ESAT n'est bénéficiaire d'aucun des articles retenus (L2113-13)" in content
    assert "(source : article L2113-12)" in content
    form = response.context["form"]
    assert (form["reserved_structures"].value(), form["reservation_bases"].value()) == (["ei", "esat"], ["L2113-13"])


def test_reservation_without_an_article_is_refused_in_french(client, facilitator, market):
    client.force_login(facilitator)
    response = create(client, market, "reserved_market", reservation(reservation_bases=[]))
    assert "Choisissez au moins un article de réservation." in response.content.decode()
    assert not Consideration.objects.exists()


def test_reserved_market_prison_cannot_be_combined(client, facilitator, market):
    client.force_login(facilitator)
    data = reservation(reservation_bases=["L2113-13-1"], reserved_structures=["prison", "ei"])
    response = create(client, market, "reserved_market", data)
    content = response.content.decode().replace("&#x27;", "'")
    assert "ne peut pas être ouvert en même temps à d'autres structures" in content
    assert "(source : article L2113-14)" in content
    response = create(client, market, "reserved_market", {**data, "reservation_bases": ["execution"]})
    assert "Sélectionnez un choix valide" in response.content.decode()  # only reservations are offered
    data["reserved_structures"] = ["prison"]
    assert create(client, market, "reserved_market", data).status_code == 302


def test_ess_reservation_beyond_three_years_is_refused(client, facilitator):
    market = MarketFactory(nature="services", duration_months=48)
    client.force_login(facilitator)
    data = reservation(reservation_bases=["L2113-15"], reserved_structures=["ess"])
    response = create(client, market, "reserved_market", data)
    assert "dure 3 ans au plus (36 mois) : celui-ci dure 48 mois" in response.content.decode()
    assert not Consideration.objects.exists()
    market.duration_months = 36
    market.save()
    assert create(client, market, "reserved_market", data).status_code == 302


def test_lot_of_another_market_is_refused(client, facilitator, market, categories):
    client.force_login(facilitator)
    foreign_lot = LotFactory()
    response = create(client, market, "diversity", common(categories, lot=foreign_lot.pk))
    assert response.status_code == 200 and not Consideration.objects.exists()


def test_edit_keeps_the_kind(client, facilitator, categories):
    consideration = ConsiderationFactory(kind="progress_plan", unit="")
    client.force_login(facilitator)
    response = client.post(
        reverse("clauses:update", args=[consideration.pk]),
        common(
            categories,
            progress_axes="Insertion : deux recrutements\nÉgalité : 30 % de femmes",
            link_justification="Les équipes affectées au marché",
        ),
    )
    assert response.status_code == 302
    consideration.refresh_from_db()
    assert consideration.kind == "progress_plan"
    assert consideration.axes == [("Insertion", "deux recrutements"), ("Égalité", "30 % de femmes")]


def test_contract_page_shows_the_rules(client, facilitator, market, categories):
    actions = ConsiderationFactory(
        market=market, kind="social_actions", unit="actions", penalty_per_unit=None, actions_offered=["parrainage"]
    )
    actions.eligible_categories.set(categories[:1])
    client.force_login(facilitator)
    content = client.get(reverse("markets:detail", args=[market.pk])).content.decode()
    assert "Considérations sociales" in content
    assert "ils ne la remplacent pas" not in content
    content = content.replace("&#x27;", "'")
    for message in (
        "elles ne la remplacent pas",
        "Aucune pénalité",
        "Justifiez le lien",
        "parrainage est difficile",
        "ne peut pas être restreinte à une seule catégorie",
    ):
        assert message in content, message
    for source in (
        "fiche C1.2, § I « Attention » et « À retenir »",
        "fiche C1.2, « À retenir » (pénalités)",
        "fiche C1.2, § III et « À retenir » (lien avec l'objet du marché)",
        "fiche C1.2, « À retenir » (parrainage)",
        "fiche C1.2, § II (publics éligibles)",
    ):
        assert f"(source : {source})" in content, source


def test_contract_page_shows_a_reservation_its_articles_do_not_allow(client, facilitator, market):
    """A reservation recorded before the rules (the data migration leaves a GEIQ as it was) is flagged."""
    ConsiderationFactory(
        market=market, kind="reserved_market", legal_basis="L2113-13", unit="share", reserved_structures=["geiq"]
    )
    client.force_login(facilitator)
    content = client.get(reverse("markets:detail", args=[market.pk])).content.decode().replace("&#x27;", "'")
    assert "Un GEIQ n'est pas une structure d'insertion par l'activité économique" in content
    assert "La réservation sur l'article L2113-13 n'a aucune structure bénéficiaire" in content
    assert "(source : article L2113-13)" in content


def test_contract_page_section_query_count_with_many_considerations(
    facilitator, market, categories, django_assert_num_queries
):
    """The section's own queries, whatever other sections the contract page shows (its total is asserted in
    tests/markets/test_markets.py)."""
    for number in range(55):
        consideration = ConsiderationFactory(market=market, lot=LotFactory(market=market, number=number + 1))
        consideration.eligible_categories.set(categories)
    template = Template("{% load clauses_tags %}{% market_considerations market user %}")
    # trades, considerations (lot, category count), Climat et Résilience flag (exemption); the territory's
    # settings come with the contract (its page reads them: tests/markets/test_markets.py)
    with django_assert_num_queries(3):
        content = template.render(Context({"market": market, "user": facilitator}))
    assert content.count("Conforme à la fiche") == 55


def test_detail_query_count(client, facilitator, market, categories, django_assert_num_queries):
    consideration = ConsiderationFactory(market=market)
    consideration.eligible_categories.set(categories)
    for _ in range(55):
        ConsiderationFactory(market=market, kind="diversity")
    client.force_login(facilitator)
    # session, user, consideration (market, buyer, facilitator, lot, list, partner), categories,
    # territory, trades, sibling kinds
    with django_assert_num_queries(9):
        response = client.get(reverse("clauses:detail", args=[consideration.pk]))
    assert response.context["findings"] == []


def test_buyer_user_reads_but_cannot_edit(client, buyer_user, market):
    consideration = ConsiderationFactory(market=market)
    client.force_login(buyer_user)
    assert client.get(reverse("clauses:detail", args=[consideration.pk])).status_code == 200
    assert client.post(reverse("clauses:update", args=[consideration.pk]), {}).status_code == 403
    content = client.get(reverse("markets:detail", args=[market.pk])).content.decode()
    assert "Ajouter une considération" not in content


def test_exemption_is_recorded(client, facilitator, market):
    client.force_login(facilitator)
    response = client.post(reverse("clauses:exemption", args=[market.pk]), {"reason": "concurrence"})
    assert response.status_code == 302
    assert market.climate_exemption.get_reason_display() == "restriction de la concurrence"
    client.post(reverse("clauses:exemption", args=[market.pk]), {"reason": "lien", "details": "Achat de papier"})
    market.climate_exemption.refresh_from_db()
    assert (market.climate_exemption.reason, market.climate_exemption.recorded_by) == ("lien", facilitator)
