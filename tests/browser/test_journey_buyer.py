"""Journey 2: a buyer user reads its own contracts and their progress, nothing else, and never a participant's
name (issue 9)."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from demo.followup import PARTICIPANTS
from partners.models import EligibleList
from tests.factories import (
    BuyerFactory,
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
    EligibleListFactory,
    LotFactory,
    MarketFactory,
    ParticipantFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
    UserFactory,
)
from tests.reporting.pdftext import pdf_text

from .helpers import check_axe, login, screenshot
from .steps import lot_card, open_menu, progress_row

EDIT_CONTROLS = ["Modifier", "Ajouter un lot", "Ajouter une entreprise", "Nouveau marché", "Changer"]
CLAUSE = "Clause sociale d'insertion (heures)"
MAX_PAGES = 200  # a safety net: the buyer's whole reach is a few dozen addresses
NOT_FOLLOWED = ("/accounts/logout/", "/admin/", "/static/")


def test_buyer_user_reads_only_its_contracts(page):
    own = BuyerFactory(name="Ville de Saint-Aubin-sur-Loire")
    other = BuyerFactory(name="Val de Loire Habitat", buyer_category="bailleur_social")
    UserFactory(username="claire", first_name="Claire", last_name="Dubois", role=Role.BUYER, organisation=own)
    school = MarketFactory(
        buyer=own,
        reference="2026-VSA-003",
        object="Extension de l'école Jules-Ferry",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 6, 30),
    )
    MarketFactory(buyer=own, reference="2026-VSA-007", object="Entretien des espaces verts", nature="services")
    secret = MarketFactory(buyer=other, reference="2026-VLH-021", object="Réhabilitation de 48 logements")
    contractor = ContractorFactory(
        lot=LotFactory(market=school, number=1, title="Gros œuvre"), organisation__name="Bâtiments Tourangeaux"
    )
    names = follow_up_with_demo_participants(school, contractor, secret)

    login(page, "claire")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les marchés de Ville de Saint-Aubin-sur-Loire")
    expect(page.get_by_role("navigation", name="Navigation principale")).not_to_contain_text("Partenaires")
    expect(page.get_by_role("navigation", name="Navigation principale")).not_to_contain_text("Participants")
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
    progress = progress_row(page, CLAUSE)
    expect(progress).to_contain_text("833 heures")
    expect(progress.get_by_role("cell").nth(2)).to_contain_text("300")  # 3 × 100 h validated; the declared wait
    screenshot(page, "j2-03-marche-en-lecture-seule-avec-avancement")

    page.get_by_role("link", name="Suivi détaillé").click()
    expect(page.get_by_role("heading", level=1, name="Suivi de la réalisation")).to_be_visible()
    check_axe(page)
    # three participants: under the threshold of statistical secrecy, the buyer reads « secret » (partners.secrecy)
    participants = page.get_by_role("region", name="Participants (heures validées)")
    expect(participants).to_contain_text("secret participant(s)")
    expect(participants).not_to_contain_text("3 participant(s)")
    screenshot(page, "j2-04-suivi-en-effectifs")

    response = page.goto(secret.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1, name="Page introuvable")).to_be_visible()
    check_axe(page)
    expect(page.locator("body")).not_to_contain_text("Réhabilitation de 48 logements")
    screenshot(page, "j2-05-marche-d-un-autre-acheteur-404")

    reached = crawl(page, "/")
    assert "/marches/" in reached and f"/marches/{school.pk}/rapport.pdf" in reached, sorted(reached)
    assert not any(
        path.startswith("/partenaires/participants/") and status == 200 for path, (status, _) in reached.items()
    )
    assert f"/marches/{secret.pk}/" not in reached
    text = "\n".join(body for _, body in reached.values())
    assert "Extension de l'école Jules-Ferry" in text and "Réhabilitation de 48 logements" not in text
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    found = sorted({name for name in names if name.casefold() in text.casefold()})
    assert not found, f"noms de participants visibles d'un acheteur : {found}"


def follow_up_with_demo_participants(market, contractor, secret) -> list[str]:
    """An insertion clause with hours of the demo's participants (validated and declared) and an action they
    attended, on the buyer's contract and on the other buyer's; returns their names, in both orders."""
    facilitator = UserFactory(username="fanny")
    validated = {"status": "validee", "validated_by": facilitator, "validated_at": timezone.now()}
    EligibleList.objects.update(active=False)
    publics = EligibleListFactory(name="Publics éligibles CCAG 2021")
    categories = [EligibleCategoryFactory(eligible_list=publics, label=label) for label in ("Jeunes", "Seniors")]
    clause = ConsiderationFactory(market=market, lot=None, target=Decimal("833"), eligible_list=publics)
    clause.eligible_categories.set(categories)
    participants = [
        ParticipantFactory(
            reference=code, first_name=first, last_name=last, sex=sex, birth_year=born, eligible_categories=categories
        )
        for code, first, last, sex, born, *_ in PARTICIPANTS[:5]
    ]
    for participant in participants[:3]:
        RealisedHoursFactory(consideration=clause, contractor=contractor, participant=participant, **validated)
    RealisedHoursFactory(
        consideration=clause, contractor=contractor, participant=participants[3]
    )  # declared, not validated yet
    action = RealisedActionFactory(consideration__market=market, description="Visite du chantier")
    action.participants.set(participants[:2])
    RealisedHoursFactory(consideration__market=secret, participant=participants[4], **validated)
    return [f"{first} {last}" for _, first, last, *_ in PARTICIPANTS] + [
        f"{last} {first}" for _, first, last, *_ in PARTICIPANTS
    ]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "tel:")):
            self.hrefs.append(href)


def crawl(page: Page, start: str) -> dict[str, tuple[int, str]]:
    """Every address the logged-in user reaches by following links from `start`, fetched with the page's session
    (cookies): {path: (status, text)}; the text of a PDF, a spreadsheet or a document is extracted."""
    origin = urlsplit(page.url)
    queue, reached = [start], {}
    while queue and len(reached) < MAX_PAGES:
        path = queue.pop(0)
        if path in reached:
            continue
        response = page.request.get(path)
        text = document_text(response.headers.get("content-type", ""), response.body())
        reached[path] = (response.status, text)
        if "text/html" in response.headers.get("content-type", ""):
            links = _Links()
            links.feed(text)
            for href in links.hrefs:
                url = urlsplit(urljoin(origin._replace(path=path, query="").geturl(), href))
                target = url.path + (f"?{url.query}" if url.query else "")
                if url.netloc == origin.netloc and not target.startswith(NOT_FOLLOWED) and target not in reached:
                    queue.append(target)
    assert not queue, f"plus de {MAX_PAGES} adresses atteintes : {queue[:10]}"
    return reached


def document_text(content_type: str, body: bytes) -> str:
    if content_type.startswith("application/pdf"):
        return pdf_text(body)
    if body.startswith(b"PK"):  # XLSX, DOCX: zipped XML
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            xml = " ".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
        return re.sub(r"<[^>]+>", " ", xml)
    return body.decode("utf-8", errors="replace")
