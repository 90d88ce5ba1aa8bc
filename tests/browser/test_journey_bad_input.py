"""Journey 4: bad input is refused in French beside the field, nothing is saved, what was typed stays (issue 9)."""

from playwright.sync_api import expect

from clauses.models import Consideration
from markets.models import Market
from partners.models import EligibleList, Organisation
from tests.factories import (
    BuyerFactory,
    EligibleCategoryFactory,
    EligibleListFactory,
    LotFactory,
    MarketFactory,
    UserFactory,
)

from .helpers import by_label, check_axe, expect_field_error, expect_group_error, login, screenshot, submit
from .steps import fill_market, fill_organisation, open_market, open_menu


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


def test_single_category_publics_list_is_refused(page):
    UserFactory(username="fanny")
    market = MarketFactory(reference="2026-VSA-003", object="Extension de l'école Jules-Ferry", status="preparation")
    LotFactory(market=market, number=1, title="Gros œuvre")
    EligibleList.objects.update(active=False)  # the list of the data migration, when still there
    publics = EligibleListFactory(name="Publics éligibles CCAG 2021")
    for label in ["Demandeurs d'emploi de longue durée", "Bénéficiaires du RSA", "Travailleurs handicapés"]:
        EligibleCategoryFactory(eligible_list=publics, label=label)
    login(page, "fanny")

    open_market(page, "2026-VSA-003", "Extension de l'école Jules-Ferry")
    page.get_by_role("link", name="Ajouter une considération").click()
    check_axe(page)
    page.get_by_role("link", name="Clause sociale d'insertion (heures)").click()
    check_axe(page)
    by_label(page, "Part de main-d'œuvre").fill("0.5")
    by_label(page, "Pénalité par unité manquante (€)").fill("45")
    page.get_by_role("checkbox", name="Bénéficiaires du RSA", exact=True).check()
    submit(page)
    expect_group_error(
        page,
        "Publics éligibles retenus",
        "La liste des publics éligibles ne peut pas être restreinte à une seule catégorie de bénéficiaires",
    )
    check_axe(page)
    assert not Consideration.objects.exists()
    expect(page.get_by_role("checkbox", name="Bénéficiaires du RSA", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Travailleurs handicapés", exact=True)).not_to_be_checked()
    expect(by_label(page, "Pénalité par unité manquante (€)")).to_have_value("45")
    expect(by_label(page, "Part de main-d'œuvre")).to_have_value("0.5")
    screenshot(page, "j4-03-une-seule-categorie-de-publics")
