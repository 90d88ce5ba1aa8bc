"""Who sees what: role × page → HTTP status, for every page of the application."""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "facilitator", "admin", "own_buyer_user", "other_buyer_user"]

# page name → (url builder over the objects, expected status per role, in the order of ROLES)
# 302 for anonymous users is the redirect to the login page.
PAGES = {
    "home": (lambda o: reverse("home"), [302, 200, 200, 200, 200]),
    "markets:list": (lambda o: reverse("markets:list"), [302, 200, 200, 200, 200]),
    "markets:create": (lambda o: reverse("markets:create"), [302, 200, 200, 403, 403]),
    "markets:detail": (lambda o: reverse("markets:detail", args=[o["market"].pk]), [302, 200, 200, 200, 404]),
    "markets:update": (lambda o: reverse("markets:update", args=[o["market"].pk]), [302, 200, 200, 403, 403]),
    "markets:lot_create": (lambda o: reverse("markets:lot_create", args=[o["market"].pk]),
                           [302, 200, 200, 403, 403]),
    "markets:contractor_create": (lambda o: reverse("markets:contractor_create", args=[o["lot"].pk]),
                                  [302, 200, 200, 403, 403]),
    "partners:list": (lambda o: reverse("partners:list"), [302, 200, 200, 403, 403]),
    "partners:create": (lambda o: reverse("partners:create"), [302, 200, 200, 403, 403]),
    "partners:detail": (lambda o: reverse("partners:detail", args=[o["buyer"].pk]), [302, 200, 200, 403, 403]),
    "partners:update": (lambda o: reverse("partners:update", args=[o["buyer"].pk]), [302, 200, 200, 403, 403]),
    "partners:contact_create": (lambda o: reverse("partners:contact_create", args=[o["buyer"].pk]),
                                [302, 200, 200, 403, 403]),
    "password_change": (lambda o: reverse("password_change"), [302, 200, 200, 200, 200]),
    "admin:index": (lambda o: reverse("admin:index"), [302, 302, 200, 302, 302]),
}

POST_ONLY = {
    "markets:status": (lambda o: reverse("markets:status", args=[o["market"].pk]), [302, 302, 302, 403, 403]),
}


@pytest.fixture
def objects(market, other_buyer_user, buyer_user, facilitator, admin_user):
    from tests.factories import LotFactory

    return {
        "market": market,
        "lot": LotFactory(market=market),
        "buyer": market.buyer,
        "users": {
            "anonymous": None,
            "facilitator": facilitator,
            "admin": admin_user,
            "own_buyer_user": buyer_user,
            "other_buyer_user": other_buyer_user,
        },
    }


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("page", sorted(PAGES))
def test_get_status(client, objects, page, role_index, role):
    url_for, statuses = PAGES[page]
    if objects["users"][role]:
        client.force_login(objects["users"][role])
    response = client.get(url_for(objects))
    assert response.status_code == statuses[role_index], f"{role} on {page}"
    if response.status_code == 302 and role == "anonymous":
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("page", sorted(POST_ONLY))
def test_post_status(client, objects, page, role_index, role):
    url_for, statuses = POST_ONLY[page]
    if objects["users"][role]:
        client.force_login(objects["users"][role])
    response = client.post(url_for(objects), {"status": "clos"})
    assert response.status_code == statuses[role_index], f"{role} on {page}"
    objects["market"].refresh_from_db()
    assert (objects["market"].status == "clos") == (role in {"facilitator", "admin"})


def test_every_named_page_has_an_expectation():
    """A new page without an expectation in this table makes the suite fail."""
    from django.urls import get_resolver

    def names(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if pattern.namespace != "admin":
                    yield from names(pattern, ns)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    auth_pages = {"login", "logout", "password_change_done", "password_reset", "password_reset_done",
                  "password_reset_confirm", "password_reset_complete"}
    missing = set(names(get_resolver())) - set(PAGES) - set(POST_ONLY) - auth_pages
    assert not missing, f"pages without a permission expectation: {sorted(missing)}"
