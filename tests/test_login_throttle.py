"""Sign-in protection behind a reverse proxy: failures count per username and client address together, plus a
higher limit per address; the client's address is read through the trusted proxies only."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from accounts.client_address import client_address

PROXY = "10.0.0.2"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


def sign_in(client, username, password, *, via_proxy=True, client_ip=ATTACKER, forwarded=None):
    headers = {"REMOTE_ADDR": PROXY if via_proxy else client_ip}
    if via_proxy or forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded or client_ip
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def test_the_owner_at_another_address_signs_in_while_the_attacker_is_locked(client, facilitator, behind_proxy):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, facilitator.username, "faux", client_ip=ATTACKER)
    # the attacker is locked out, even with the right password
    assert sign_in(client, facilitator.username, "demo-levier", client_ip=ATTACKER).status_code == 429
    # the owner, through the same proxy but from home, is not
    response = sign_in(client, facilitator.username, "demo-levier", client_ip=OWNER)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_one_address_trying_many_usernames_is_locked_at_the_address_limit(client, facilitator, behind_proxy, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    statuses = [sign_in(client, f"inconnu{number}", "faux").status_code for number in range(8)]
    assert statuses == [200] * 7 + [429]  # one failure per username: the 8th locks the address
    # under the per-username limit for this username, yet the address is locked
    assert sign_in(client, facilitator.username, "demo-levier").status_code == 429
    # another client address through the same proxy is not
    assert sign_in(client, facilitator.username, "demo-levier", client_ip=OWNER).status_code == 302


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(client, facilitator, behind_proxy):
    """An attacker connecting directly cannot pose as the owner's address, nor escape its own lockout by writing
    a new X-Forwarded-For at each try."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, facilitator.username, "faux", via_proxy=False, forwarded=f"192.0.2.{number}")
    locked = sign_in(client, facilitator.username, "demo-levier", via_proxy=False, forwarded="192.0.2.200")
    assert locked.status_code == 429
    # the owner's real address was never counted
    assert sign_in(client, facilitator.username, "demo-levier", client_ip=OWNER).status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf: RequestFactory, settings):
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert client_address(request) == PROXY


def test_the_forwarded_header_is_read_right_to_left_skipping_trusted_proxies(rf: RequestFactory, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "172.16.0.1"]
    # the client forged the left-most entry; the first proxy appended the real address, a second proxy its own
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {OWNER}, 172.16.0.1")
    assert client_address(request) == OWNER


def test_a_forwarded_hop_that_is_not_an_address_keeps_the_last_trusted_one(rf: RequestFactory, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="n'importe quoi, 10.0.0.5")
    assert client_address(request) == "10.0.0.5"
