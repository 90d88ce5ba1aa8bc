"""A contract's status as a state machine consistent with its dates (markets.lifecycle), and the pages that use it."""

import contextlib
from datetime import date, timedelta
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from markets.enums import Status
from markets.forms import MarketForm
from markets.lifecycle import (
    ORDER,
    TRANSITIONS,
    ContractDates,
    coherence_problem,
    status_after_edit,
    transition_problem,
)
from markets.models import Market
from tests.factories import MarketFactory

TODAY = date(2026, 12, 1)
NONE = ContractDates()


def test_the_status_moves_forward_in_the_order_of_a_contract_s_life():
    assert transition_problem(Status.PLANNED, Status.PREPARATION, NONE, TODAY) is None
    assert transition_problem(Status.PREPARATION, Status.PUBLISHED, NONE, TODAY) is None
    assert transition_problem(Status.PUBLISHED, Status.AWARDED, NONE, TODAY) is None


def test_a_step_already_past_may_be_skipped():
    assert transition_problem(Status.PLANNED, Status.AWARDED, ContractDates(notification=TODAY), TODAY) is None


def test_going_back_is_refused_in_french():
    problem = transition_problem(Status.EXECUTION, Status.PLANNED, NONE, TODAY)
    assert problem == "Un marché ne passe pas de « en exécution » à « programmé » : son statut avance dans l'ordre."


def test_closed_to_execution_is_refused():
    problem = transition_problem(Status.CLOSED, Status.EXECUTION, ContractDates(start=date(2026, 1, 1)), TODAY)
    assert problem == "Un marché « clos » ne change plus de statut."


def test_abandoned_from_any_state_but_closed():
    assert all(Status.ABANDONED in TRANSITIONS[status] for status in ORDER if status != Status.CLOSED)
    assert transition_problem(Status.CLOSED, Status.ABANDONED, NONE, TODAY) is not None


def test_a_notified_contract_is_at_least_awarded():
    notified = ContractDates(notification=date(2026, 3, 1))
    assert transition_problem(Status.PLANNED, Status.PREPARATION, notified, TODAY) == (
        "Un marché notifié est au moins « attribué »."
    )
    assert status_after_edit(Status.PLANNED, notified) == Status.AWARDED
    assert status_after_edit(Status.EXECUTION, notified) == Status.EXECUTION


def test_execution_needs_its_start_reached():
    assert transition_problem(Status.AWARDED, Status.EXECUTION, NONE, TODAY) is not None
    later = ContractDates(start=TODAY + timedelta(days=1))
    assert transition_problem(Status.AWARDED, Status.EXECUTION, later, TODAY) is not None
    assert transition_problem(Status.AWARDED, Status.EXECUTION, ContractDates(start=TODAY), TODAY) is None


def test_closed_after_its_end_or_by_a_decision_with_a_reason():
    running = ContractDates(start=date(2026, 1, 1), end=date(2027, 6, 30))
    assert transition_problem(Status.EXECUTION, Status.CLOSED, running, TODAY) is not None
    assert transition_problem(Status.EXECUTION, Status.CLOSED, running, TODAY, reason="  ") is not None
    assert transition_problem(Status.EXECUTION, Status.CLOSED, running, TODAY, reason="résiliation") is None
    ended = ContractDates(start=date(2026, 1, 1), end=date(2026, 11, 30))
    assert transition_problem(Status.EXECUTION, Status.CLOSED, ended, TODAY) is None


# --- property: no sequence of status changes and edits of the dates leaves a status incoherent with the dates ---

days = st.one_of(st.none(), st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("status"), st.sampled_from(list(Status)), st.sampled_from(["", "résiliation"])),
        st.tuples(st.just("dates"), days, days, days),
        st.tuples(st.just("day"), st.integers(min_value=0, max_value=400)),
    ),
    max_size=25,
)


