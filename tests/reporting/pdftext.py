"""Reads a PDF's text and fonts as a person's PDF reader would, in pure Python (pypdf: no poppler-utils)."""

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in reading order, one line per line of the page."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> str:
    """The fonts' names, one a line, as embedded (subset-prefixed: ``ABCDEF+Source-Sans-3``). WeasyPrint gives every
    page, and the drawings on it, the one dictionary of the document's fonts."""
    names = {
        font.get_object()["/BaseFont"].removeprefix("/")
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    return "\n".join(sorted(names))
