"""Personal data is never cached, sessions end (idle and absolute lifetime), a user without a role sees nothing,
and two people saving at once get a French page instead of a raw IntegrityError."""

import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.db import IntegrityError, connection
from django.urls import reverse

from accounts.middleware import SessionTimeoutMiddleware
from accounts.models import Role, User
from followup import models as followup_models
from followup.models import RealisedHours, RealisedHoursQuerySet
from markets.models import Market
from partners.models import Participant
from tests.factories import ConsiderationFactory, ParticipantFactory, RealisedHoursFactory
from tests.test_admin_access import add, user_form

# --- Cache-Control ----------------------------------------------------------------------------------------------


@pytest.fixture
def participant(db):
    return ParticipantFactory(first_name="Alice", last_name="Durandal")


@pytest.mark.parametrize(
    "page",
    [
        lambda objects: reverse("partners:participant_list"),
        lambda objects: reverse("partners:participant_update", args=[objects["participant"].pk]),
        lambda objects: reverse("partners:participant_data", args=[objects["participant"].pk]),
        lambda objects: reverse("reporting:export", args=["participants", "xlsx"]),
        lambda objects: reverse("reporting:export", args=["heures", "csv"]),
        lambda objects: reverse("reporting:market_report", args=[objects["market"].pk]),
        lambda objects: reverse("markets:detail", args=[objects["market"].pk]),
    ],
    ids=["participants", "participant", "right-of-access", "participants-xlsx", "hours-csv", "pdf", "contract"],
)
def test_pages_of_a_signed_in_user_are_never_stored(client, facilitator, market, participant, page):
    client.force_login(facilitator)
    response = client.get(page({"participant": participant, "market": market}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_view_s_own_caching_is_kept(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("login"))  # Django's login view sets its own never_cache header
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.ignore_template_errors  # the password reset page renders the admin's templates
def test_an_anonymous_page_gets_no_private_header(client):
    response = client.get(reverse("password_reset"))
    assert "private" not in response.get("Cache-Control", "")


# --- sessions ---------------------------------------------------------------------------------------------------


def test_the_defaults_are_30_minutes_idle_and_12_hours_in_all():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def age_session(client, *, started_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SessionTimeoutMiddleware.STARTED] = now - started_ago
    session[SessionTimeoutMiddleware.SEEN] = now - seen_ago
    session.save()


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("home")).status_code == 200  # the session records its start
    return client


def test_a_session_used_within_the_idle_timeout_goes_on(signed_in):
    age_session(signed_in, started_ago=3600, seen_ago=29 * 60)
    assert signed_in.get(reverse("home")).status_code == 200


def test_a_session_idle_for_31_minutes_is_signed_out(signed_in):
    age_session(signed_in, started_ago=3600, seen_ago=31 * 60)
    response = signed_in.get(reverse("markets:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in signed_in.session
    followed = signed_in.get(response["Location"])
    assert "Votre session a expiré" in followed.content.decode()


def test_a_session_older_than_12_hours_is_signed_out_even_when_active(signed_in):
    age_session(signed_in, started_ago=12 * 3600 + 60, seen_ago=10)
    response = signed_in.get(reverse("home"))
    assert response.status_code == 302 and "_auth_user_id" not in signed_in.session


def test_the_idle_timeout_is_a_setting(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    age_session(signed_in, started_ago=600, seen_ago=120)
    assert signed_in.get(reverse("home")).status_code == 302


# --- the role -----------------------------------------------------------------------------------------------------


def test_a_user_created_without_a_role_has_none_and_sees_nothing(client, market, participant):
    nobody = User.objects.create_user("sans-role", password="Un-mot-de-passe-solide-42")
    assert nobody.role == Role.NONE and not nobody.can_edit and nobody.territory_ids() == []
    assert not Market.objects.visible_to(nobody).exists()
    assert not Participant.objects.visible_to(nobody).exists()
    client.force_login(nobody)
    for url in (reverse("home"), reverse("markets:list"), reverse("partners:participant_list")):
        response = client.get(url)
        assert response.status_code == 403, url
    assert "Votre compte n'a pas encore de rôle" in response.content.decode()
    assert client.get(reverse("password_change")).status_code == 200


def test_the_admin_form_requires_a_role_for_a_new_user(client, admin_user):
    client.force_login(admin_user)
    form = client.get(add(User)).content.decode()
    assert "Choisissez un rôle" in form and "sans rôle" not in form
    response = client.post(add(User), user_form(role="", territory=admin_user.territory_id))
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    assert not User.objects.filter(username="nadia").exists()


# --- two saves at once --------------------------------------------------------------------------------------------


def test_an_integrity_error_answers_a_french_409(client, facilitator, market, monkeypatch):
    clause = ConsiderationFactory(market=market)

    def conflict(self, user):
        raise IntegrityError('duplicate key value violates unique constraint "x"')

    monkeypatch.setattr(RealisedHoursQuerySet, "validate", conflict)
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:hours_decision", args=[clause.pk]), {"every": "on", "decision": "valider", "confirm": "1"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Enregistrement en conflit" in page and "duplicate key" not in page


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_validations_validate_each_line_once(facilitator, market, monkeypatch):
    clause = ConsiderationFactory(market=market)
    for month in (1, 2, 3):
        RealisedHoursFactory(consideration=clause, month=date(2026, month, 1))
    first_locked, calls, counts, errors = threading.Event(), [], {}, []
    real_update = followup_models.bulk_update_with_history

    def slow_update(*args, **kwargs):  # the first validation holds its row locks a moment
        calls.append(1)
        if len(calls) == 1:
            first_locked.set()
            time.sleep(0.5)
        return real_update(*args, **kwargs)

    monkeypatch.setattr(followup_models, "bulk_update_with_history", slow_update)

    def validate(name):
        try:
            counts[name] = RealisedHours.objects.filter(consideration=clause).validate(facilitator)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=validate, args=("first",))
    first.start()
    assert first_locked.wait(5)
    second = threading.Thread(target=validate, args=("second",))
    second.start()
    first.join(10)
    second.join(10)
    assert not errors
    assert counts == {"first": 3, "second": 0}  # the second waited for the first's locks, then found none declared
    assert RealisedHours.objects.filter(status="validee").count() == 3
