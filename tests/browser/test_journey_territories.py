"""Journey 6: on the two-territory demo (seed_demo), the Sud Touraine facilitator works on its own territory and
reaches nothing of the first one's: its contracts, their follow-up, its participants and their data answer 404,
and the lists, the exports and the dashboard hold only Sud Touraine's (issue 19)."""

from django.urls import reverse
from playwright.sync_api import expect

from demo import south, territory
from demo.followup import PARTICIPANTS
from demo.seed import seed_demo
from markets.models import Market
from partners.models import Participant

from .helpers import check_axe, login, screenshot
from .steps import open_menu

FIRST_REFERENCES = [row[1] for row in territory.MARKETS]
SOUTH_REFERENCES = [row[1] for row in south.MARKETS]
# the first territory's participants, by the last names the second territory's people do not share
FIRST_NAMES = [last for _, _, last, *_ in PARTICIPANTS if last not in {"Garnier", "Petit", "Rousseau"}]
EXPORTS = ["marches", "heures", "actions", "participants"]


def test_a_territory_reaches_nothing_of_the_other(page):
    seed_demo()
    first = territory.TERRITORIES[territory.FIRST]["name"]
    school = Market.objects.get(territory__name=first, reference="2026-TRX-001")
    samir = Participant.objects.get(territory__name=first, reference="P-0001")

    login(page, "facilitateur-sud")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Inès")
    alerts = page.get_by_role("region", name="À traiter")
    expect(alerts).to_contain_text("Restauration des remparts de la forteresse")  # its contract awaiting review
    for subject in ("Réhabilitation de la médiathèque", "Fourniture de repas"):  # the first territory's
        expect(alerts).not_to_contain_text(subject)
    expect_none_of_the_first(page.locator("main").inner_text())
    screenshot(page, "j6-01-accueil-du-territoire-sud")

    open_menu(page, "Marchés", "Marchés")
    table = page.get_by_role("table")
    for reference in SOUTH_REFERENCES:
        expect(table).to_contain_text(reference)
    expect_none_of_the_first(table.inner_text())  # not even the contracts of the landlord they share
    screenshot(page, "j6-02-marches-du-territoire-sud")

    open_menu(page, "Participants", "Participants")
    expect(page.get_by_role("table")).to_contain_text("Chevallier")  # its P-0001, the first territory's code too
    expect_none_of_the_first(page.locator("main").inner_text())
    screenshot(page, "j6-03-participants-du-territoire-sud")

    for name, url in [
        ("marche", reverse("markets:detail", args=[school.pk])),
        ("suivi", reverse("followup:market", args=[school.pk])),
        ("participant", reverse("partners:participant_update", args=[samir.pk])),
        ("donnees-participant", reverse("partners:participant_data", args=[samir.pk])),
        ("rapport-pdf", reverse("reporting:market_report", args=[school.pk])),
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1, name="Page introuvable")).to_be_visible()
        check_axe(page)
        expect_none_of_the_first(page.locator("body").inner_text())
        screenshot(page, f"j6-04-{name}-du-premier-territoire-404")

    for dataset in EXPORTS:
        response = page.request.get(reverse("reporting:export", args=[dataset, "csv"]))
        assert response.status == 200, dataset
        text = response.text()
        expect_none_of_the_first(text)
        assert dataset == "participants" or "CCLST-2026-004" in text, dataset
    assert "Chevallier" in page.request.get(reverse("reporting:export", args=["participants", "csv"])).text()


def expect_none_of_the_first(text: str) -> None:
    found = [word for word in FIRST_REFERENCES + FIRST_NAMES if word in text]
    assert not found, f"du premier territoire : {found}"


def test_the_coordination_sees_both_territories_side_by_side_and_no_name(page):
    """The regional coordination reads the two territories' figures side by side and in total, its consolidated
    report as a PDF, and nothing else: no participant's name anywhere, 403 on a contract's page."""
    seed_demo()
    names = [territory.TERRITORIES[key]["name"] for key in (territory.FIRST, territory.SOUTH)]
    people = [last for _, _, last, *_ in PARTICIPANTS + south.PARTICIPANTS]

    login(page, "coordination")
    main = page.locator("main")
    table = page.get_by_role("table").first
    for name in names:
        expect(table).to_contain_text(name)
    expect(table).to_contain_text("Total")
    check_axe(page)
    assert not [last for last in people if last in main.inner_text()]
    screenshot(page, "j6-05-coordination-deux-territoires")

    pdf = page.request.get(page.get_by_role("link", name="Rapport annuel consolidé").first.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    contract = Market.objects.get(territory__name=names[0], reference="2026-TRX-001")
    for url in (reverse("markets:detail", args=[contract.pk]), reverse("partners:participant_list")):
        response = page.goto(url)
        assert response.status == 403, url
        check_axe(page)
        assert not [last for last in people if last in page.locator("body").inner_text()]
