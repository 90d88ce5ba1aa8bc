"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Every test in this folder is marked `browser`: `make test` leaves them out (pyproject addopts),
`make test-browser` and `.ci/run` run them.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .helpers import PageWatch, screenshot

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # tryfirst: the marker must be on the items before pytest deselects by `-m`.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in the test thread, where Django refuses ORM calls
    # (the factories, the database checks) unless told that this is safe; `make test-browser` sets it too.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server, transactional_db):
    """A fresh browser context per test (no shared cookies), watched for page errors and missed axe checks;
    a failed journey leaves a screenshot of where it stopped (ECHEC-<test>.png)."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = PageWatch.start(page)
    yield page
    failed = getattr(request.node, "journey_failed", False)
    if failed:
        screenshot(page, f"ECHEC-{request.node.name}")
    context.close()
    watch.stop()
    if not failed:
        watch.assert_clean()
