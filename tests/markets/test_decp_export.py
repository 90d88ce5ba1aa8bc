"""DECP export (reporting/decp_export.py): schema validity, derived considerations, scope, page and queries."""

import json
from datetime import date

import jsonschema
import pytest
from django.urls import reverse

from clauses.models import Consideration
from markets.decp.normalise import normalise
from markets.models import Market
from reporting.decp_export import decp_export
from tests.factories import ContractorFactory, DecpMarketFactory, LotFactory, OrganisationFactory
from tests.fixtures import DECP_SCHEMA

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(DECP_SCHEMA.read_text(encoding="utf-8"))
START, END = date(2026, 1, 1), date(2026, 12, 31)


def contract(buyer, **kwargs):
    market = DecpMarketFactory(buyer=buyer, **{"published_considerations": "", **kwargs})
    ContractorFactory(lot=LotFactory(market=market, number=1))
    return market


def consider(market, legal_basis, kind="insertion_hours", status="retenue"):
    return Consideration.objects.create(market=market, kind=kind, legal_basis=legal_basis, status=status)


def considerations_of(document):
    return {
        item["id"]: item["considerationsSociales"]["considerationSociale"]
        for items in document["marches"].values()
        for item in items
    }


def test_export_is_valid_and_derives_the_considerations(buyer):
    hours = consider(contract(buyer, reference="HOURS"), "execution").market
    consider(contract(buyer, reference="CRIT"), "critere", kind="social_actions")
    consider(contract(buyer, reference="RES"), "L2113-13", kind="reserved_market")
    mixed = contract(buyer, reference="MIXED")
    consider(mixed, "execution")
    consider(mixed, "critere", kind="social_actions")
    consider(contract(buyer, reference="GONE"), "execution", status="abandonnee")
    consider(contract(buyer, reference="ENVISAGED"), "execution", status="envisagee")
    consider(
        contract(buyer, reference="PUBLISHED_TOO", published_considerations="Clause sociale"), "execution", "envisagee"
    )
    contract(buyer, reference="PUBLISHED", published_considerations="Critère social")
    contract(buyer, reference="NONE", published_considerations="")
    contract(
        buyer,
        reference="CONC",
        contract_type="concession",
        nature="services",
        procedure="Procédure négociée ouverte",
        published_considerations="Marché réservé",
    )
    contract(buyer, reference="OLD", notification_date=date(2025, 6, 1))
    document, skipped = decp_export(Market.objects.all(), buyer, START, END)
    jsonschema.validate(document, SCHEMA)
    assert considerations_of(document) == {
        "HOURS": ["Clause sociale"],
        "CRIT": ["Critère social"],
        "RES": ["Marché réservé"],
        "MIXED": ["Clause sociale", "Critère social"],
        "GONE": ["Pas de considération sociale"],
        "ENVISAGED": ["Pas de considération sociale"],
        "PUBLISHED_TOO": ["Clause sociale"],
        "PUBLISHED": ["Critère social"],
        "NONE": ["Pas de considération sociale"],
        "CONC": ["Concession réservée"],
    }
    assert skipped == []
    item = next(item for item in document["marches"]["marche"] if item["id"] == hours.reference)
    assert item["acheteur"] == {"id": buyer.siret} and item["montant"] == float(hours.amount)
    assert item["titulaires"][0]["titulaire"]["typeIdentifiant"] == "SIRET"


def test_a_defence_or_security_contract_is_exported_with_that_nature_and_read_back_as_one(buyer):
    contract(buyer, reference="DEF", defence_or_security=True)
    document, _ = decp_export(Market.objects.all(), buyer, START, END)
    jsonschema.validate(document, SCHEMA)
    (record,) = document["marches"]["marche"]
    assert record["nature"] == "Marché de défense ou de sécurité"
    assert normalise("marche", record).defence_or_security


def test_contractor_with_another_identifier(buyer):
    market = DecpMarketFactory(buyer=buyer)
    foreign = OrganisationFactory(siret=None, identifier="BE0123456789", identifier_type="TVA")
    ContractorFactory(lot=LotFactory(market=market, number=1), organisation=foreign)
    document, _skipped = decp_export(Market.objects.all(), buyer, START, END)
    jsonschema.validate(document, SCHEMA)
    assert document["marches"]["marche"][0]["titulaires"] == [
        {"titulaire": {"typeIdentifiant": "TVA", "id": "BE0123456789"}}
    ]


def test_incomplete_contracts_are_listed_not_exported(buyer):
    incomplete = DecpMarketFactory(buyer=buyer, cpv="", amount=None)
    document, skipped = decp_export(Market.objects.all(), buyer, START, END)
    jsonschema.validate(document, SCHEMA)
    assert document["marches"]["marche"] == []
    assert skipped == [(incomplete, ["code CPV", "montant", "titulaire identifié"])]


def test_export_queries_do_not_grow(buyer, django_assert_num_queries):
    for _ in range(50):
        consider(contract(buyer), "execution")
    with django_assert_num_queries(4):
        document, _skipped = decp_export(Market.objects.all(), buyer, START, END)
    assert len(document["marches"]["marche"]) == 50


def test_page_downloads_the_file(client_for, facilitator, buyer):
    contract(buyer)
    url = reverse("reporting:decp_export")
    query = {"buyer": buyer.pk, "du": "2026-01-01", "au": "2026-12-31"}
    page = client_for(facilitator).get(url, query)
    assert page.status_code == 200 and page.context["counts"] == {"marche": 1, "concession": 0}
    response = client_for(facilitator).get(url, {**query, "format": "json"})
    assert response["Content-Disposition"].startswith("attachment")
    jsonschema.validate(json.loads(response.content), SCHEMA)


def test_buyer_users_export_their_own_organisation_only(client_for, buyer_user, buyer, other_buyer):
    contract(buyer)
    contract(other_buyer)
    url = reverse("reporting:decp_export")
    client = client_for(buyer_user)
    own = client.get(url, {"buyer": buyer.pk, "du": "2026-01-01", "au": "2026-12-31", "format": "json"})
    assert own.status_code == 200 and len(json.loads(own.content)["marches"]["marche"]) == 1
    other = client.get(url, {"buyer": other_buyer.pk, "du": "2026-01-01", "au": "2026-12-31", "format": "json"})
    assert other.status_code == 404


def test_bad_period_redisplays_the_form(client_for, facilitator, buyer):
    response = client_for(facilitator).get(
        reverse("reporting:decp_export"), {"buyer": buyer.pk, "du": "2026-12-31", "au": "2026-01-01"}
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_command_writes_a_valid_file(tmp_path, buyer):
    from django.core.management import call_command

    contract(buyer)
    output = tmp_path / "export.json"
    call_command("export_decp", buyer.siret, "--du", "2026-01-01", "--au", "2026-12-31", "--output", str(output))
    jsonschema.validate(json.loads(output.read_text(encoding="utf-8")), SCHEMA)
