"""Journey 1: a facilitator sets up a works contract, from the buyer to the contractors (issue 9).

Still to come, as steps after `add_contractor`, when their features exist: compute the insertion hours with
the calculator, add the insertion clause, record a participant and a month of hours, see the progress
move, download the contract report PDF.
"""

from playwright.sync_api import expect

from markets.models import Contractor, Market
from partners.models import Organisation
from partners.siret import make_siret
from tests.factories import OrganisationFactory, UserFactory

from .helpers import check_axe, login, screenshot
from .steps import add_contractor, add_lot, create_market_for_buyer, create_organisation, lot_card, open_menu

BUYER = "Communauté de communes du Val d'Amboise"
COMPANY = "Bâtiments Tourangeaux"


def test_facilitator_sets_up_a_works_contract(page):
    UserFactory(username="fanny", first_name="Fanny", last_name="Martin")
    OrganisationFactory(name=COMPANY)
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
    expect(page.get_by_role("heading", level=1, name="Réhabilitation du gymnase Jean-Moulin")).to_be_visible()
    check_axe(page)
    expect(lot_card(page, "Lot 1 – Réhabilitation du gymnase Jean-Moulin")).to_contain_text("Pas encore d'entreprise")
    expect(lot_card(page, "Lot 2 – Gros œuvre")).to_contain_text("905 000,00 €")
    screenshot(page, "j1-04-marche-lots-entreprise")
