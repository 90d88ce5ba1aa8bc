"""The audit trail: every audited change writes a history row with its author; the contract's « Historique »
shows who changed what and when, before → after, in a fixed number of queries; buyer users never see the
hours lines nor the participants there."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from clauses.models import Consideration
from followup.models import PenaltyDecision, RealisedAction, RealisedHours
from markets.models import Lot, Market
from partners.models import Participant
from tests.factories import ConsiderationFactory, LotFactory, MarketFactory

MARKET_DATA = {
    "reference": "2026-TRX-099",
    "object": "Rénovation du gymnase",
    "nature": "travaux",
    "contract_type": "marche",
    "amount": "850000",
    "cpv": "45212222-8",
}

VALIDATE_ALL = {"every": "on", "decision": "valider", "confirm": "1"}  # every declared line, confirmed


def test_every_audited_change_is_recorded_with_its_author(
    client, facilitator, buyer, hours_clause, contractor, eligible_participant, categories
):
    client.force_login(facilitator)
    # contract and lot
    client.post(reverse("markets:create"), {"buyer": buyer.pk, **MARKET_DATA})
    market = Market.objects.get(reference="2026-TRX-099")
    client.post(reverse("markets:update", args=[market.pk]), {"buyer": buyer.pk, **MARKET_DATA, "amount": "900000"})
    client.post(reverse("markets:lot_create", args=[market.pk]), {"number": 2, "title": "Électricité"})
    # participant, hours declared then validated
    client.post(
        reverse("partners:participant_update", args=[eligible_participant.pk]),
        {
            "reference": "P-0001",
            "first_name": "Jeanne",
            "last_name": "Durandal",
            "sex": "F",
            "birth_year": "1990",
            "entry_date": "2026-01-05",
            "eligible_categories": [categories[0].pk],
        },
    )
    client.post(
        reverse("followup:hours_create", args=[hours_clause.pk]),
        {
            "contractor": contractor.pk,
            "participant": eligible_participant.pk,
            "month": "2026-05",
            "hours_worked": "12,5",
            "modality_detail": "cdi",
        },
    )
    client.post(reverse("followup:hours_decision", args=[hours_clause.pk]), VALIDATE_ALL)
    # an action, the formal notice of a penalty on a shortfall
    actions = ConsiderationFactory(market=market, kind="social_actions", unit="actions", target=Decimal(3))
    client.post(
        reverse("followup:action_create", args=[actions.pk]),
        {"date": "2026-05-12", "action_type": "visite", "people_reached": "3", "women_reached": "1"},
    )
    ended = MarketFactory(buyer=buyer, start_date=date(2024, 1, 1), end_date=date(2024, 12, 31))
    short = ConsiderationFactory(market=ended, target=Decimal(100), penalty_per_unit=Decimal(40))
    client.post(
        reverse("followup:penalty_notice", args=[short.pk]),
        {"notice_date": "2025-01-10", "answer_deadline": "2025-01-25"},
    )

    def authors(model, **filters):
        return list(
            model.history.filter(**filters).order_by("history_date").values_list("history_type", "history_user")
        )

    me = facilitator.pk
    assert authors(Market, id=market.pk) == [("+", me), ("~", me)]
    assert authors(Lot, market_id=market.pk) == [("+", me), ("+", me)]
    assert authors(Participant, id=eligible_participant.pk) == [("+", None), ("~", me)]
    assert authors(RealisedHours) == [("+", me), ("~", me)]  # declared, then validated (bulk, with history)
    assert RealisedHours.history.latest().validated_by_id == me
    assert authors(RealisedAction) == [("+", me)]
    assert authors(PenaltyDecision) == [("+", me)]
    assert PenaltyDecision.history.get().notified_by_id == me
    assert authors(Consideration, id=actions.pk) == [("+", None)]  # created by the factory, outside a request


def test_the_history_page_shows_before_and_after(client, facilitator, buyer):
    client.force_login(facilitator)
    client.post(reverse("markets:create"), {"buyer": buyer.pk, **MARKET_DATA})
    market = Market.objects.get(reference="2026-TRX-099")
    client.post(
        reverse("markets:update", args=[market.pk]),
        {"buyer": buyer.pk, **MARKET_DATA, "amount": "900000", "object": "Rénovation du gymnase Jean-Zay"},
    )
    detail = client.get(market.get_absolute_url()).content.decode()
    assert reverse("followup:history", args=[market.pk]) in detail
    response = client.get(reverse("followup:history", args=[market.pk]))
    content = response.content.decode()
    entry = response.context["entries"][0]
    assert (entry.kind, entry.action, entry.user) == ("marché", "modification", str(facilitator))
    changes = {change.field: (change.before, change.after) for change in entry.changes}
    assert changes == {
        "montant estimé HT (€)": ("850\u00a0000,00", "900\u00a0000,00"),
        "objet": ("Rénovation du gymnase", "Rénovation du gymnase Jean-Zay"),
    }
    assert "<del>Rénovation du gymnase</del> → <ins>Rénovation du gymnase Jean-Zay</ins>" in content
    assert [(e.kind, e.action) for e in response.context["entries"][1:]] == [
        ("lot", "création"),
        ("marché", "création"),
    ]


def test_history_query_count_and_what_buyer_users_see(
    client, facilitator, buyer_user, hours_clause, contractor, eligible_participant, django_assert_num_queries
):
    market = hours_clause.market
    for number in range(2, 32):  # 30 lots created then renamed: 60 history rows
        lot = LotFactory(market=market, number=number)
        lot.title = f"Lot renommé {number}"
        lot.save()
    client.force_login(facilitator)
    for month in range(1, 13):  # 12 hours lines
        client.post(
            reverse("followup:hours_create", args=[hours_clause.pk]),
            {
                "contractor": contractor.pk,
                "participant": eligible_participant.pk,
                "month": f"2026-{month:02d}",
                "hours_worked": "10",
                "modality_detail": "cdi",
            },
        )
    client.post(reverse("followup:hours_decision", args=[hours_clause.pk]), VALIDATE_ALL)
    url = reverse("followup:history", args=[market.pk])
    # session, user, market, then one query per audited model (market, lots, considerations, penalties,
    # actions, hours), one for the users named in the values and one for the participants' codes
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.context["paginator"].count >= 50 + 24
    content = response.content.decode()
    assert "Heures" in content and f"participant {eligible_participant.reference}" in content
    assert eligible_participant.last_name not in content  # named by their code
    validated = next(e for e in response.context["entries"] for c in e.changes if c.field == "validée le")
    change = next(c for c in validated.changes if c.field == "validée le")
    assert change.after == timezone.localtime(RealisedHours.objects.first().validated_at).strftime("%d/%m/%Y %H:%M")

    client.force_login(buyer_user)
    # no actions nor hours lines for buyer users; + the buyer's organisation shown in the menu
    with django_assert_num_queries(11):
        response = client.get(url)
    content = response.content.decode()
    assert {entry.kind for entry in response.context["entries"]} == {"marché", "lot", "considération"}
    assert "participant" not in content.lower() and eligible_participant.last_name not in content
