"""Journey 2: a buyer user reads its own contracts, and nothing else (issue 9).

Still to come when the follow-up exists: each contract's progress (hours done / hours due) shows, and no
participant's name appears anywhere the buyer user goes (list, contract, report).
"""

from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import BuyerFactory, ContractorFactory, LotFactory, MarketFactory, UserFactory

from .helpers import check_axe, login, screenshot
from .steps import lot_card, open_menu

EDIT_CONTROLS = ["Modifier", "Ajouter un lot", "Ajouter une entreprise", "Nouveau marché", "Changer"]


def test_buyer_user_reads_only_its_contracts(page):
    own = BuyerFactory(name="Ville de Saint-Aubin-sur-Loire")
    other = BuyerFactory(name="Val de Loire Habitat", buyer_category="bailleur_social")
    UserFactory(username="claire", first_name="Claire", last_name="Dubois", role=Role.BUYER, organisation=own)
    school = MarketFactory(buyer=own, reference="2026-VSA-003", object="Extension de l'école Jules-Ferry")
    MarketFactory(buyer=own, reference="2026-VSA-007", object="Entretien des espaces verts", nature="services")
    secret = MarketFactory(buyer=other, reference="2026-VLH-021", object="Réhabilitation de 48 logements")
    ContractorFactory(
        lot=LotFactory(market=school, number=1, title="Gros œuvre"), organisation__name="Bâtiments Tourangeaux"
    )

    login(page, "claire")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les marchés de Ville de Saint-Aubin-sur-Loire")
    expect(page.get_by_role("navigation", name="Navigation principale")).not_to_contain_text("Partenaires")
    screenshot(page, "j2-01-accueil-acheteur")

    open_menu(page, "Marchés", "Marchés")
    markets = page.get_by_role("table")
    expect(markets).to_contain_text("2026-VSA-003")
    expect(markets).to_contain_text("2026-VSA-007")
    expect(markets).not_to_contain_text("2026-VLH-021")
    expect(page.get_by_role("link", name="Nouveau marché")).to_have_count(0)
    screenshot(page, "j2-02-marches-de-l-acheteur")

    page.get_by_role("link", name="2026-VSA-003").click()
    expect(page.get_by_role("heading", level=1, name="Extension de l'école Jules-Ferry")).to_be_visible()
    check_axe(page)
    expect(lot_card(page, "Lot 1 – Gros œuvre")).to_contain_text("Bâtiments Tourangeaux")
    for name in EDIT_CONTROLS:
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Bâtiments Tourangeaux")).to_have_count(0)  # the directory is not theirs
    screenshot(page, "j2-03-marche-en-lecture-seule")

    response = page.goto(secret.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page)
    expect(page.locator("body")).not_to_contain_text("Réhabilitation de 48 logements")
    screenshot(page, "j2-04-marche-d-un-autre-acheteur-404")
