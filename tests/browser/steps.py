"""Journey steps, one function per thing a person does in Levier; each checks the page it lands on with axe.

Later journeys (calculator, clause, participants, hours, report PDF, market review) add their steps here.
"""

from playwright.sync_api import Page, expect

from .helpers import by_label, check_axe, submit


def open_menu(page: Page, name: str, heading: str) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    check_axe(page)


def fill_organisation(
    page: Page, *, kind: str, name: str, siret: str = "", category: str = "", postcode: str = "", commune: str = ""
) -> None:
    by_label(page, "Type").select_option(label=kind)
    by_label(page, "Nom").fill(name)
    by_label(page, "SIRET").fill(siret)
    if category:
        by_label(page, "Catégorie d'acheteur").select_option(label=category)
    by_label(page, "Code postal").fill(postcode)
    by_label(page, "Commune").fill(commune)


def create_organisation(page: Page, **values) -> None:
    """From the partners' directory: « Nouvelle organisation », fill, save; lands on its page."""
    open_menu(page, "Partenaires", "Partenaires")
    page.get_by_role("link", name="Nouvelle organisation").click()
    expect(page.get_by_role("heading", level=1, name="Nouvelle organisation")).to_be_visible()
    check_axe(page)
    fill_organisation(page, **values)
    submit(page)
    expect(page.get_by_role("heading", level=1, name=values["name"])).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"« {values['name']} » a été créée.")
    check_axe(page)


def fill_market(
    page: Page,
    *,
    reference: str,
    subject: str,
    nature: str,
    amount: str = "",
    procedure: str = "",
    duration: str = "",
    postcode: str = "",
) -> None:
    by_label(page, "Référence de l'acheteur").fill(reference)
    by_label(page, "Objet").fill(subject)
    by_label(page, "Nature").select_option(label=nature)
    if procedure:
        by_label(page, "Procédure").select_option(label=procedure)
    by_label(page, "Montant estimé HT (€)").fill(amount)
    by_label(page, "Durée (mois)").fill(duration)
    by_label(page, "Lieu d'exécution (code postal)").fill(postcode)


def create_market_for_buyer(page: Page, **values) -> None:
    """From a buyer's page: « Nouveau marché » (the buyer is already chosen), fill, save; lands on the contract."""
    page.get_by_role("link", name="Nouveau marché").click()
    expect(page.get_by_role("heading", level=1, name="Nouveau marché")).to_be_visible()
    check_axe(page)
    fill_market(page, **values)
    submit(page)
    expect(page.get_by_role("heading", level=1, name=values["subject"])).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Le marché a été créé avec un lot unique")
    check_axe(page)


def add_lot(page: Page, *, title: str, amount: str = "") -> None:
    """On a contract's page: « Ajouter un lot » (its number is proposed), fill, save; back on the contract."""
    page.get_by_role("link", name="Ajouter un lot").click()
    expect(page.get_by_role("heading", level=1, name="Nouveau lot")).to_be_visible()
    check_axe(page)
    number = by_label(page, "Numéro").input_value()
    by_label(page, "Intitulé").fill(title)
    by_label(page, "Montant HT (€)").fill(amount)
    submit(page)
    expect(lot_card(page, f"Lot {number} – {title}")).to_be_visible()
    check_axe(page)


def lot_card(page: Page, lot: str):
    """A lot's card on the contract page, found by its heading « Lot 2 – Gros œuvre »."""
    return page.locator(".card").filter(has=page.get_by_role("heading", level=3, name=lot))


def add_contractor(page: Page, *, lot: str, organisation: str, role: str = "titulaire", amount: str = "") -> None:
    """On a contract's page: « Ajouter une entreprise » under the lot, choose it, save; back on the contract."""
    lot_card(page, lot).get_by_role("link", name="Ajouter une entreprise").click()
    expect(page.get_by_role("heading", level=1, name="Ajouter une entreprise au lot")).to_be_visible()
    check_axe(page)
    by_label(page, "Entreprise").select_option(label=organisation)
    by_label(page, "Rôle").select_option(label=role)
    by_label(page, "Montant HT (€)").fill(amount)
    submit(page, "Ajouter")
    expect(page.get_by_role("status")).to_contain_text(f"{organisation} ({role}) a été ajoutée au lot.")
    expect(lot_card(page, lot).get_by_role("row").filter(has_text=organisation)).to_contain_text(role)
    check_axe(page)
