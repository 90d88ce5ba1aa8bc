"""Statistical secrecy on the pages a buyer reads (issue 22): « a buyer user reads on a company's page that its only
insertion worker is a woman of 26–49 with RQTH, placed by Cap emploi ». Outside the territory's facilitators, no
figure about people under LEVIER_SECRECY_THRESHOLD, and the sensitive publics are never broken down per company or
per contract; the facilitators still read every figure."""

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import timezone

from markets.models import Contractor
from partners import secrecy
from partners.models import SENSITIVE_CATEGORY_CODES, EligibleCategory
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
    LotFactory,
    OrganisationFactory,
    ParticipantFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
)
from tests.reporting.pdftext import pdf_text

RQTH = "Personnes reconnues travailleurs handicapés (RQTH)"


@pytest.fixture
def only_worker(market, facilitator, in_december_2026):
    """The finding's company: one insertion worker, a woman of 26–49 with RQTH, placed by Cap emploi."""
    market.notification_date = date(2026, 1, 10)
    market.save()
    rqth = EligibleCategoryFactory(code="rqth", label=RQTH, sensitive=True)
    clause = ConsiderationFactory(market=market, target=Decimal(400), status="en_cours")
    clause.eligible_categories.set([rqth])
    company = OrganisationFactory(name="Bâtisseurs du Val")
    contractor = ContractorFactory(lot=LotFactory(market=market), organisation=company)
    cap_emploi = OrganisationFactory(kind="employment_partner", partner_kind="cap_emploi", name="Cap emploi 37")
    person = ParticipantFactory(sex="F", birth_year=1990, eligible_categories=[rqth], prescriber=cap_emploi)
    RealisedHoursFactory(
        consideration=clause,
        contractor=contractor,
        participant=person,
        month=date(2026, 3, 1),
        status="validee",
        validated_at=timezone.now(),
        validated_by=facilitator,
    )
    actions = ConsiderationFactory(market=market, kind="social_actions", unit="actions", target=Decimal(3))
    RealisedActionFactory(consideration=actions, contractor=contractor, people_reached=3, women_reached=1)
    return company


def rows(chart) -> dict:
    return {label: values[0] for label, values in chart.rows}


def test_a_buyer_reads_secret_instead_of_the_companys_only_worker(client, buyer_user, market, only_worker):
    client.force_login(buyer_user)
    response = client.get(reverse("reporting:company", args=[only_worker.pk]))
    people, charts = response.context["people"], response.context["people_charts"]
    assert people["total"] is secrecy.SECRET
    assert rows(charts["sex"])["Femme"] is secrecy.SECRET
    assert rows(charts["age"])["26 à 49 ans"] is secrecy.SECRET
    assert rows(charts["prescriber"])["Cap emploi 37"] is secrecy.SECRET
    # disability is never broken down for one company, whatever the count
    assert RQTH not in rows(charts["category"]) and people["sensitive_hidden"]
    html = response.content.decode()
    assert "RQTH" not in html
    assert "Participants (secret)" in html
    assert "Les publics sensibles (handicap, justice, santé) ne sont jamais détaillés" in html
    # the action's 3 people and 1 woman are small counts too
    visits = next(row for row in response.context["actions"] if row["label"] == "visite de chantier ou de site")
    assert visits["people"] is secrecy.SECRET and visits["women"] is secrecy.SECRET


def test_a_facilitator_still_reads_the_companys_figures(client, facilitator, only_worker):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:company", args=[only_worker.pk]))
    charts = response.context["people_charts"]
    assert response.context["people"]["total"] == 1
    assert rows(charts["sex"])["Femme"] == 1 and rows(charts["age"])["26 à 49 ans"] == 1
    assert rows(charts["category"])[RQTH] == 1 and rows(charts["prescriber"])["Cap emploi 37"] == 1
    assert "secret" not in response.content.decode()


def test_the_contract_followup_hides_the_sex_and_age_band_counts_from_the_buyer(
    client, buyer_user, market, only_worker
):
    client.force_login(buyer_user)
    response = client.get(reverse("followup:market", args=[market.pk]))
    table = response.context["participant_counts"]
    cells = [count for _, counts, _ in table["rows"] for count in counts]
    assert table["total"] is secrecy.SECRET
    assert 1 not in cells and secrecy.SECRET in cells
    assert 1 not in [total for _, _, total in table["rows"]] and 1 not in table["band_totals"]
    action = response.context["actions"][0]
    assert action.people_reached is secrecy.SECRET and action.women_reached is secrecy.SECRET
    assert "« secret » : un effectif de moins de 5 personnes" in response.content.decode()


def test_the_contract_followup_shows_the_counts_to_the_facilitator(client, facilitator, market, only_worker):
    client.force_login(facilitator)
    table = client.get(reverse("followup:market", args=[market.pk])).context["participant_counts"]
    assert table["total"] == 1
    women = {sex: counts for sex, counts, _ in table["rows"]}["femme"]
    assert women == [0, 1, 0]


