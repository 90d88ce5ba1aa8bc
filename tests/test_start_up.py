"""What start-up imports: the URL configuration and every view, but not WeasyPrint (imported when a PDF is made), so
that a machine without Pango still serves every page that makes no PDF."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# Run in a fresh interpreter: the test process has long imported WeasyPrint through the PDF tests.
START_UP = """
import importlib, pathlib, sys
import django

django.setup()
import config.urls

views = [importlib.import_module(f"{path.parent.name}.{path.stem}") for path in pathlib.Path().glob("*/*views.py")]
assert views, "no views found"
assert "weasyprint" not in sys.modules, "WeasyPrint imported at start-up"
"""


def test_the_urls_and_views_import_without_weasyprint():
    result = subprocess.run(
        [sys.executable, "-c", START_UP],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
