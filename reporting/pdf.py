"""PDF rendering with WeasyPrint: the same templates as the pages, with a print stylesheet. WeasyPrint is imported
only when a PDF is made, so that a machine without Pango still serves every other page."""

import mimetypes
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string

from partners.downloads import content_disposition

BASE_URL = "http://levier.invalid/"


def static_file(path: str) -> str | None:
    """The file of a static URL's path: in the apps' and project's static folders (development: never a stale
    collected copy), else collected (production: {% static %} writes the hashed names only the collection has)."""
    if not path.startswith(settings.STATIC_URL):
        return None
    name = path.removeprefix(settings.STATIC_URL)
    return finders.find(name) or (staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None)


def static_files_fetcher():
    """A WeasyPrint URL fetcher that reads the stylesheet and fonts from the static files and inline data: images,
    and fetches nothing else. WeasyPrint (and Pango under it) is imported here, when a PDF is made, never by a page."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = static_file(urlparse(url).path)
            if not found:
                raise ValueError(f"Ressource refusée dans un PDF : {url}")
            mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": mime_type})

    return StaticFilesFetcher()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_files_fetcher()).render()
    if document.metadata.title:  # a line break in a reference would go as is into the PDF's title
        document.metadata.title = " ".join(document.metadata.title.split())
    return document.write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(template_name: str, context: dict, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context, request), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, as_attachment=False)
    return response