def test_the_buyer_dashboard_and_its_pdf_keep_the_secret(client, buyer_user, buyer, market, only_worker):
    client.force_login(buyer_user)
    home = client.get(reverse("home"))
    assert home.context["people"]["total"] is secrecy.SECRET
    # the buyer's whole portfolio is not one company: its publics are shown, under the threshold as secret
    assert rows(home.context["people_charts"]["category"])[RQTH] is secrecy.SECRET
    reports = client.get(reverse("reporting:reports"))
    assert [row["participants"] for row in reports.context["companies"]] == [secrecy.SECRET]
    text = pdf_text(client.get(reverse("reporting:buyer_report", args=[buyer.pk, 2026])).content)
    assert "Participants (secret)" in text


def test_the_contract_report_pdf_has_no_sensitive_public_for_the_buyer(
    client, buyer_user, facilitator, market, only_worker
):
    client.force_login(buyer_user)
    text = pdf_text(client.get(reverse("reporting:market_report", args=[market.pk])).content)
    assert "RQTH" not in text and "Participants (secret)" in text
    client.force_login(facilitator)
    text = pdf_text(client.get(reverse("reporting:market_report", args=[market.pk])).content)
    assert "RQTH" in text and "Participants (1)" in text


def test_the_actions_export_keeps_the_secret_for_the_buyer(client, buyer_user, only_worker):
    client.force_login(buyer_user)
    text = client.get(reverse("reporting:export", args=["actions", "csv"])).content.decode()
    assert ";secret;secret;" in text


def test_above_the_threshold_the_buyer_reads_the_counts_but_never_the_sensitive_publics(
    client, buyer_user, market, only_worker, facilitator
):
    clause = market.considerations.get(kind="insertion_hours")
    contractor = Contractor.objects.get(organisation=only_worker)
    rqth = EligibleCategory.objects.get(code="rqth")
    for _ in range(5):
        RealisedHoursFactory(
            consideration=clause,
            contractor=contractor,
            participant=ParticipantFactory(sex="M", birth_year=1985, eligible_categories=[rqth]),
            month=date(2026, 4, 1),
            status="validee",
            validated_at=timezone.now(),
            validated_by=facilitator,
        )
    client.force_login(buyer_user)
    response = client.get(reverse("reporting:company", args=[only_worker.pk]))
    charts = response.context["people_charts"]
    assert response.context["people"]["total"] == 6
    assert rows(charts["age"])["26 à 49 ans"] == 6
    # one woman: hidden, and the 5 men with her (else 6 - 5 would give her back)
    assert rows(charts["sex"])["Femme"] is secrecy.SECRET and rows(charts["sex"])["Homme"] is secrecy.SECRET
    assert RQTH not in rows(charts["category"])


def test_the_data_migration_marks_the_disability_and_justice_publics_sensitive(db):
    from django.apps import apps

    migration = import_module("partners.migrations.0012_eligiblecategory_sensitive")
    codes = ("rqth", "ea-esat", "minima-sociaux", "ppsmj", "de-longue-duree", "seniors")
    categories = {code: EligibleCategoryFactory(code=code, sensitive=False) for code in codes}
    migration.mark_sensitive(apps, None)
    sensitive = {
        code for code, category in categories.items() if EligibleCategory.objects.get(pk=category.pk).sensitive
    }
    assert sensitive == {"rqth", "ea-esat", "minima-sociaux", "ppsmj"}
    assert set(migration.SENSITIVE_CODES) == SENSITIVE_CATEGORY_CODES  # the seeds mark the same publics


def test_the_survey_page_and_export_keep_the_secret_for_the_buyer(client, buyer_user, facilitator, only_worker):
    client.force_login(buyer_user)
    rows = {label: value for _, label, value in client.get(reverse("reporting:survey")).context["table"].rows}
    assert rows["Participants ayant réalisé des heures"] is secrecy.SECRET and rows["Femme"] is secrecy.SECRET
    text = client.get(reverse("reporting:export", args=["enquete", "csv"])).content.decode()
    assert "Participants ayant réalisé des heures;secret" in text and "Femme;secret" in text
    client.force_login(facilitator)
    text = client.get(reverse("reporting:export", args=["enquete", "csv"])).content.decode()
    assert "Participants ayant réalisé des heures;1" in text


def test_a_grid_with_one_person_hides_her_cell_and_what_would_give_it_back():
    cells, row_totals, column_totals, total = secrecy.protect_grid([[0, 1, 0], [0, 0, 0]], limit=5)
    # her row and column are secret whole: their zeros would tell where she is
    assert cells[0] == [secrecy.SECRET] * 3 and cells[1][1] is secrecy.SECRET
    assert row_totals[0] is secrecy.SECRET and column_totals[1] is secrecy.SECRET and total is secrecy.SECRET
    assert 1 not in [*row_totals, *column_totals]


def test_a_grid_above_the_threshold_is_shown_whole():
    assert secrecy.protect_grid([[5, 6], [7, 8]], limit=5) == ([[5, 6], [7, 8]], [11, 15], [12, 14], 26)


def test_an_action_reaching_one_man_among_six_hides_the_women_too():
    """6 people of whom 5 women: the man is a small count, and the women's 5 would give him back (6 - 5)."""
    shown = secrecy.protect_action({"label": "visite", "count": 1, "people": 6, "women": 5}, limit=5)
    assert shown["people"] == 6 and shown["women"] is secrecy.SECRET
