"""The DECP export never invents (markets.decp.publication): the fields Levier does not follow come from the imported
record or from the facilitator, and a contract that lacks one is listed with what is missing."""

import json
from datetime import date

import jsonschema
import pytest
from django.urls import reverse

from markets.decp import publication
from markets.models import Market
from reporting.decp_export import decp_export
from tests.factories import MARCHE_PUBLICATION, ContractorFactory, DecpMarketFactory, LotFactory, MarketFactory
from tests.fixtures import DECP_SCHEMA
from tests.markets.test_decp_import import run, write
from tests.markets.test_decp_normalise import BUYER, marche

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(DECP_SCHEMA.read_text(encoding="utf-8"))
START, END = date(2024, 1, 1), date(2026, 12, 31)


def with_holder(market):
    ContractorFactory(lot=LotFactory(market=market, number=1))
    return market


def test_contract_typed_in_levier_is_not_exported_with_invented_values(buyer):
    typed = with_holder(DecpMarketFactory(buyer=buyer, origin="saisie", decp_publication={}))
    document, skipped = decp_export(Market.objects.all(), buyer, START, END)
    assert document["marches"]["marche"] == []
    assert skipped == [
        (
            typed,
            [
                "techniques d'achat",
                "modalités d'exécution",
                "marché innovant",
                "CCAG de référence",
                "nombre d'offres reçues",
                "avance attribuée",
                "types de prix",
                "forme du prix",
                "considérations environnementales",
            ],  # a single holder: « Pas de groupement » is a fact
        )
    ]


def test_framework_agreement_technique_is_a_fact_levier_holds(buyer):
    values = {key: value for key, value in MARCHE_PUBLICATION.items() if key != "techniques"}
    with_holder(DecpMarketFactory(buyer=buyer, contract_type="accord_cadre", decp_publication=values))
    document, skipped = decp_export(Market.objects.all(), buyer, START, END)
    assert skipped == []
    assert document["marches"]["marche"][0]["techniques"] == {"technique": ["Accord-cadre"]}


def test_several_holders_need_the_type_of_grouping(buyer):
    values = {key: value for key, value in MARCHE_PUBLICATION.items() if key != "typeGroupementOperateurs"}
    market = with_holder(DecpMarketFactory(buyer=buyer, decp_publication=values))
    ContractorFactory(lot=LotFactory(market=market, number=2))
    _document, skipped = decp_export(Market.objects.all(), buyer, START, END)
    assert skipped == [(market, ["type de groupement"])]


def test_imported_record_gives_the_published_values_to_the_export(tmp_path):
    published = {
        "techniques": {"technique": ["Accord-cadre", "Enchère électronique"]},
        "modalitesExecution": {"modaliteExecution": ["Bons de commande"]},
        "marcheInnovant": "non",
        "ccag": "Fournitures courantes et services",
        "offresRecues": 4,
        "attributionAvance": True,
        "typeGroupementOperateurs": "Solidaire",
        "typesPrix": {"typePrix": ["Définitif révisable"]},
        "formePrix": "Unitaire",
        "considerationsEnvironnementales": {"considerationEnvironnementale": ["Critère environnemental"]},
    }
    result = run(write(tmp_path, [marche(**published)]))
    assert result.created == 1
    market = Market.objects.get(reference="2024-M-001")
    document, skipped = decp_export(Market.objects.all(), market.buyer, START, END)
    assert skipped == []
    jsonschema.validate(document, SCHEMA)
    exported = document["marches"]["marche"][0]
    assert {key: exported[key] for key in published} == {**published, "marcheInnovant": False}


def test_published_values_outside_the_schema_are_not_kept():
    raw = {"ccag": "CCAG-Travaux 2021", "offresRecues": 0, "formePrix": "Mixte", "marcheInnovant": "peut-être"}
    raw |= {"typesPrix": {"typePrix": ["Définitif ferme", "Au doigt mouillé"]}, "montantSubventionPublique": "1e999"}
    assert publication.values_of(raw, publication.MARCHE) == {"formePrix": "Mixte"}
    assert publication.values_of({"montantSubventionPublique": "1e999"}, publication.CONCESSION) == {}
    assert publication.values_of({"montantSubventionPublique": "12.5"}, publication.CONCESSION) == {
        "montantSubventionPublique": 12.5
    }


def test_reimport_keeps_what_the_facilitator_completed(tmp_path):
    run(write(tmp_path, [marche()]))
    market = Market.objects.get(reference="2024-M-001")
    market.decp_publication = {**market.decp_publication, "offresRecues": 2}
    market.save()
    run(write(tmp_path, [marche(formePrix="Mixte")]))
    market.refresh_from_db()
    assert market.decp_publication == {"marcheInnovant": False, "offresRecues": 2, "formePrix": "Mixte"}


def test_facilitator_completes_the_publication_before_the_export(client_for, facilitator, buyer):
    market = with_holder(MarketFactory(buyer=buyer, cpv="45210000-2", procedure="Procédure adaptée"))
    market.place_postcode = "37000"
    market.save()
    url = reverse("markets:decp_publication", args=[market.pk])
    client = client_for(facilitator)
    form = {
        "techniques": ["Sans objet"],
        "modalitesExecution": ["Tranches"],
        "marcheInnovant": "non",
        "ccag": "Travaux",
        "offresRecues": "3",
        "attributionAvance": "oui",
        "typesPrix": ["Définitif ferme"],
        "formePrix": "Forfaitaire",
        "considerationsEnvironnementales": ["Pas de considération environnementale"],
    }
    assert client.post(url, form).status_code == 302
    market.refresh_from_db()
    assert market.decp_publication["offresRecues"] == 3 and market.decp_publication["attributionAvance"] is True
    assert market.history.first().decp_publication == market.decp_publication  # kept in the contract's history
    document, skipped = decp_export(Market.objects.all(), buyer, START, END)
    assert skipped == []
    jsonschema.validate(document, SCHEMA)
    assert document["marches"]["marche"][0]["modalitesExecution"] == {"modaliteExecution": ["Tranches"]}


def test_publication_form_redisplays_bad_input_in_french(client_for, facilitator, buyer):
    market = MarketFactory(buyer=buyer, decp_publication={"formePrix": "Mixte"})
    url = reverse("markets:decp_publication", args=[market.pk])
    response = client_for(facilitator).post(url, {"offresRecues": "0", "ccag": "Travaux", "formePrix": "Mixte"})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in response.content.decode()
    assert response.context["form"]["ccag"].value() == "Travaux"
    market.refresh_from_db()
    assert market.decp_publication == {"formePrix": "Mixte"}


def test_publication_page_shows_what_is_kept(client_for, facilitator, buyer, django_assert_num_queries):
    market = MarketFactory(buyer=buyer, decp_publication={"offresRecues": 7, "montantSubventionPublique": 0.0})
    client = client_for(facilitator)
    client.get(reverse("markets:decp_publication", args=[market.pk]))
    with django_assert_num_queries(5):  # session, user, the scope (set, reset), the contract and its buyer
        response = client.get(reverse("markets:decp_publication", args=[market.pk]))
    assert response.context["form"]["offresRecues"].value() == 7
    assert BUYER not in response.content.decode()
