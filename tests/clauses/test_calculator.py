from decimal import Decimal

import pytest
from django.urls import reverse

from clauses.models import Consideration, TradeLabourShare
from tests.factories import ConsiderationFactory, EligibleCategoryFactory, EligibleListFactory, MarketFactory


def test_calculator_page_starts_with_the_territory_defaults(client, buyer_user):
    client.force_login(buyer_user)
    response = client.get(reverse("clauses:calculator"))
    assert response.context["form"].initial == {"hourly_cost": Decimal("30"), "insertion_rate": Decimal("5")}
    assert "Saisissez le montant" in response.content.decode()


def test_calculator_worked_example(client, facilitator):
    client.force_login(facilitator)
    response = client.get(
        reverse("clauses:calculator"),
        {"amount": "1000000", "labour_share": "50", "hourly_cost": "30", "insertion_rate": "5"},
    )
    assert response.context["form"].cleaned_data["hours"] == 833
    assert "833 h" in response.content.decode()


def test_calculator_with_a_trade_and_htmx_renders_only_the_result(client, facilitator):
    painting = TradeLabourShare.objects.get(cpv_prefix="45442")
    client.force_login(facilitator)
    response = client.get(
        reverse("clauses:calculator"),
        {"amount": "100000", "trade": painting.pk, "hourly_cost": "25", "insertion_rate": "10"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "280 h" in content  # 100 000 × 70 % × 10 % ÷ 25


def test_calculator_refuses_bad_input_in_french(client, facilitator):
    client.force_login(facilitator)
    content = client.get(
        reverse("clauses:calculator"), {"amount": "-1", "hourly_cost": "0", "insertion_rate": "150"}
    ).content.decode()
    assert "Choisissez un métier ou saisissez la part de main-d&#x27;œuvre." in content
    assert "Corrigez les données signalées." in content


def test_labour_share_longest_prefix_wins(db):
    assert TradeLabourShare.objects.share_for("45442100-8") == Decimal("0.7")
    assert TradeLabourShare.objects.share_for("45214210-5") == Decimal("0.4")
    assert TradeLabourShare.objects.share_for("") is None


# --- the calculation is a proposal beside the clause's objective ---------------------------------------------


def hours_clause_data(categories, **extra):
    return {
        "legal_basis": "execution",
        "status": "retenue",
        "unit": "hours",
        "eligible_list": categories[0].eligible_list_id,
        "eligible_categories": [c.pk for c in categories[:2]],
        "penalty_per_unit": "50",
        "calc_amount": "1000000",
        "calc_labour_share": "0.5",
        "calc_hourly_cost": "30",
        "calc_insertion_rate": "0.05",
        **extra,
    }


@pytest.fixture
def categories(db):
    eligible_list = EligibleListFactory()
    return [EligibleCategoryFactory(eligible_list=eligible_list) for _ in range(2)]


@pytest.fixture
def works(db):
    return MarketFactory(amount=Decimal("1000000"), cpv="45262500-6")


def calculated_clause(market, target):
    """An insertion clause whose calculation gives 833 h (1 000 000 € × 50 % × 5 % ÷ 30 €)."""
    return ConsiderationFactory(
        market=market,
        target=target,
        calc_amount=Decimal("1000000"),
        calc_labour_share=Decimal("0.5"),
        calc_hourly_cost=Decimal("30"),
        calc_insertion_rate=Decimal("0.05"),
    )


def create_url(market):
    return f"{reverse('clauses:create', args=[market.pk])}?type=insertion_hours"


def test_clause_form_shows_the_proposal_beside_the_objective(client, facilitator, works):
    client.force_login(facilitator)
    form = client.get(create_url(works)).context["form"]
    assert form.initial["target"] == 833  # an empty objective starts from the proposal
    assert (
        form.fields["target"]
        .help_text.replace("\xa0", " ")
        .startswith(
            "Proposition du calcul : 1 000 000 € HT × 50 % de main-d'œuvre × 5 % d'insertion ÷ 30 € de coût horaire "
            "moyen = 833 h."
        )
    )


def test_negotiated_objective_is_kept_when_the_calculation_differs(client, facilitator, works, categories):
    client.force_login(facilitator)
    response = client.post(create_url(works), hours_clause_data(categories, target="600"))
    assert response.status_code == 302, response.context["form"].errors
    consideration = Consideration.objects.get()
    assert (consideration.target, consideration.computed_hours()) == (Decimal("600"), 833)
    # saved again with other inputs, the facilitator's figure still stands
    data = hours_clause_data(categories, target="600", calc_insertion_rate="0.1")
    assert client.post(reverse("clauses:update", args=[consideration.pk]), data).status_code == 302
    consideration.refresh_from_db()
    assert (consideration.target, consideration.computed_hours()) == (Decimal("600"), 1667)


def test_empty_objective_takes_the_proposal(client, facilitator, works, categories):
    client.force_login(facilitator)
    assert client.post(create_url(works), hours_clause_data(categories, target="")).status_code == 302
    assert Consideration.objects.get().target == Decimal("833")


def test_contract_page_and_clause_text_show_both_figures_when_they_differ(client, facilitator, works):
    consideration = calculated_clause(works, target=Decimal("600"))
    client.force_login(facilitator)
    page = client.get(reverse("markets:detail", args=[works.pk])).content.decode()
    assert "Objectif retenu : 600 h ; calcul : 833 h" in page
    detail = client.get(reverse("clauses:detail", args=[consideration.pk])).content.decode()
    assert "Objectif retenu : 600 h ; calcul : 833 h" in detail
    text = client.get(reverse("clauses:text", args=[consideration.pk])).content.decode()
    text = text.replace("&#x27;", "'").replace("\xa0", " ")
    assert "Objectif chiffré : 600 heures." in text
    assert (
        "Objectif retenu : 600 h ; calcul : 833 h (1 000 000 € HT × 50 % de main-d'œuvre × 5 % d'insertion ÷ 30 € "
        "de coût horaire moyen = 833 h). L'objectif retenu avec l'acheteur est celui qui engage le titulaire."
    ) in text


def test_agreeing_objective_shows_one_figure(client, facilitator, works):
    calculated_clause(works, target=Decimal("833"))
    client.force_login(facilitator)
    page = client.get(reverse("markets:detail", args=[works.pk])).content.decode()
    assert "833 heures" in page and "Objectif retenu" not in page


def test_clause_form_takes_numbers_typed_the_french_way(client, facilitator, works, categories):
    client.force_login(facilitator)
    data = hours_clause_data(
        categories, target="1 200,5", calc_amount="1 000 000", calc_labour_share="0,5", calc_insertion_rate="0,05"
    )
    assert client.post(create_url(works), data).status_code == 302
    consideration = Consideration.objects.get()
    assert (consideration.target, consideration.calc_amount) == (Decimal("1200.5"), Decimal("1000000"))
    assert consideration.calc_insertion_rate == Decimal("0.05")


def test_bad_objective_gets_the_french_error_and_keeps_what_was_typed(client, facilitator, works, categories):
    client.force_login(facilitator)
    response = client.post(create_url(works), hours_clause_data(categories, target="six cents", calc_hourly_cost="0"))
    content = response.content.decode()
    assert response.status_code == 200 and not Consideration.objects.exists()
    assert "Saisissez un nombre." in content
    assert "Le coût horaire moyen doit être strictement positif (reçu : 0)." in content
    form = response.context["form"]
    assert (form["target"].value(), form["calc_amount"].value()) == ("six cents", "1000000")
