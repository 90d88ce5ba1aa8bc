from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Role
from territories.scope import ALL, set_process_default
from tests.factories import BuyerFactory, MarketFactory, TerritoryFactory, UserFactory

# The suite's own queries see every territory, as manage.py's do; each request runs in its user's scope.
set_process_default(ALL)


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Ville de Saint-Aubin")


@pytest.fixture
def other_buyer(db):
    return BuyerFactory(name="Val de Loire Habitat", buyer_category="bailleur_social")


@pytest.fixture
def facilitator(db):
    return UserFactory(username="fanny", role=Role.FACILITATOR)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="alice", role=Role.ADMIN)


@pytest.fixture
def other_territory(db):
    return TerritoryFactory(name="Val du Cher Emploi", departments=["41"])


@pytest.fixture
def other_territory_facilitator(other_territory):
    return UserFactory(username="sofiane", role=Role.FACILITATOR, territory=other_territory)


@pytest.fixture
def buyer_user(buyer):
    return UserFactory(username="claire", role=Role.BUYER, organisation=buyer)


@pytest.fixture
def other_buyer_user(other_buyer):
    return UserFactory(username="marc", role=Role.BUYER, organisation=other_buyer)


@pytest.fixture
def market(buyer, facilitator):
    return MarketFactory(buyer=buyer, facilitator=facilitator)


@pytest.fixture
def other_market(other_buyer):
    return MarketFactory(buyer=other_buyer)


@pytest.fixture
def client_for(client):
    """Logs the test client in as the given user (or leaves it anonymous for None)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def in_december_2026(monkeypatch):
    """Today is 1 December 2026 for timezone.localdate(), which the pages and commands read for the current
    year or day: datasets written with dates in 2026 give the same figures whenever the suite runs."""
    today, real_localdate = date(2026, 12, 1), timezone.localdate

    def localdate(value=None, timezone=None):
        return today if value is None else real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return today
