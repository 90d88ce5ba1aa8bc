import pytest

from accounts.models import Role
from tests.factories import BuyerFactory, MarketFactory, UserFactory


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
    return UserFactory(username="alice", role=Role.ADMIN, is_superuser=True)


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
