"""Journey 9: a facilitator corrects a contract (issue 21): deleting a lot with hours is refused with what depends
on it, an empty lot is deleted after confirmation, lots over the contract are warned, a status out of order is
refused."""

from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from markets.models import Lot
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    RealisedHoursFactory,
    UserFactory,
)

from .helpers import by_label, check_axe, login, screenshot, submit
from .steps import lot_card, open_market


def test_facilitator_corrects_lots_and_status(page):
    UserFactory(username="fanny")
    market = MarketFactory(
        reference="2026-VSA-021",
        object="Réhabilitation du groupe scolaire",
        amount=Decimal("500000"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    works = LotFactory(market=market, number=1, title="Gros œuvre", amount=Decimal("300000"))
    LotFactory(market=market, number=2, title="Peinture", amount=Decimal("50000"))
    contractor = ContractorFactory(lot=works, organisation=OrganisationFactory(name="Bâtir SARL"))
    RealisedHoursFactory(consideration=ConsiderationFactory(market=market), contractor=contractor)
    login(page, "fanny")
    open_market(page, "2026-VSA-021", "Réhabilitation du groupe scolaire")

    lot_card(page, "Lot 1 – Gros œuvre").get_by_role("link", name="Supprimer le lot 1").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Suppression refusée : 1 ligne(s) d'heures dépendent de « Lot 1 – Gros œuvre »."
    )
    expect(page.get_by_role("button", name="Supprimer")).to_have_count(0)
    check_axe(page)
    screenshot(page, "j21-01-suppression-refusee")
    page.get_by_role("link", name="Retour").click()

    lot_card(page, "Lot 2 – Peinture").get_by_role("link", name="Supprimer le lot 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer « Lot 2 – Peinture »")
    check_axe(page)
    page.get_by_role("button", name="Supprimer").click()
    expect(page.get_by_role("status").first).to_contain_text("Suppression enregistrée : « Lot 2 – Peinture ».")
    assert list(Lot.objects.filter(market=market).values_list("number", flat=True)) == [1]

    page.get_by_role("link", name="Ajouter un lot").click()
    check_axe(page)
    by_label(page, "Intitulé").fill("Menuiseries")
    by_label(page, "Montant HT (€)").fill("250000")
    submit(page)
    expect(page.get_by_role("status").filter(has_text="a été ajouté")).to_contain_text(
        "Lot 2 – Menuiseries a été ajouté. Les montants des lots dépassent de 50\u00a0000,00 € HT le montant estimé"
    )
    expect(page.get_by_role("status").filter(has_text="Attention")).to_contain_text("dépassent de 50\u00a0000,00 €")
    check_axe(page)
    screenshot(page, "j21-02-lots-au-dela-du-marche")

    by_label(page, "Nouveau statut").select_option(label="programmé")
    page.get_by_role("button", name="Changer").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Un marché ne passe pas de « en exécution » à « programmé » : son statut avance dans l'ordre."
    )
    check_axe(page)
