"""Journey 5: the market review; « Retenir » a recommendation creates the consideration in one click (issue 9)."""

from decimal import Decimal

from playwright.sync_api import expect

from clauses.models import Consideration, TradeLabourShare
from tests.factories import MarketFactory, UserFactory

from .helpers import check_axe, login, screenshot
from .steps import open_market, open_menu

SUBJECT = "Construction de la médiathèque des Halles"


def test_accepting_a_recommendation_creates_the_consideration(page):
    UserFactory(username="fanny")
    TradeLabourShare.objects.update_or_create(
        cpv_prefix="45", defaults={"name": "Travaux de construction", "labour_share": Decimal("0.5")}
    )
    market = MarketFactory(
        reference="2026-VSA-011", object=SUBJECT, status="preparation", cpv="45210000-2", amount=Decimal("1000000")
    )
    login(page, "fanny")

    open_menu(page, "Revue de marchés", "Revue de marchés")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="2026-VSA-011", exact=True))
    recommendation = row.locator(".border").filter(has_text="Clause sociale d'insertion (heures)")
    expect(recommendation).to_contain_text("833 heures")
    expect(recommendation).to_contain_text("soit 833 h, peuvent être réservées")
    screenshot(page, "j5-01-revue-de-marches")
    recommendation.get_by_role("button", name="Retenir").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Clause sociale d'insertion (heures) ajoutée à 2026-VSA-011 : complétez-la"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier : clause sociale d'insertion (heures)")
    check_axe(page)
    consideration = Consideration.objects.get(market=market)
    assert (consideration.kind, consideration.target, consideration.unit) == ("insertion_hours", 833, "hours")
    assert (consideration.calc_amount, consideration.calc_labour_share) == (1000000, Decimal("0.5"))
    screenshot(page, "j5-02-recommandation-retenue")

    open_market(page, "2026-VSA-011", SUBJECT)
    considerations = page.get_by_role("region", name="Considérations sociales")
    clause = considerations.get_by_role("row").filter(has=page.get_by_role("link", name="Clause sociale d'insertion"))
    expect(clause).to_contain_text("833 heures")
    expect(clause).to_contain_text("Tout le marché")
    screenshot(page, "j5-03-consideration-sur-le-marche")

    open_menu(page, "Revue de marchés", "Revue de marchés")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="2026-VSA-011", exact=True))
    expect(row.get_by_role("link", name="Clause sociale d'insertion (heures)")).to_be_visible()  # « Déjà prévu »
    expect(row.locator(".border").filter(has_text="Clause sociale d'insertion (heures)")).to_have_count(0)
