"""Journey 8: a facilitator corrects a validated 900-hour line (un-validate with a reason, correct, validate
again) and the contract page and its PDF change; a line over the monthly maximum is refused at entry and at import,
with its reason (issue 21)."""

import re
from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from followup.models import RealisedHours
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
    HiringFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    ParticipantFactory,
    RealisedHoursFactory,
    UserFactory,
)

from .helpers import by_label, check_axe, expect_field_error, login, screenshot, submit
from .steps import download_pdf_text, open_market, progress_row

SUBJECT = "Réhabilitation du gymnase Jean-Zay"
CLAUSE = "Clause sociale d'insertion (heures)"


def test_facilitator_corrects_a_validated_900_hour_line(page, tmp_path):
    fanny = UserFactory(username="fanny", first_name="Fanny")
    market = MarketFactory(
        reference="2026-GYM-003", object=SUBJECT, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)
    )
    young = EligibleCategoryFactory(label="Jeune de moins de 26 ans")
    clause = ConsiderationFactory(market=market, target=Decimal(1000), status="en_cours")
    clause.eligible_categories.set([young])
    company = OrganisationFactory(name="Bâtiments du Val", siret="73282932000074")
    contractor = ContractorFactory(lot=LotFactory(market=market, number=1), organisation=company)
    person = ParticipantFactory(reference="P-0042", first_name="Inès", last_name="Roux", eligible_categories=[young])
    HiringFactory(participant=person, company=company)
    wrong = RealisedHoursFactory(
        consideration=clause,
        contractor=contractor,
        participant=person,
        hours_worked=Decimal(900),
        status="validee",
        validated_by=fanny,
        validated_at="2026-04-02T09:00Z",
    )

    login(page, "fanny")
    open_market(page, "2026-GYM-003", SUBJECT)
    check_axe(page)
    expect(progress_row(page, CLAUSE).get_by_role("cell").nth(2)).to_have_text("900")
    assert "900" in download_pdf_text(page, "Bilan (PDF)", "rapport-avant")

    page.get_by_role("link", name="Suivi détaillé").click()
    check_axe(page)
    page.get_by_role("link", name="heures", exact=True).click()
    check_axe(page)
    page.get_by_role("link", name="Dévalider").click()
    expect(page.get_by_role("heading", level=1, name="Dévalider cette ligne pour la corriger")).to_be_visible()
    check_axe(page)
    by_label(page, "Motif").fill("Faute de frappe : 90 h et non 900")
    page.get_by_role("button", name="Dévalider").click()
    expect(page.get_by_role("status")).to_contain_text("La ligne est dévalidée")
    screenshot(page, "j8-01-ligne-devalidee")

    page.get_by_role("link", name="Corriger").click()
    check_axe(page)
    by_label(page, "Heures travaillées").fill("90")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("corrigé, à valider")
    page.get_by_role("button", name="Valider les 1 ligne(s) déclarée(s)…").click()
    check_axe(page)
    screenshot(page, "j8-02-confirmation")
    page.get_by_role("button", name="Valider ces 1 ligne(s)").click()
    expect(page.get_by_role("status")).to_contain_text("1 ligne(s) validée(s).")
    wrong.refresh_from_db()
    assert (wrong.hours_worked, wrong.status) == (Decimal(90), "validee")
    assert wrong.history.filter(history_change_reason="Faute de frappe : 90 h et non 900").exists()

    open_market(page, "2026-GYM-003", SUBJECT)
    expect(progress_row(page, CLAUSE).get_by_role("cell").nth(2)).to_have_text("90")
    report = download_pdf_text(page, "Bilan (PDF)", "rapport-apres")
    assert "900" not in report and "90" in report

    # over the monthly maximum: refused at entry, beside the field, and at import, on its line
    page.get_by_role("link", name="Suivi détaillé").click()
    check_axe(page)
    page.get_by_role("link", name="heures", exact=True).click()
    check_axe(page)
    page.get_by_role("link", name="Déclarer des heures").click()
    check_axe(page)
    by_label(page, "Entreprise du lot").select_option(label="Lot 1 – Bâtiments du Val")
    by_label(page, "Participant").select_option(label="Inès Roux (P-0042)")
    by_label(page, "Mois").fill("2026-03")
    by_label(page, "Heures travaillées").fill("150")
    by_label(page, "Modalité").select_option(label="embauche en CDD")
    submit(page)
    expect_field_error(
        page,
        "Heures travaillées",
        "240 h pour cette personne en 03/2026, tous marchés confondus : au-delà du maximum de 200 h par mois",
    )
    check_axe(page)
    assert RealisedHours.objects.count() == 1

    open_market(page, "2026-GYM-003", SUBJECT)
    page.get_by_role("link", name="Suivi détaillé").click()
    check_axe(page)
    page.get_by_role("link", name="heures", exact=True).click()
    check_axe(page)
    page.get_by_role("link", name="Importer un relevé").click()
    check_axe(page)
    statement = tmp_path / "releve.csv"
    statement.write_text("mois;lot;siret;participant;heures;modalite\n2026-03;1;73282932000074;P-0042;150;geiq\n")
    by_label(page, "Relevé mensuel (CSV ou XLSX, 2 Mo au plus)").set_input_files(statement)
    page.get_by_role("button", name="Vérifier le relevé (simulation)").click()
    expect(page.get_by_role("table", name=re.compile("Lignes rejetées"))).to_contain_text("au-delà du maximum de 200 h")
    check_axe(page)
    screenshot(page, "j8-03-releve-refuse")
    assert RealisedHours.objects.count() == 1
