"""Download names built from data go through partners.downloads.content_disposition: an ASCII fallback and the exact
name in RFC 6266's filename*, so a quote, a line break or an accent neither injects nor breaks a header; and a
line break in a contract's reference does not break its PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from partners.downloads import ascii_filename, content_disposition
from tests.factories import ConsiderationFactory, MarketFactory

HOSTILE_REFERENCE = 'M"1\r\nX-Injecte: oui; filename="autre.exe" é'


@pytest.mark.parametrize(
    "filename,header",
    [
        ("rapport-2026.pdf", 'attachment; filename="rapport-2026.pdf"'),
        (
            'bilan-M"1.pdf',
            "attachment; filename=\"bilan-M_1.pdf\"; filename*=UTF-8''bilan-M%221.pdf",
        ),
        (
            "bilan-Marché\r\n.pdf",
            "attachment; filename=\"bilan-Marche_.pdf\"; filename*=UTF-8''bilan-March%C3%A9%0D%0A.pdf",
        ),
    ],
)
def test_content_disposition_gives_an_ascii_fallback_and_the_exact_name(filename, header):
    assert content_disposition(filename) == header


def test_an_inline_pdf_stays_inline():
    assert content_disposition("a b.pdf", as_attachment=False).startswith('inline; filename="a_b.pdf"; filename*=')


def test_an_empty_or_all_symbols_name_still_has_a_name():
    assert ascii_filename('""\r\n') == "fichier"


def one_header_line(response) -> str:
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header and header.count("filename=") == 1
    assert header.isascii()
    return header


@pytest.fixture
def hostile_market(buyer, facilitator):
    return MarketFactory(buyer=buyer, facilitator=facilitator, reference=HOSTILE_REFERENCE)


def test_a_contract_report_pdf_with_a_crlf_reference(client, facilitator, hostile_market):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:market_report", args=[hostile_market.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    header = one_header_line(response)
    assert header.startswith('inline; filename="bilan-M_1_X-Injecte_oui_filename_autre.exe_e.pdf"; filename*=')
    reader = PdfReader(io.BytesIO(response.content))
    assert 'M"1' in reader.pages[0].extract_text()
    assert "\n" not in (reader.metadata.title or "") and "\r" not in (reader.metadata.title or "")


def test_the_clause_docx_of_a_crlf_reference(client, facilitator, hostile_market):
    consideration = ConsiderationFactory(market=hostile_market)
    client.force_login(facilitator)
    response = client.get(reverse("clauses:docx", args=[consideration.pk]))
    assert response.status_code == 200
    assert one_header_line(response).startswith('attachment; filename="clause-M_1_X-Injecte')


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_have_one_filename(client, facilitator, fmt):
    client.force_login(facilitator)
    response = client.get(reverse("reporting:export", args=["marches", fmt]))
    assert one_header_line(response).startswith('attachment; filename="levier-marches-')
