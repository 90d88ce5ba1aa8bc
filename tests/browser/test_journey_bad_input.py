"""Journey 4: bad input is refused in French beside the field, nothing is saved, what was typed stays (issue 9).

Still to come with the considerations: a publics list with a single category.
"""

from playwright.sync_api import expect

from markets.models import Market
from partners.models import Organisation
from tests.factories import BuyerFactory, UserFactory

from .helpers import by_label, check_axe, expect_field_error, login, screenshot, submit
from .steps import fill_market, fill_organisation, open_menu


def test_bad_input_is_refused_beside_the_field(page):
    UserFactory(username="fanny")
    BuyerFactory(name="Ville de Saint-Aubin-sur-Loire")
    login(page, "fanny")

    open_menu(page, "Marchés", "Marchés")
    page.get_by_role("link", name="Nouveau marché").click()
    check_axe(page)
    by_label(page, "Donneur d'ordre").select_option(label="Ville de Saint-Aubin-sur-Loire")
    fill_market(
        page, reference="2026-ERR-001", subject="Nettoyage des locaux", nature="services", amount="-5000", duration="12"
    )
    submit(page)
    expect_field_error(page, "Montant estimé HT (€)", "Le montant ne peut pas être négatif.")
    check_axe(page)
    assert not Market.objects.exists()
    expect(by_label(page, "Montant estimé HT (€)")).to_have_value("-5000")
    expect(by_label(page, "Référence de l'acheteur")).to_have_value("2026-ERR-001")
    expect(by_label(page, "Objet")).to_have_value("Nettoyage des locaux")
    expect(by_label(page, "Nature").locator("option:checked")).to_have_text("services")
    expect(by_label(page, "Donneur d'ordre").locator("option:checked")).to_have_text("Ville de Saint-Aubin-sur-Loire")
    screenshot(page, "j4-01-montant-negatif")

    organisations = Organisation.objects.count()
    open_menu(page, "Partenaires", "Partenaires")
    page.get_by_role("link", name="Nouvelle organisation").click()
    check_axe(page)
    fill_organisation(
        page,
        kind="entreprise",
        name="Plâtrerie Ligérienne",
        siret="123 456 789 00000",
        postcode="37000",
        commune="Tours",
    )
    submit(page)
    expect_field_error(page, "SIRET", "« 12345678900000 » n'est pas un SIRET valide")
    check_axe(page)
    assert Organisation.objects.count() == organisations
    expect(by_label(page, "SIRET")).to_have_value("123 456 789 00000")
    expect(by_label(page, "Nom")).to_have_value("Plâtrerie Ligérienne")
    expect(by_label(page, "Commune")).to_have_value("Tours")
    expect(by_label(page, "Type").locator("option:checked")).to_have_text("entreprise")
    screenshot(page, "j4-02-siret-invalide")
