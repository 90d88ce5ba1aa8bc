"""Journey steps, one function per thing a person does in Levier; each checks the page it lands on with axe."""

import re

from playwright.sync_api import Page, expect

from tests.reporting.pdftext import pdf_text

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
    added = f"{organisation} ({role}) a été ajoutée au lot."  # beside it, maybe, the lots-over-the-contract warning
    expect(page.get_by_role("status").filter(has_text=added)).to_be_visible()
    expect(lot_card(page, lot).get_by_role("row").filter(has_text=organisation)).to_contain_text(role)
    check_axe(page)


def open_market(page: Page, reference: str, subject: str) -> None:
    """From the contracts' list, open one contract by its reference."""
    open_menu(page, "Marchés", "Marchés")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=subject)).to_be_visible()
    check_axe(page)


def compute_insertion_hours(page: Page, *, amount: str, labour_share: str, hourly_cost: str, rate: str) -> None:
    """From the market review, « Calculateur d'heures »: type the four figures; htmx shows the result as one types."""
    open_menu(page, "Revue de marchés", "Revue de marchés")
    page.get_by_role("link", name="Calculateur d'heures").click()
    expect(page.get_by_role("heading", level=1, name="Calculateur d'heures d'insertion")).to_be_visible()
    check_axe(page)
    by_label(page, "Montant HT (€)").fill(amount)
    by_label(page, "Part de main-d'œuvre (%)").fill(labour_share)
    by_label(page, "Coût horaire moyen chargé (€)").fill(hourly_cost)
    by_label(page, "Taux d'insertion (%)").fill(rate)


def calculator_result(page: Page):
    return page.get_by_role("region", name="Résultat")


def add_insertion_clause(
    page: Page, *, lot: str, amount: str, labour_share: str, penalty: str, categories: list[str], start: str, end: str
) -> None:
    """On a contract's page: « Ajouter une considération », choose the insertion clause, fill, save."""
    page.get_by_role("link", name="Ajouter une considération").click()
    expect(page.get_by_role("heading", level=2, name="Quel type de considération ?")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Clause sociale d'insertion (heures)").click()
    expect(page.get_by_role("heading", level=1, name="Nouvelle considération sociale")).to_be_visible()
    check_axe(page)
    by_label(page, "Lot").select_option(label=lot)
    by_label(page, "Montant HT retenu (€)").fill(amount)
    by_label(page, "Part de main-d'œuvre").fill(labour_share)
    by_label(page, "Pénalité par unité manquante (€)").fill(penalty)
    for category in categories:
        page.get_by_role("checkbox", name=category, exact=True).check()
    by_label(page, "Début").fill(start)
    by_label(page, "Fin").fill(end)
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("La considération sociale a été enregistrée.")
    check_axe(page)


def progress_row(page: Page, kind: str):
    """A consideration's row in the « Réalisation » table of the contract page."""
    section = page.get_by_role("region", name="Réalisation")
    return section.get_by_role("row").filter(has=page.get_by_role("rowheader", name=kind, exact=True))


def create_participant(
    page: Page, *, first_name: str, last_name: str, sex: str, birth_year: str, categories: list[str]
) -> str:
    """Menu « Participants », « Nouveau participant » (its code is proposed), fill, save; returns the code."""
    open_menu(page, "Participants", "Participants")
    page.get_by_role("link", name="Nouveau participant").click()
    expect(page.get_by_role("heading", level=1, name="Nouveau participant")).to_be_visible()
    check_axe(page)
    reference = by_label(page, "Code").input_value()
    by_label(page, "Prénom").fill(first_name)
    by_label(page, "Nom").fill(last_name)
    by_label(page, "Sexe").select_option(label=sex)
    by_label(page, "Année de naissance").fill(birth_year)
    for category in categories:
        page.get_by_role("checkbox", name=category, exact=True).check()
    submit(page)
    expect(page.get_by_role("status")).to_contain_text(f"{first_name} {last_name} ({reference}) : enregistré.")
    check_axe(page)
    return reference


def declare_and_validate_hours(
    page: Page, *, contractor: str, participant: str, month: str, hours: str, modality: str
) -> None:
    """From the contract's page: « Suivi détaillé », the clause's hours, « Déclarer des heures », then validate."""
    page.get_by_role("link", name="Suivi détaillé").click()
    expect(page.get_by_role("heading", level=1, name="Suivi de la réalisation")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="heures", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Heures d'insertion réalisées")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Déclarer des heures").click()
    expect(page.get_by_role("heading", level=1, name="Déclarer des heures")).to_be_visible()
    check_axe(page)
    by_label(page, "Entreprise du lot").select_option(label=contractor)
    by_label(page, "Participant").select_option(label=participant)
    by_label(page, "Mois").fill(month)
    by_label(page, "Heures travaillées").fill(hours)
    by_label(page, "Modalité").select_option(label=modality)
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("aucune embauche vérifiée")  # eligibility to check
    check_axe(page)
    page.get_by_role("link", name="vérifier l'embauche").click()  # the hiring, prefilled from the line
    expect(page.get_by_role("heading", level=1, name="Vérifier l'éligibilité à l'embauche")).to_be_visible()
    check_axe(page)
    by_label(page, "Pièce justificative vue").select_option(label="fiche de liaison d'un prescripteur")
    by_label(page, "Date de la pièce").fill(f"{month}-01")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("1 ligne(s) d'heures rejugée(s)")
    page.get_by_role("button", name="Valider les 1 ligne(s) déclarée(s)…").click()
    expect(page.get_by_role("heading", level=1, name="Valider 1 ligne(s) déclarée(s) ?")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Valider ces 1 ligne(s)").click()
    expect(page.get_by_role("status")).to_contain_text("1 ligne(s) validée(s).")
    expect(page.get_by_role("table")).to_contain_text("Validée")
    check_axe(page)


def download_pdf_text(page: Page, link: str, name: str) -> str:
    """Fetches the PDF behind a link of the current page (with the page's session); returns its text."""
    href = page.get_by_role("link", name=link).get_attribute("href")
    response = page.request.get(href)
    assert response.ok, f"{href} : {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF"), f"{href} n'est pas un PDF"
    return re.sub(r"\s+", " ", pdf_text(body))