@given(operations)
def test_no_sequence_of_changes_leaves_the_status_incoherent_with_the_dates(steps):
    """What the status page (transition_problem) and the contract's form (status_after_edit, then
    coherence_problem on changed dates) let through, as days pass."""
    status, dates, today, by_decision = Status.PLANNED, NONE, date(2026, 1, 1), False
    for step in steps:
        if step[0] == "status":
            _, new, reason = step
            if new != status and transition_problem(status, new, dates, today, reason) is None:
                status, by_decision = new, new == Status.CLOSED and bool(reason)
        elif step[0] == "dates":
            notification, start, end = step[1:]
            if start and end and end < start:
                continue  # refused by the model's own check
            edited = ContractDates(notification, start, end)
            new = status_after_edit(status, edited)
            if coherence_problem(new, edited, today, by_decision) is None:
                status, dates = new, edited
        else:
            today += timedelta(days=step[1])
        assert coherence_problem(status, dates, today, by_decision) is None, (status, dates, today)


# --- the pages ---


@pytest.fixture
def planned(buyer, facilitator):
    return MarketFactory(buyer=buyer, facilitator=facilitator, status=Status.PLANNED, notification_date=None)


def test_a_refused_status_change_says_why_and_changes_nothing(client, facilitator, planned):
    client.force_login(facilitator)
    response = client.post(reverse("markets:status", args=[planned.pk]), {"status": "clos"}, follow=True)
    planned.refresh_from_db()
    assert planned.status == Status.PLANNED and not planned.status_changes.exists()
    assert "Un marché est « clos » après sa fin d&#x27;exécution" in response.content.decode()


def test_entering_the_notification_date_makes_the_contract_awarded_with_a_recorded_change(client, facilitator, planned):
    client.force_login(facilitator)
    data = {
        "buyer": planned.buyer_id,
        "reference": planned.reference,
        "object": planned.object,
        "nature": "travaux",
        "contract_type": "marche",
        "notification_date": "2026-03-01",
        "facilitator": facilitator.pk,
    }
    response = client.post(reverse("markets:update", args=[planned.pk]), data)
    assert response.status_code == 302
    planned.refresh_from_db()
    change = planned.status_changes.get()
    assert planned.status == Status.AWARDED
    assert (change.old_status, change.new_status, change.changed_by, change.reason) == (
        Status.PLANNED,
        Status.AWARDED,
        facilitator,
        "date de notification renseignée",
    )


def test_removing_the_start_of_a_contract_in_execution_is_refused(client, facilitator, market):
    market.start_date = date(2026, 4, 1)
    market.save()
    client.force_login(facilitator)
    data = {
        "buyer": market.buyer_id,
        "reference": market.reference,
        "object": market.object,
        "nature": "travaux",
        "contract_type": "marche",
        "notification_date": "2026-03-01",
        "facilitator": facilitator.pk,
    }
    response = client.post(reverse("markets:update", args=[market.pk]), data)
    assert response.status_code == 200
    assert "n&#x27;est « en exécution » qu&#x27;à partir de son début" in response.content.decode()
    assert Market.objects.get(pk=market.pk).start_date == date(2026, 4, 1)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(operations)
def test_no_sequence_through_the_model_and_the_form_leaves_the_status_incoherent(facilitator, buyer, steps):
    """The same property through the code the pages run: Market.change_status and MarketForm, on the database."""
    market = MarketFactory(buyer=buyer, status=Status.PLANNED, notification_date=None)
    today = date(2026, 1, 1)
    for step in steps:
        if step[0] == "status":
            with contextlib.suppress(ValidationError):
                market.change_status(step[1], facilitator, step[2], today=today)
        elif step[0] == "dates":
            notification, start, end = step[1:]
            data = {
                "buyer": buyer.pk,
                "reference": market.reference,
                "object": market.object,
                "nature": "travaux",
                "contract_type": "marche",
                **{
                    name: value.isoformat()
                    for name, value in [("notification_date", notification), ("start_date", start), ("end_date", end)]
                    if value
                },
            }
            with patch("markets.forms.timezone.localdate", return_value=today):
                form = MarketForm(data, instance=market)
                if form.is_valid():
                    form.changed_by = facilitator
                    market = form.save()
        else:
            today += timedelta(days=step[1])
        market.refresh_from_db()
        problem = coherence_problem(market.status, market.dates, today, market.closed_by_decision())
        assert problem is None, (market.status, market.dates, today)
