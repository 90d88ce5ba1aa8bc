"""The view from above: the consolidated home, /rapports/, the survey by territory, the consolidated PDF and the
open data, for coordinations, the platform admin, facilitators, buyer users and anonymous users."""

import csv
import io
import json

import pytest
from django.urls import reverse

from accounts.models import Role
from partners.secrecy import SECRET
from reporting.open_data import COLUMNS
from tests.factories import CoordinationFactory, UserFactory

from .pdftext import pdf_text
from .territories_data import make_territories

PROTECTED_COLUMNS = [c.name for c in COLUMNS if c.unit in ("personnes", "entreprises")]


@pytest.fixture
def territories(db, buyer):
    return make_territories(3, buyer=buyer)


@pytest.fixture
def coordination_user(territories):
    coordination = CoordinationFactory(name="Coordination Centre-Val de Loire")
    coordination.territories.set(territories[:2])
    return UserFactory(username="cora", role=Role.COORDINATION, coordination=coordination)


@pytest.fixture
def platform_user(db):
    return UserFactory(username="paul", role=Role.PLATFORM)


@pytest.fixture
def facilitator_of_a(territories):
    return UserFactory(username="fabien", role=Role.FACILITATOR, territory=territories[0])


def no_participant_name(html: str):
    assert "Secretname" not in html and "Prénom-" not in html


def test_coordination_home_shows_its_territories_side_by_side(client, coordination_user, territories):
    client.force_login(coordination_user)
    response = client.get(reverse("home"))
    assert response.templates[0].name == "reporting/home_consolidated.html"
    table = response.context["table"]
    assert [row.territory for row in table.rows] == territories[:2]
    assert table.total.contracts == 3 + 4
    html = response.content.decode()
    assert "Service A" in html and "Service B" in html and "Service C" not in html
    assert "secret" in html and "Coordination Centre-Val de Loire" in html
    assert len(response.context["charts"]) == 8
    no_participant_name(html)


def test_platform_admin_home_shows_every_territory(client, platform_user, territories):
    client.force_login(platform_user)
    response = client.get(reverse("home"))
    assert [row.territory for row in response.context["table"].rows] == territories
    assert "Tous les territoires" in response.content.decode()


@pytest.mark.parametrize("count", [2, 5])
def test_consolidated_pages_query_count_does_not_grow(client, db, buyer, count, django_assert_num_queries):
    territories = make_territories(count, buyer=buyer)
    coordination = CoordinationFactory()
    coordination.territories.set(territories)
    client.force_login(UserFactory(role=Role.COORDINATION, coordination=coordination))
    # session, user, the coordination's territories, the scope (2), their names, the 10 figures, the PNAD targets,
    # the coordination
    with django_assert_num_queries(18):
        response = client.get(reverse("home"))
    assert len(response.context["table"].rows) == count
    with django_assert_num_queries(17):  # the same for the filter's year, without the coordination
        response = client.get(reverse("reporting:reports"), {"year": 2025})
    assert response.context["table"].year == 2025
    with django_assert_num_queries(16):  # the same but the survey's 10 figures and no title
        response = client.get(reverse("reporting:survey"), {"year": 2026})
    assert len(response.context["table"].headers) == 2 + count + 1
    with django_assert_num_queries(18):  # the home's
        response = client.get(reverse("reporting:consolidated_pdf", args=[2026]))
    assert response["Content-Type"] == "application/pdf"
    with django_assert_num_queries(17):  # session, user, territories, scope, the territory, the 10 figures
        response = client.get(reverse("reporting:open_data", args=[territories[-1].pk, 2026, "json"]))
    assert response.status_code == 200


def test_reports_and_survey_for_a_coordination(client, coordination_user, territories):
    client.force_login(coordination_user)
    response = client.get(reverse("reporting:reports"), {"year": 2026})
    assert response.templates[0].name == "reporting/reports_consolidated.html"
    assert list(response.context["filter"].form.fields) == ["year"]
    html = response.content.decode()
    assert reverse("reporting:open_data", args=[territories[0].pk, 2026, "csv"]) in html
    assert reverse("reporting:open_data", args=[territories[2].pk, 2026, "csv"]) not in html
    no_participant_name(html)
    response = client.get(reverse("reporting:survey"), {"year": 2026})
    table = response.context["table"]
    assert table.headers == ["Rubrique", "Indicateur", "Service A", "Service B", "Total"]
    rows = {label: values for _, label, *values in table.rows}
    assert rows["Participants ayant réalisé des heures"] == [SECRET, SECRET, 5]  # 1 and 4: under 5
    assert rows["Heures d'insertion réalisées (comptées, validées)"] == [35, 4 * 35, 5 * 35]
    no_participant_name(response.content.decode())


