"""The market review: recommendations per contract, accepting in one click, dismissing with a reason."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from clauses.models import Consideration, Dismissal
from tests.factories import BuyerFactory, ConsiderationFactory, MarketFactory


def works(**kwargs):
    # 1 000 000 € × 50 % (masonry) × 5 % ÷ 30 € = 833 h
    return MarketFactory(
        **{
            "status": "programme",
            "cpv": "45262500-6",
            "amount": Decimal("1000000"),
            "publication_date": date(2026, 10, 1),
            **kwargs,
        }
    )


def test_review_lists_contracts_under_review_with_their_recommendations(client, facilitator, buyer):
    planned = works(buyer=buyer)
    works(buyer=buyer, status="execution")
    client.force_login(facilitator)
    response = client.get(reverse("clauses:review"))
    [row] = response.context["rows"]
    assert row.market == planned
    assert row.hours == 833
    # the buyer's only contract in division 45: a first attempt in the sector is not proposed twice
    assert [r.kind for r in row.recommendations] == ["insertion_hours"]
    assert "833 h" in response.content.decode()


def test_review_proposes_social_actions_for_a_first_contract_in_a_sector(client, facilitator):
    market = works(buyer=BuyerFactory(), cpv="50312000-5", amount=Decimal("40000"), nature="services")
    client.force_login(facilitator)
    [row] = client.get(reverse("clauses:review")).context["rows"]
    assert row.market == market
    assert [r.kind for r in row.recommendations] == ["social_actions"]
    assert "trop petit" in row.recommendations[0].reason


def test_accept_creates_the_consideration_prefilled(client, facilitator):
    market = works()
    client.force_login(facilitator)
    response = client.post(reverse("clauses:accept", args=[market.pk, "insertion_hours"]))
    consideration = Consideration.objects.get()
    assert response["Location"] == reverse("clauses:update", args=[consideration.pk])
    assert (consideration.kind, consideration.legal_basis, consideration.target, consideration.unit) == (
        "insertion_hours",
        "execution",
        Decimal("833"),
        "hours",
    )
    assert consideration.computed_hours() == 833
    client.post(reverse("clauses:accept", args=[market.pk, "insertion_hours"]))
    assert Consideration.objects.count() == 1  # not twice
    [row] = client.get(reverse("clauses:review")).context["rows"]
    assert "insertion_hours" not in [r.kind for r in row.recommendations]


def test_accepted_reservation_rests_on_L2113_13_and_names_the_siae(client, facilitator):
    market = works(cpv="77311000-3", nature="services")  # green spaces: a support activity
    client.force_login(facilitator)
    client.post(reverse("clauses:accept", args=[market.pk, "reserved_market"]))
    consideration = Consideration.objects.get()
    assert (consideration.reservation_bases, consideration.reserved_structures) == (
        ["L2113-13"],
        ["aci", "ai", "ei", "etti", "eiti"],
    )
    assert consideration.reservation_findings() == []  # as the review's reason says: the SIAE, on L2113-13


def test_accept_refuses_a_kind_that_does_not_apply(client, facilitator):
    market = works()
    client.force_login(facilitator)
    client.post(reverse("clauses:accept", args=[market.pk, "reserved_market"]))
    client.post(reverse("clauses:accept", args=[market.pk, "n_importe_quoi"]))
    assert not Consideration.objects.exists()


def test_dismiss_needs_a_reason_and_hides_the_recommendation(client, facilitator):
    market = works()
    client.force_login(facilitator)
    response = client.post(
        reverse("clauses:dismiss", args=[market.pk, "insertion_hours"]), {"reason": " "}, follow=True
    )
    assert "Indiquez pourquoi cette considération n&#x27;est pas retenue." in response.content.decode()
    assert not Dismissal.objects.exists()
    client.post(
        reverse("clauses:dismiss", args=[market.pk, "insertion_hours"]),
        {"reason": "Chantier très technique, pas de poste accessible"},
    )
    client.post(reverse("clauses:dismiss", args=[market.pk, "insertion_hours"]), {"reason": "encore"})
    dismissal = Dismissal.objects.get()
    assert (dismissal.kind, dismissal.dismissed_by) == ("insertion_hours", facilitator)
    [row] = client.get(reverse("clauses:review")).context["rows"]
    assert "insertion_hours" not in [r.kind for r in row.recommendations]
    assert row.dismissals == [dismissal]


def test_review_buyer_users_and_other_buyers_contracts(client, buyer_user, other_market):
    client.force_login(buyer_user)
    assert client.get(reverse("clauses:review")).status_code == 403
    assert client.post(reverse("clauses:accept", args=[other_market.pk, "insertion_hours"])).status_code == 403


def test_review_query_count_with_many_contracts(client, facilitator, django_assert_num_queries):
    buyers = [BuyerFactory() for _ in range(5)]
    for index in range(60):
        market = works(
            buyer=buyers[index % 5],
            status="preparation" if index % 2 else "programme",
            publication_date=date(2026, 9, 1),
            amount=Decimal(6_000_000 + index),
        )
        if index % 3 == 0:
            ConsiderationFactory(market=market, kind="social_actions")
            Dismissal.objects.create(market=market, kind="progress_plan", reason="Trop court")
    client.force_login(facilitator)
    # session, user, territory, trades, thresholds, legal bases, markets (buyer, exemption), considerations,
    # dismissals, the buyers' sectors
    with django_assert_num_queries(12):
        response = client.get(reverse("clauses:review"))
    rows = response.context["rows"]
    assert len(rows) == 60
    assert sum(row.climate_flagged for row in rows) == 40  # a third has an execution condition
    assert "Climat et Résilience" in response.content.decode()
