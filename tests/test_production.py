"""What a production deployment runs: collectstatic with the compressed, versioned whitenoise storage; the WSGI
application gunicorn serves."""

import gc
import importlib
import sys

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_with_the_production_storage(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest and "fonts/source-sans-3-latin-400-normal.woff" in manifest
    assert list(tmp_path.glob("css/levier.*.css.gz"))


def test_the_wsgi_application_freezes_what_start_up_loaded():
    sys.modules.pop("config.wsgi", None)
    gc.unfreeze()
    try:
        wsgi = importlib.import_module("config.wsgi")
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 10_000  # the modules, models and settings loaded at start-up
    finally:
        gc.unfreeze()
