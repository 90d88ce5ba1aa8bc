from decimal import Decimal

from django.urls import reverse

from clauses.models import TradeLabourShare


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
