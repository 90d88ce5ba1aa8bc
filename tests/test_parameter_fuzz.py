"""Every URL of the permission table (tests/test_permissions.py), requested by a facilitator with out-of-range or odd
values in its path and in the usual query parameters, answers anything but a server error: a page, a redirect,
400 or 404 (with the French page of templates/400.html and 404.html).

The test client re-raises a view's exception, so a crash fails here with its traceback."""

import html
import re

import pytest
from django.urls import reverse

from tests.test_permissions import NAMES, OBJECT_ARGUMENTS, TABLE, URLS, VALUES, objects  # noqa: F401

PARAMETERS = ("year", "annee", "page", "statut", "status", "q", "buyer", "territory", "nature", "kind", "type")
PARAMETERS += ("du", "au", "format", "sort", "facilitator", "amount_min", "amount_max", "next")
# one request per flavour, every usual parameter set to it
FLAVOURS = {
    "zero": "0",
    "negative": "-5",
    "year-10000": "10000",
    "huge-integer": "9" * 30,
    "letters": "abc",
    "superscript": "²",
    "arabic-digits": "١٢",
    "long-text": "é" * 10_000,
    "nul-byte": "a\x00b",
    "bad-date": "2026-02-30",
    "percent": "%",
}
# one parameter at a time too, as another one refused by a filter form would hide it
SINGLE = {
    "page-999999": {"page": "999999"},
    "page-letters": {"page": "abc"},
    "page-zero": {"page": "0"},
    "year-0": {"year": "0"},
    "year-minus-5": {"year": "-5"},
    "year-10000": {"year": "10000"},
    "year-huge": {"year": "9" * 30},
    "year-half": {"year": "2026.5"},
    "annee-0": {"annee": "0"},
    "amount-huge": {"amount_min": "1e1000000"},
    "decp-json-huge-buyer": {"format": "json", "buyer": "9" * 30, "du": "2026-01-01", "au": "2026-12-31"},
    "decp-json-bad-dates": {"format": "json", "buyer": "1", "du": "2026-12-31", "au": "0001-01-01"},
}
PATH_INTEGERS = {"zero": 0, "huge": 10**30}


def queries():
    for flavour, value in FLAVOURS.items():
        yield flavour, dict.fromkeys(PARAMETERS, value)
    yield from SINGLE.items()


def assert_no_server_error(response, where):
    assert response.status_code < 500, where
    if response.status_code in (400, 404):
        assert "Page introuvable" in response.content.decode() or "Requête incorrecte" in response.content.decode()


@pytest.mark.parametrize("name", NAMES)
def test_odd_query_parameters_never_answer_500(client, objects, name):  # noqa: F811
    from tests.test_permissions import url_for

    method = TABLE[name][0]
    client.force_login(objects["users"]["facilitator"])
    url = url_for(name, objects)
    for flavour, query in queries():
        response = getattr(client, method)(url, query)
        assert_no_server_error(response, f"{name} {flavour}")


def has_integer_argument(name: str) -> bool:
    return any(arg == "pk" or arg in OBJECT_ARGUMENTS or isinstance(VALUES.get(arg), int) for arg in URLS[name])


INT_NAMES = [name for name in NAMES if has_integer_argument(getattr(name, "values", [name])[0])]
SENTINEL = 4242  # a value no fixture's primary key reaches, for finding an argument's place in the URL


@pytest.mark.parametrize("name", INT_NAMES)
@pytest.mark.parametrize("value", PATH_INTEGERS.values(), ids=PATH_INTEGERS.keys())
def test_out_of_range_path_integers_answer_404(client, objects, name, value):  # noqa: F811
    method = TABLE[name][0]
    client.force_login(objects["users"]["facilitator"])
    subject = {"pk": TABLE[name][1], **OBJECT_ARGUMENTS}
    arguments = {
        argument: objects[subject[argument]].pk if argument in subject else VALUES[argument] for argument in URLS[name]
    }
    tried = 0
    for argument, current in arguments.items():
        if not isinstance(current, int):
            continue
        url = re.sub(rf"/{SENTINEL}(?=[/.])", f"/{value}", reverse(name, kwargs={**arguments, argument: SENTINEL}))
        response = getattr(client, method)(url)
        assert_no_server_error(response, f"{name} {argument}={value}")
        assert response.status_code in (400, 404, 405), f"{name} {argument}={value}: {response.status_code}"
        tried += 1
    assert tried


@pytest.mark.parametrize(
    "url,message",
    [
        ("/marches/?year=0", "supérieure ou égale à 2000"),
        ("/marches/?year=-5", "supérieure ou égale à 2000"),
        ("/marches/?year=10000", "inférieure ou égale à 2100"),
        ("/rapports/?year=0", "supérieure ou égale à 2000"),
    ],
)
def test_the_issue_s_bad_years_answer_the_filter_s_french_error(client, facilitator, market, url, message):
    client.force_login(facilitator)
    response = client.get(url)
    assert response.status_code == 200 and message in html.unescape(response.content.decode())


def test_a_page_beyond_the_last_is_a_french_404(client, facilitator, market):
    client.force_login(facilitator)
    response = client.get("/marches/", {"page": "999999"})
    assert response.status_code == 404 and "Page introuvable" in response.content.decode()


@pytest.mark.parametrize("year", ["0", "0000", "1000", "9999", "10000"])
def test_a_report_pdf_of_an_impossible_year_is_404_in_french(client, buyer_user, buyer, year):
    client.force_login(buyer_user)
    response = client.get(f"/rapports/donneurs-ordre/{buyer.pk}/{year}/rapport.pdf")
    assert response.status_code == 404 and "Page introuvable" in response.content.decode()


def test_a_bad_request_has_a_french_page(client, facilitator):
    client.force_login(facilitator)
    response = client.get("/admin/", {"q": "é" * 10_000})  # the login redirect's « next » is too long: 400
    assert response.status_code == 400 and "Requête incorrecte" in response.content.decode()
