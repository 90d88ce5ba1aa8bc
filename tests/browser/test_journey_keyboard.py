"""The keyboard-only journey (issue 9): log in and create an organisation with Tab, Enter and typing only."""

from playwright.sync_api import Page, expect

from partners.models import Organisation
from partners.siret import make_siret
from tests.factories import UserFactory

from .helpers import PASSWORD, check_axe, screenshot

MAX_TABS = 40


def tab_to(page: Page, name: str) -> None:
    """Presses Tab until the focused element is the link, button or field named `name` (as a person scans)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.labels && e.labels.length ? e.labels[0].innerText : e.innerText || e.value || '').trim(); }"
        )
        if focused.rstrip("*").strip() == name:
            return
    raise AssertionError(f"« {name} » n'est pas atteignable au clavier en {MAX_TABS} tabulations")


def test_keyboard_only_login_and_new_organisation(page):
    UserFactory(username="fanny")
    siret = make_siret(31_370_042)

    page.goto("/accounts/login/")
    check_axe(page)
    expect(page.get_by_label("Nom d’utilisateur")).to_be_focused()  # autofocus: the person can type at once
    page.keyboard.type("fanny")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour fanny")
    check_axe(page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # the skip link shows when it has the focus
    screenshot(page, "jk-01-lien-d-evitement")

    tab_to(page, "Partenaires")
    screenshot(page, "jk-02-focus-dans-le-menu")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Partenaires")).to_be_visible()
    check_axe(page)
    tab_to(page, "Nouvelle organisation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Nouvelle organisation")).to_be_visible()
    check_axe(page)

    tab_to(page, "Type")
    page.keyboard.type("donneur")  # a closed select picks the option whose label starts with what is typed
    tab_to(page, "Nom")
    page.keyboard.type("Syndicat des eaux du Véron")
    page.keyboard.press("Tab")
    page.keyboard.type(siret)
    page.keyboard.press("Tab")
    page.keyboard.type("bailleur")  # ASCII only: Playwright types accents with insertText, which a select ignores
    screenshot(page, "jk-03-formulaire-au-clavier")
    tab_to(page, "Enregistrer")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1, name="Syndicat des eaux du Véron")).to_be_visible()
    check_axe(page)
    organisation = Organisation.objects.get(siret=siret)
    assert (organisation.kind, organisation.buyer_category) == ("buyer", "bailleur_social")
    screenshot(page, "jk-04-organisation-creee-au-clavier")
