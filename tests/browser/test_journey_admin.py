"""Journey 3: an administrator edits an eligible-publics list in the Django admin; the consideration form shows
the change at once (issue 9)."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from partners.models import EligibleCategory, EligibleList
from tests.factories import (
    EligibleCategoryFactory,
    EligibleListFactory,
    LotFactory,
    MarketFactory,
    UserFactory,
    home_territory,
)

from .helpers import check_axe, login, screenshot
from .steps import open_market, open_menu

LIST = "Publics éligibles CCAG 2021"


def test_admin_edits_an_eligible_publics_list(page, settings):
    settings.LEVIER_OTP_REQUIRED = True  # as in production: an admin signs in with two factors
    alice = UserFactory(username="alice", first_name="Alice", role=Role.ADMIN)
    device = TOTPDevice.objects.create(user=alice, name="téléphone", confirmed=True)
    market = MarketFactory(reference="2026-VSA-003", object="Extension de l'école Jules-Ferry", status="preparation")
    LotFactory(market=market, number=1, title="Gros œuvre")
    EligibleList.objects.update(active=False)  # the list of the data migration, when still there
    publics = EligibleListFactory(name=LIST, territory=home_territory())  # the national lists are read only
    EligibleCategoryFactory(eligible_list=publics, code="deld", label="Demandeurs d'emploi de longue durée")
    EligibleCategoryFactory(eligible_list=publics, code="rsa", label="Bénéficiaires du RSA")
    login(page, "alice", totp_device=device)

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", level=1, name="Site d’administration")).to_be_visible()
    check_axe(page)
    screenshot(page, "j3-01-administration")
    page.get_by_role("link", name="Listes de publics éligibles").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("liste de publics éligibles")
    check_axe(page)
    page.get_by_role("link", name=LIST).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Modification de liste de publics éligibles")
    check_axe(page)
    categories = page.locator("#categories-group")
    expect(categories.locator("input[name='categories-1-label']")).to_have_value("Bénéficiaires du RSA")
    categories.locator("input[name='categories-1-label']").fill("Allocataires du RSA")
    categories.locator("input[name='categories-2-code']").fill("th")
    categories.locator("input[name='categories-2-label']").fill("Travailleurs handicapés")
    screenshot(page, "j3-02-liste-modifiee")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("a été modifié avec succès")
    check_axe(page)
    assert list(publics.categories.values_list("label", flat=True)) == [
        "Demandeurs d'emploi de longue durée",
        "Allocataires du RSA",
        "Travailleurs handicapés",
    ]
    assert EligibleCategory.objects.filter(eligible_list=publics, code="th").exists()
    screenshot(page, "j3-03-liste-enregistree")

    page.get_by_role("link", name="Voir le site").click()
    check_axe(page)
    open_menu(page, "Marchés", "Marchés")
    open_market(page, "2026-VSA-003", "Extension de l'école Jules-Ferry")
    page.get_by_role("link", name="Ajouter une considération").click()
    check_axe(page)
    page.get_by_role("link", name="Clause sociale d'insertion (heures)").click()
    check_axe(page)
    publics_group = page.get_by_role("group", name="Publics éligibles retenus")
    for label in ["Demandeurs d'emploi de longue durée", "Allocataires du RSA", "Travailleurs handicapés"]:
        expect(publics_group.get_by_role("checkbox", name=label, exact=True)).to_be_visible()
    expect(publics_group.get_by_role("checkbox", name="Bénéficiaires du RSA")).to_have_count(0)
    screenshot(page, "j3-04-formulaire-avec-la-liste-modifiee")