def test_consolidated_pdf(client, coordination_user, territories):
    client.force_login(coordination_user)
    response = client.get(reverse("reporting:consolidated_pdf", args=[2026]))
    text = pdf_text(response.content)
    assert "Rapport annuel consolidé 2026" in text
    assert "Coordination Centre-Val de Loire" in text and "Service A" in text and "Service C" not in text
    assert "secret" in text and "Secretname" not in text and "Prénom-" not in text


def rows_of(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_open_data_is_the_consolidated_row_and_shows_no_small_count(client, platform_user, territories):
    client.force_login(platform_user)
    response = client.get(reverse("reporting:open_data", args=[territories[2].pk, 2026, "json"]))
    document = json.loads(response.content)
    assert [column["nom"] for column in document["colonnes"]] == [c.name for c in COLUMNS]
    assert all(column["description"] and column["unite"] for column in document["colonnes"])
    (data,) = document["donnees"]
    assert data["territoire"] == "Service C" and data["annee"] == 2026 and data["seuil_secret"] == 5
    assert data["participants_comptes"] == 7 and data["entreprises_titulaires"] == "secret"
    assert data["heures_comptees_annee"] == 7 * 35
    for name in PROTECTED_COLUMNS:
        assert data[name] == "secret" or data[name] == 0 or data[name] >= 5, name
    home = client.get(reverse("home")).context["table"].rows[2]  # the same row on the platform admin's home
    assert data["participants_comptes"] == home.people and data["marches_suivis"] == home.contracts
    (row,) = rows_of(client.get(reverse("reporting:open_data", args=[territories[2].pk, 2026, "csv"])))
    assert row["participants_comptes"] == "7" and row["entreprises_titulaires"] == "secret"
    assert list(row) == [c.name for c in COLUMNS]


def test_open_data_permissions(
    client, territories, coordination_user, platform_user, facilitator_of_a, buyer_user, other_territory
):
    def status(user, territory, fmt="csv"):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(reverse("reporting:open_data", args=[territory.pk, 2026, fmt])).status_code

    assert status(facilitator_of_a, territories[0]) == 200
    assert status(facilitator_of_a, territories[1]) == 404
    assert status(coordination_user, territories[1]) == 200
    assert status(coordination_user, territories[2]) == 404
    assert status(platform_user, territories[2]) == 200
    assert status(platform_user, territories[2], "xlsx") == 404
    assert status(buyer_user, territories[0]) == 403
    assert status(None, territories[0]) == 302


def test_consolidated_pdf_permissions(client, territories, facilitator_of_a, buyer_user):
    client.force_login(facilitator_of_a)  # a facilitator's consolidated report: its own territory
    text = pdf_text(client.get(reverse("reporting:consolidated_pdf", args=[2026])).content)
    assert "Service A" in text and "Service B" not in text
    client.force_login(buyer_user)
    assert client.get(reverse("reporting:consolidated_pdf", args=[2026])).status_code == 403
    client.logout()
    assert client.get(reverse("reporting:consolidated_pdf", args=[2026])).status_code == 302


def test_facilitator_pages_are_unchanged(client, territories, facilitator_of_a):
    client.force_login(facilitator_of_a)
    assert client.get(reverse("home")).templates[0].name == "reporting/home.html"
    assert client.get(reverse("reporting:survey")).templates[0].name == "reporting/survey.html"


def test_buyer_home_shows_the_services_following_its_contracts(client, buyer_user, territories):
    client.force_login(buyer_user)
    response = client.get(reverse("home"))
    services = response.context["services"]
    assert [service["name"] for service in services] == ["Service A", "Service B", "Service C"]
    assert [service["contracts"] for service in services] == [1, 1, 1]
    assert response.context["figures"]["market_count"] == 3
    assert sum(service["hours"]["total"] for service in services) == response.context["hours"]["total"]
    assert "Les services qui suivent vos marchés" in response.content.decode()
