"""Journey 1: a facilitator sets up a works contract, from the buyer to the contractors, places the insertion
clause computed with the calculator, follows a participant's hours and downloads the contract report (issue 9).
"""

from decimal import Decimal

from playwright.sync_api import expect

from clauses.models import Consideration
from followup.models import RealisedHours
from markets.models import Contractor, Market
from partners.models import EligibleList, Organisation
from partners.siret import make_siret
from tests.factories import EligibleCategoryFactory, EligibleListFactory, OrganisationFactory, UserFactory

from .helpers import check_axe, login, screenshot
from .steps import (
    add_contractor,
    add_insertion_clause,
    add_lot,
    calculator_result,
    compute_insertion_hours,
    create_market_for_buyer,
    create_organisation,
    create_participant,
    declare_and_validate_hours,
    download_pdf_text,
    lot_card,
    open_market,
    open_menu,
    progress_row,
)

BUYER = "Communauté de communes du Val d'Amboise"
COMPANY = "Bâtiments Tourangeaux"
SUBJECT = "Réhabilitation du gymnase Jean-Moulin"
PUBLICS = ["Demandeurs d'emploi de longue durée", "Bénéficiaires du RSA", "Jeunes de moins de 26 ans sans diplôme"]
CLAUSE = "Clause sociale d'insertion (heures)"


def test_facilitator_sets_up_a_works_contract(page):
    UserFactory(username="fanny", first_name="Fanny", last_name="Martin")
    OrganisationFactory(name=COMPANY)
    EligibleList.objects.update(active=False)  # the list of the data migration, when still there
    publics = EligibleListFactory(name="Publics éligibles CCAG 2021")
    for label in PUBLICS:
        EligibleCategoryFactory(eligible_list=publics, label=label)
    OrganisationFactory(name="Menuiseries de Touraine")

    login(page, "fanny")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Fanny")
    screenshot(page, "j1-01-accueil-facilitateur")

    create_organisation(
        page,
        kind="donneur d'ordre",
        name=BUYER,
        siret=make_siret(21_370_003),
        category="collectivité territoriale",
        postcode="37400",
        commune="Amboise",
    )
    expect(page.get_by_text("Donneur d'ordre · collectivité territoriale")).to_be_visible()
    assert Organisation.objects.filter(name=BUYER, kind="buyer", buyer_category="collectivite").count() == 1
    screenshot(page, "j1-02-donneur-d-ordre-cree")

    create_market_for_buyer(
        page,
        reference="2026-TRX-014",
        subject="Réhabilitation du gymnase Jean-Moulin",
        nature="travaux",
        procedure="procédure adaptée",
        amount="1850000",
        duration="18",
        postcode="37400",
    )
    market = Market.objects.get(reference="2026-TRX-014")
    assert market.buyer.name == BUYER and market.nature == "travaux" and market.lots.count() == 1
    expect(page.get_by_text("1 850 000,00 €", exact=True)).to_be_visible()

    add_lot(page, title="Gros œuvre", amount="920000")
    add_contractor(page, lot="Lot 2 – Gros œuvre", organisation=COMPANY, amount="905000")
    assert Contractor.objects.filter(lot__market=market, lot__number=2, organisation__name=COMPANY).exists()

    open_menu(page, "Marchés", "Marchés")
    screenshot(page, "j1-03-liste-des-marches")
    page.get_by_role("link", name="2026-TRX-014").click()
    expect(page.get_by_role("heading", level=1, name=SUBJECT)).to_be_visible()
    check_axe(page)
    expect(lot_card(page, f"Lot 1 – {SUBJECT}")).to_contain_text("Pas encore d'entreprise")
    expect(lot_card(page, "Lot 2 – Gros œuvre")).to_contain_text("905 000,00 €")
    screenshot(page, "j1-04-marche-lots-entreprise")

    compute_insertion_hours(page, amount="1000000", labour_share="50", hourly_cost="30", rate="5")
    expect(calculator_result(page)).to_contain_text("833 h d'insertion")
    expect(calculator_result(page)).to_contain_text("1 000 000,00 € HT × 50 % de main-d'œuvre × 5 % d'insertion")
    check_axe(page)  # the result came through htmx: the page is checked again
    screenshot(page, "j1-05-calculateur-833-h")

    open_market(page, "2026-TRX-014", SUBJECT)
    add_insertion_clause(
        page,
        lot="Lot 2 – Gros œuvre",
        amount="920000",
        labour_share="0.5",
        penalty="45",
        categories=PUBLICS[:2],
        start="2026-01-01",
        end="2027-06-30",
    )
    clause = Consideration.objects.get(market=market, kind="insertion_hours")
    assert clause.target == Decimal("767")  # 920 000 € × 50 % × 5 % ÷ 30 €, rounded
    assert (clause.lot.number, clause.penalty_per_unit, clause.eligible_categories.count()) == (2, 45, 2)
    screenshot(page, "j1-06-clause-d-insertion")
    page.get_by_role("link", name="2026-TRX-014").click()
    expect(page.get_by_role("heading", level=1, name=SUBJECT)).to_be_visible()
    check_axe(page)
    expect(progress_row(page, CLAUSE)).to_contain_text("767 heures")
    expect(progress_row(page, CLAUSE).get_by_role("cell").nth(2)).to_have_text("0")  # realised, before any hours
    screenshot(page, "j1-07-marche-avec-clause")

    participant = create_participant(
        page, first_name="Yasmine", last_name="Belkacem", sex="femme", birth_year="1998", categories=PUBLICS[1:2]
    )
    screenshot(page, "j1-08-participant")
    open_market(page, "2026-TRX-014", SUBJECT)
    declare_and_validate_hours(
        page,
        contractor=f"Lot 2 – {COMPANY}",
        participant=f"Yasmine Belkacem ({participant})",
        month="2026-10",
        hours="151,5",
        modality="embauche en CDD",
    )
    assert RealisedHours.objects.get(consideration=clause).status == "validee"
    screenshot(page, "j1-09-heures-validees")
    page.get_by_role("link", name="2026-TRX-014").click()
    expect(page.get_by_role("heading", level=1, name=SUBJECT)).to_be_visible()
    check_axe(page)
    expect(progress_row(page, CLAUSE).get_by_role("cell").nth(2)).to_have_text("151,50")
    screenshot(page, "j1-10-avancement")

    report = download_pdf_text(page, "Bilan (PDF)", "rapport")
    assert "2026-TRX-014" in report and SUBJECT in report
