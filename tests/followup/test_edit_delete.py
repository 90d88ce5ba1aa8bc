"""Editing and deleting actions and progress-plan entries: the form reused with its checks (an action's date inside
the contract's period), the realised figures following (summaries' triggers), the history with its author."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from followup.models import ProgressPlanEntry, RealisedAction, RealisedFigures
from tests.factories import ConsiderationFactory, ProgressPlanEntryFactory, RealisedActionFactory


@pytest.fixture
def actions_clause(market):
    market.start_date, market.end_date = date(2026, 1, 1), date(2026, 12, 31)
    market.save()
    return ConsiderationFactory(market=market, kind="social_actions", unit="actions", target=Decimal(3))


@pytest.fixture
def action(actions_clause):
    return RealisedActionFactory(consideration=actions_clause, date=date(2026, 4, 10), people_reached=10)


def action_data(**values):
    return {"date": "2026-05-12", "action_type": "visite", "people_reached": "12", "women_reached": "4", **values}


def figures(consideration) -> RealisedFigures:
    return RealisedFigures.objects.get(consideration=consideration)


def test_editing_an_action_changes_the_realised_figures(client, facilitator, action, actions_clause):
    assert figures(actions_clause).people_reached == 10
    client.force_login(facilitator)
    response = client.post(reverse("followup:action_update", args=[action.pk]), action_data(people_reached="25"))
    assert response.status_code == 302
    assert figures(actions_clause).people_reached == 25
    assert action.history.first().history_user == facilitator


def test_an_action_dated_after_the_contract_s_end_is_refused(client, facilitator, action):
    client.force_login(facilitator)
    response = client.post(reverse("followup:action_update", args=[action.pk]), action_data(date="2027-01-15"))
    assert response.status_code == 200
    assert "Cette date est après la fin de la période du marché (31/12/2026)." in response.content.decode()
    action.refresh_from_db()
    assert action.date == date(2026, 4, 10)


def test_an_action_dated_before_the_consideration_s_own_start_is_refused(client, facilitator, actions_clause):
    actions_clause.start_date = date(2026, 3, 1)
    actions_clause.save()
    client.force_login(facilitator)
    response = client.post(reverse("followup:action_create", args=[actions_clause.pk]), action_data(date="2026-02-15"))
    assert "Cette date précède le début de la période du marché (01/03/2026)." in response.content.decode()
    assert not actions_clause.realised_actions.exists()


def test_deleting_an_action_asks_for_confirmation_then_the_figures_follow(client, facilitator, action, actions_clause):
    RealisedActionFactory(consideration=actions_clause)
    assert figures(actions_clause).action_count == 2
    client.force_login(facilitator)
    page = client.get(reverse("followup:action_delete", args=[action.pk])).content.decode()
    assert "Supprimer « visite de chantier ou de site du 10/04/2026 »" in page and 'class="btn btn-danger"' in page
    assert RealisedAction.objects.filter(pk=action.pk).exists()  # GET deletes nothing
    response = client.post(reverse("followup:action_delete", args=[action.pk]))
    assert response.url == reverse("followup:market", args=[actions_clause.market_id])
    assert not RealisedAction.objects.filter(pk=action.pk).exists()
    assert figures(actions_clause).action_count == 1
    deleted = RealisedAction.history.filter(id=action.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", facilitator)


def test_editing_and_deleting_a_plan_entry_leave_history(client, facilitator, market):
    entry = ProgressPlanEntryFactory(consideration__market=market, axis="Insertion")
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:plan_update", args=[entry.pk]),
        {"year": "2026", "axis": "Insertion durable", "planned_actions": "Trois parcours."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.axis == "Insertion durable"
    client.post(reverse("followup:plan_delete", args=[entry.pk]))
    assert not ProgressPlanEntry.objects.filter(pk=entry.pk).exists()
    assert [(row.history_type, row.history_user) for row in ProgressPlanEntry.history.filter(id=entry.pk)] == [
        ("-", facilitator),
        ("~", facilitator),
        ("+", None),
    ]


def test_another_territory_gets_404(client, other_territory_facilitator, action):
    client.force_login(other_territory_facilitator)
    assert client.get(reverse("followup:action_update", args=[action.pk])).status_code == 404
    assert client.post(reverse("followup:action_delete", args=[action.pk])).status_code == 404
    assert RealisedAction.objects.filter(pk=action.pk).exists()


def test_the_follow_up_page_links_edit_and_delete_for_editors_only(client, facilitator, buyer_user, action, market):
    entry = ProgressPlanEntryFactory(consideration__market=market)
    client.force_login(facilitator)
    page = client.get(reverse("followup:market", args=[market.pk])).content.decode()
    for name, pk in [("action_update", action.pk), ("action_delete", action.pk), ("plan_update", entry.pk)]:
        assert reverse(f"followup:{name}", args=[pk]) in page
    client.force_login(buyer_user)
    page = client.get(reverse("followup:market", args=[market.pk])).content.decode()
    assert reverse("followup:action_delete", args=[action.pk]) not in page
