"""Dashboards, /rapports/, the company page, the exports and the PDFs."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from markets.models import Market
from reporting.exports import contracts_table
from tests.factories import ConsiderationFactory, ContractorFactory, LotFactory, MarketFactory, ParticipantFactory

from .conftest import validated
from .pdftext import pdf_text


def many_contracts(buyer, facilitator, size):
    """`size` contracts, each with a lot, a contractor, an insertion clause and a validated hours line."""
    for index in range(size):
        market = MarketFactory(buyer=buyer, facilitator=facilitator, notification_date=date(2025 + index % 2, 3, 1))
        clause = ConsiderationFactory(market=market, status="en_cours", end_date=date(2026, 1, 1))
        contractor = ContractorFactory(lot=LotFactory(market=market))
        validated(consideration=clause, contractor=contractor, participant=ParticipantFactory())


@pytest.mark.parametrize("size", [10, 100])
def test_facilitator_home_query_count_does_not_grow(client, buyer, facilitator, size, django_assert_num_queries):
    many_contracts(buyer, facilitator, size)
    client.force_login(facilitator)
    # session, user; 10 figures (reporting.dashboard: participants in 2 queries, kinds and targets in 1), the PNAD
    # targets, 4 alerts and the thresholds missing for Climat et Résilience
    with django_assert_num_queries(20):
        response = client.get(reverse("home"))
    assert response.context["figures"]["market_count"] == size
    assert len(response.context["alerts"]["behind"]) == 10  # the clauses ended on 01/01/2026 below their target


@pytest.mark.parametrize("size", [10, 100])
def test_buyer_home_and_reports_query_count_does_not_grow(
    client, buyer, buyer_user, facilitator, size, django_assert_num_queries
):
    many_contracts(buyer, facilitator, size)
    client.force_login(buyer_user)
    # session, user, the 10 figures, the organisation (menu), the contracts, the services following them (2)
    with django_assert_num_queries(19):
        response = client.get(reverse("home"))
    assert response.context["hours"]["total"] == size * 100
    with django_assert_num_queries(18):  # the same figures, the organisation, companies (contracts, hours: their
        response = client.get(reverse("reporting:reports"), {"year": 2026})  # count; people of the page's 25)
    assert response.context["figures"]["market_count"] == size // 2
    assert len(response.context["companies"]) == min(size // 2, 25)


@pytest.mark.parametrize("size", [10, 100])
def test_company_page_query_count_does_not_grow(client, buyer, facilitator, size, django_assert_num_queries):
    many_contracts(buyer, facilitator, size)
    company = ContractorFactory(lot=LotFactory(market=MarketFactory(buyer=buyer))).organisation
    for market in Market.objects.exclude(pk__in=company.contracts_held.values("lot__market")):
        ContractorFactory(lot=LotFactory(market=market), organisation=company)
    client.force_login(facilitator)
    # session, user; the company, its contracts' ids, the 8 figures (their number of contracts is the paginator's),
    # the page of contracts
    with django_assert_num_queries(15):
        response = client.get(reverse("reporting:company", args=[company.pk]), {"page": 2})
    assert response.context["paginator"].count == size + 1
    assert len(response.context["markets"]) == {10: 11, 100: 25}[size]  # a page past the last shows the last


def test_facilitator_home_shows_figures_and_alerts(client, facilitator, dataset):
    client.force_login(facilitator)
    html = client.get(reverse("home")).content.decode()
    assert "M5" in html.split("Marchés en attente de revue")[1]  # scheduled, without a consideration
    assert "M5" in html.split("Climat et Résilience")[2].split("Considérations en retard")[0]
    assert "190 h" in html.replace("\u202f", " ").replace("\xa0", " ")  # both buyers' counted hours


def test_buyer_home_is_scoped_to_its_organisation(client, buyer_user, dataset, in_december_2026):
    client.force_login(buyer_user)  # the home shows the current year's PNAD share: 2026, the dataset's
    response = client.get(reverse("home"))
    assert response.templates[0].name == "reporting/home_buyer.html"
    assert response.context["figures"]["market_count"] == 5
    assert response.context["hours"]["total"] == Decimal("150")
    assert response.context["pnad"].share == Decimal("33.3")
    # the other buyer's contract, as a word: the charts' data URIs and the CSRF token may contain "O1" by chance
    assert not re.search(r"\bO1\b", re.sub(r'src="data:[^"]*"', "", response.content.decode()))


def test_reports_filter_by_year_buyer_and_nature(client, facilitator, buyer, other_buyer, dataset):
    client.force_login(facilitator)

    def figures(**params):
        return client.get(reverse("reporting:reports"), params).context["figures"]["market_count"]

    assert figures() == 6
    assert figures(year=2026) == 4
    assert figures(buyer=other_buyer.pk) == 1
    assert figures(nature="services") == 1
    assert figures(year=2026, buyer=buyer.pk) == 3


def test_company_page_shows_its_hours_and_people(client, facilitator, dataset):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:company", args=[dataset["company"].pk]))
    assert response.context["hours"]["total"] == Decimal("150")
    assert response.context["people"]["total"] == 2
    html = response.content.decode()
    assert "Participants</p>" in html and "Pénalités appliquées" in html
    assert "Part PNAD" not in html and "Climat et Résilience" not in html  # the buyers' obligations


def xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_exports_open_and_match_the_page(client, facilitator, buyer, dataset):
    client.force_login(facilitator)
    page = client.get(reverse("reporting:reports"), {"buyer": buyer.pk}).context
    contracts = xlsx_rows(client.get(reverse("reporting:export", args=["marches", "xlsx"]), {"buyer": buyer.pk}))
    assert contracts[0][:3] == ["Référence", "Objet", "Donneur d'ordre"]
    assert len({row[0] for row in contracts[1:]}) == page["figures"]["market_count"] == 5
    hours = xlsx_rows(client.get(reverse("reporting:export", args=["heures", "xlsx"]), {"buyer": buyer.pk}))
    counted = sum(row[7] for row in hours[1:] if row[8] == "oui" and row[9] == "validée")
    assert counted == page["hours"]["total"] == 150
    actions = xlsx_rows(client.get(reverse("reporting:export", args=["actions", "xlsx"]), {"buyer": buyer.pk}))
    assert sum(row[4] for row in actions[1:]) == sum(row["people"] for row in page["actions"]) == 13
    people = xlsx_rows(client.get(reverse("reporting:export", args=["participants", "xlsx"]), {"buyer": buyer.pk}))
    assert sorted(row[2] for row in people[1:]) == ["Alice", "Bruno"]
    text = client.get(reverse("reporting:export", args=["marches", "csv"]), {"buyer": buyer.pk}).content.decode()
    assert text.startswith("\ufeffRéférence;Objet;") and "M1;" in text and "1000000" in text


def test_buyer_exports_have_no_participant(client, buyer_user, dataset):
    client.force_login(buyer_user)
    hours = xlsx_rows(client.get(reverse("reporting:export", args=["heures", "xlsx"])))
    assert "Participant (code)" not in hours[0] and len(hours) == 5
    assert client.get(reverse("reporting:export", args=["participants", "xlsx"])).status_code == 403
    assert client.get(reverse("reporting:export", args=["inconnu", "xlsx"])).status_code == 404
    assert client.get(reverse("reporting:export", args=["marches", "pdf"])).status_code == 404


def test_survey_summary(client, facilitator, dataset):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:survey"), {"year": 2026})
    rows = {(section, label): value for section, label, value in response.context["table"].rows}
    assert rows["Heures", "Heures d'insertion réalisées (comptées, validées)"] == Decimal("140")  # Alice 100, Eve 40
    assert rows["Participants", "Participants ayant réalisé des heures"] == 2
    assert rows["Sexe", "Femme"] == 2 and rows["Entreprises", "Entreprises ayant réalisé des heures"] == 2
    assert rows["Donneurs d'ordre", "Donneurs d'ordre concernés"] == 2
    notified = "Marchés notifiés dans l'année (tous les marchés notifiés)"  # no PNAD reference for 2026
    assert rows["Marchés", notified] >= rows["Marchés", "dont marchés avec au moins une considération sociale"] > 0
    survey = xlsx_rows(client.get(reverse("reporting:export", args=["enquete", "xlsx"]), {"year": 2026}))
    assert ["Heures", "Heures d'insertion réalisées (comptées, validées)", 140] in survey


def test_market_report_pdf(client, facilitator, dataset):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:market_report", args=[dataset["m1"].pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).replace("\xa0", " ").replace("\u202f", " ").split())
    assert "Bilan de la clause sociale" in text and "M1 – " in text
    assert "1 000 heures" in text and "Heures comptées et validées : 150 h" in text
    assert "Participants (2)" in text and "Page 1 sur" in text and "Date et signature" in text
    assert "Alice" not in text and "Secret" not in text


def test_buyer_annual_report_pdf_has_no_participant_name(client, buyer_user, buyer, dataset):
    client.force_login(buyer_user)
    response = client.get(reverse("reporting:buyer_report", args=[buyer.pk, 2026]))
    text = " ".join(pdf_text(response.content).replace("\xa0", " ").replace("\u202f", " ").split())
    assert "Rapport annuel 2026" in text and "M1" in text and "M2" in text and "M4" not in text
    assert "1 sur 3" in text and "33,3 %" in text
    for name in ("Alice", "Secret", "Bruno", "Caché"):
        assert name not in text


def test_contracts_export_lists_every_article_of_a_reservation(market):
    ConsiderationFactory(
        market=market, kind="reserved_market", legal_basis="L2113-12", combined_bases=["L2113-13"], unit="share"
    )
    [row] = contracts_table(Market.objects.filter(pk=market.pk)).rows
    assert row[9] == "réservation aux EA et ESAT (L2113-12) ; réservation aux SIAE (L2113-13)"
