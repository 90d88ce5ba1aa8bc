"""Buyer users never receive a participant's name or birth year: a crawl of every page, PDF, document and export
reachable from a buyer user's home, read as a person would (pypdf for PDFs, openpyxl for spreadsheets)."""

import io
import re
from collections import deque
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActionPlanFactory,
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    ParticipantFactory,
    ProgressPlanEntryFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
)
from tests.reporting.pdftext import pdf_text

MAX_PAGES = 250
NAMES = [("Zéphyrine", "Quasimodo", 1937), ("Barnabé", "Tiroflan", 1941), ("Ondine", "Vermicelle", 2003)]
SKIP = ("/static/", "/accounts/logout", "/admin/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith(SKIP):
            self.links.append(href.split("#")[0])


def readable_text(response) -> str:
    content_type = response.get("Content-Type", "")
    if "pdf" in content_type:
        return pdf_text(response.content)
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "wordprocessingml" in content_type:
        return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(response.content)).paragraphs)
    return response.content.decode()


@pytest.fixture
def followed_market(market, facilitator, categories_for_names):
    """A contract of the buyer with everything the follow-up records about named participants."""
    market.start_date, market.end_date = date(2024, 1, 1), date(2025, 12, 31)
    market.notification_date = date(2024, 1, 1)
    market.save()
    clause = ConsiderationFactory(market=market, target=Decimal(1000), status="en_cours", penalty_per_unit=10)
    clause.eligible_categories.set(categories_for_names)
    contractor = ContractorFactory(lot=LotFactory(market=market))
    actions = ConsiderationFactory(market=market, kind="social_actions", unit="actions", target=Decimal(3))
    plan = ConsiderationFactory(market=market, kind="progress_plan", target=None, unit="")
    ProgressPlanEntryFactory(consideration=plan)
    ActionPlanFactory(buyer=market.buyer)
    for first, last, year in NAMES:
        person = ParticipantFactory(
            first_name=first,
            last_name=last,
            birth_year=year,
            eligible_categories=categories_for_names,
            notes=f"Notes sur {last}",
        )
        RealisedHoursFactory(
            consideration=clause,
            contractor=contractor,
            participant=person,
            month=date(2025, 3, 1),
            status="validee",
            validated_at=timezone.now(),
            validated_by=facilitator,
        )
        RealisedActionFactory(consideration=actions, description="Visite du chantier").participants.add(person)
    return market


@pytest.fixture
def categories_for_names(db):
    from tests.factories import EligibleCategoryFactory

    return [EligibleCategoryFactory(code="rsa")]


def test_buyer_users_never_receive_a_participant_name_or_birth_year(client, buyer_user, followed_market):
    client.force_login(buyer_user)
    year = timezone.localdate().year
    seeds = [
        "/",
        *(
            reverse("reporting:export", args=[dataset, fmt])
            for dataset in ("marches", "heures", "actions", "participants", "enquete")
            for fmt in ("csv", "xlsx")
        ),
        reverse("reporting:buyer_report", args=[buyer_user.organisation_id, year]),
        reverse("reporting:buyer_report", args=[buyer_user.organisation_id, 2025]),
    ]
    forbidden = [
        re.compile(rf"(?<![\w.,]){re.escape(str(value))}(?![\w.,])", re.IGNORECASE)
        for first, last, year_of_birth in NAMES
        for value in (first, last, year_of_birth)
    ]
    seen, queue, read = set(seeds), deque(seeds), {}
    while queue and len(read) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403, 404), f"{url}: {response.status_code}"
            continue
        text = readable_text(response)
        read[url] = response.get("Content-Type", "")
        leaks = [pattern.pattern for pattern in forbidden if pattern.search(text)]
        assert not leaks, f"{url} shows {leaks}"
        if "html" in read[url]:
            parser = Links()
            parser.feed(text)
            for link in parser.links:
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    kinds = set(read.values())
    # the crawl reached the contract, its follow-up and history, PDFs, spreadsheets and the clause's document
    assert any("pdf" in kind for kind in kinds) and any("spreadsheetml" in kind for kind in kinds)
    assert any("wordprocessingml" in kind for kind in kinds) and any("csv" in kind for kind in kinds)
    for page in (
        followed_market.get_absolute_url(),
        reverse("followup:market", args=[followed_market.pk]),
        reverse("followup:history", args=[followed_market.pk]),
        reverse("reporting:market_report", args=[followed_market.pk]),
    ):
        assert page in read, f"the crawl did not reach {page}"


def test_the_same_crawl_shows_names_to_a_facilitator(client, facilitator, followed_market):
    """The check above is not vacuous: the names are there for those allowed to see them."""
    client.force_login(facilitator)
    content = client.get(reverse("reporting:export", args=["participants", "xlsx"]))
    assert "Quasimodo" in readable_text(content) and "1937" in readable_text(content)
