"""What a production deployment runs: collectstatic with the compressed, versioned whitenoise storage; the WSGI
application gunicorn serves."""

import gc
import importlib
import logging
import re
import sys

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from reporting.pdf import BASE_URL, html_to_pdf, static_files_fetcher
from tests.reporting.pdftext import pdf_fonts

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path):
    """The static files collected as in production, into tmp_path, and served from there."""
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield tmp_path


def test_collectstatic_with_the_production_storage(collected):
    manifest = (collected / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest and "fonts/source-sans-3-latin-400-normal.woff" in manifest
    assert list(collected.glob("css/levier.*.css.gz"))


def test_a_pdf_reads_the_collected_stylesheet_and_fonts_under_their_hashed_names(collected, caplog):
    stylesheet = static("css/print.css")
    assert re.search(r"print\.[0-9a-f]{12}\.css$", stylesheet)
    css = static_files_fetcher().fetch(BASE_URL + stylesheet.lstrip("/"))
    font = re.search(r'url\("([^"]+-400-normal\.[0-9a-f]{12}\.woff)"\)', css.read().decode())
    assert font, "the manifest storage rewrites the fonts' URLs to their hashed names"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(f'<link rel="stylesheet" href="{stylesheet}"><p>Bilan de la clause</p>')
    assert pdf.startswith(b"%PDF") and not caplog.records
    assert "Source-Sans-3" in pdf_fonts(pdf)  # the font came from the collected files
    with pytest.raises(ValueError, match="Ressource refusée"):
        static_files_fetcher().fetch("https://example.org/tracker.css")


def test_the_wsgi_application_freezes_what_start_up_loaded():
    sys.modules.pop("config.wsgi", None)
    gc.unfreeze()
    try:
        wsgi = importlib.import_module("config.wsgi")
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 10_000  # the modules, models and settings loaded at start-up
    finally:
        gc.unfreeze()


def test_a_gunicorn_worker_freezes_what_its_first_requests_loaded_ever_more_rarely():
    from config import gunicorn

    worker = type("Worker", (), {})()
    gc.unfreeze()
    try:
        frozen_after = []
        for worker.nr in range(1, 200):
            gunicorn.post_request(worker, None, {}, None)
            if gc.get_freeze_count():
                frozen_after.append(worker.nr)
                gc.unfreeze()
        assert frozen_after == [1, 2, 4, 8, 16, 32, 64, 128]
    finally:
        gc.unfreeze()
