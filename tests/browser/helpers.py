"""What every journey needs: log in, find a field by its label, check accessibility, take a screenshot."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import Locator, Page, expect

PASSWORD = "demo-levier"  # the factories' password (tests/factories.py UserFactory)
AXE_JS = settings.BASE_DIR / "static" / "vendor" / "axe" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}

_watches: dict[int, "PageWatch"] = {}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class PageWatch:
    """Records what a page went through, so that the fixture can fail the test on what went unnoticed:
    a page loaded but never checked with axe, a JavaScript error, a static file that did not load."""

    page: Page
    loaded: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, page: Page) -> "PageWatch":
        watch = _watches[id(page)] = cls(page)
        page.on("load", lambda p: watch.loaded.append(_path(p.url)))
        page.on("pageerror", lambda error: watch.problems.append(f"erreur JavaScript : {error}"))
        page.on("response", watch._on_response)
        return watch

    def _on_response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.problems.append(f"fichier statique {response.status} : {response.url}")

    def stop(self) -> None:
        _watches.pop(id(self.page), None)

    def assert_clean(self) -> None:
        unchecked = [path for path in dict.fromkeys(self.loaded) if path not in self.checked]
        assert not unchecked, f"pages visitées sans contrôle axe (appelez check_axe) : {unchecked}"
        assert not self.problems, "\n".join(self.problems)


def field_label(label: str) -> re.Pattern:
    """A field's accessible name: its label, followed by crispy's « * » when it is required."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def by_label(page: Page, label: str) -> Locator:
    """The field whose label is `label`: journeys find fields the way a person (or a screen reader) does."""
    return page.get_by_label(field_label(label))


def login(page: Page, username: str, password: str = PASSWORD, totp_device=None) -> None:
    """Signs in through the form; with ``totp_device``, gives its current code at the second step (two factors)."""
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Connexion à Levier")).to_be_visible()
    check_axe(page)
    by_label(page, "Nom d’utilisateur").fill(username)
    by_label(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if totp_device is not None:
        from django_otp.oath import totp

        expect(page.get_by_role("heading", name="Code de connexion")).to_be_visible()
        check_axe(page)
        code = totp(totp_device.bin_key, totp_device.step, totp_device.t0, totp_device.digits, totp_device.drift)
        by_label(page, "Code à 6 chiffres").fill(f"{code:06d}")
        page.get_by_role("button", name="Valider").click()
    # logged in: the logout button sits in the user menu (a dropdown, hidden until opened)
    expect(page.locator("form[action='/accounts/logout/'] button")).to_be_attached()
    check_axe(page)


# Waived on Django's admin pages only, each for one rule inside the part of Django's own markup that breaks it
# (rule id → CSS selector of that part; the rule still runs on the rest of the page):
# - label: a TabularInline's fields are named by their column header, not by a <label> (Django's
#   admin/edit_inline/tabular.html); a StackedInline labels every field.
ADMIN_WAIVERS = {"label": ".inline-group .tabular"}
AXE_RUN = """async ([waivers]) => {
    const options = {resultTypes: ['violations']};
    if (!waivers) return (await axe.run(document, options)).violations;
    const ids = Object.keys(waivers);
    const rules = Object.fromEntries(ids.map(id => [id, {enabled: false}]));
    const violations = (await axe.run(document, {...options, rules})).violations;
    for (const id of ids) {
        const context = {include: [document], exclude: [[waivers[id]]]};
        violations.push(...(await axe.run(context, {...options, runOnly: [id]})).violations);
    }
    return violations;
}"""


def check_axe(page: Page) -> None:
    """Runs axe-core (vendored) on the current page; fails on any serious or critical violation."""
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    path = _path(page.url)
    # test settings render an unknown template variable as INVALID_TEMPLATE_VARIABLE[name]: never on a page
    expect(page.locator("body")).not_to_contain_text("INVALID_TEMPLATE_VARIABLE")
    violations = page.evaluate(AXE_RUN, [ADMIN_WAIVERS if path.startswith("/admin/") else None])
    _watches[id(page)].checked.add(path)
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe sur {path} :\n" + "\n".join(map(_describe, blocking))


def _describe(violation: dict) -> str:
    lines = [f"- [{violation['impact']}] {violation['id']} : {violation['help']} ({violation['helpUrl']})"]
    for node in violation["nodes"][:10]:
        lines.append(f"    {' '.join(map(str, node['target']))}")
        lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in tests/browser/screenshots/ (git-ignored), to look at after the run."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")  # transitions at their end state
    return path


def submit(page: Page, name: str = "Enregistrer") -> None:
    page.get_by_role("button", name=name).click()


def expect_field_error(page: Page, label: str, message: str) -> None:
    """The French error sits beside the field and is tied to it (aria-invalid, aria-describedby)."""
    field_ = by_label(page, label)
    expect(field_).to_have_attribute("aria-invalid", "true")
    described_by = field_.get_attribute("aria-describedby") or ""
    error_ids = [id_ for id_ in described_by.split() if id_.endswith("_error")]
    assert error_ids, f"« {label} » : aucune erreur reliée par aria-describedby ({described_by!r})"
    error = page.locator(f"#{error_ids[0]}")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    expect(error).to_have_class(re.compile(r"\binvalid-feedback\b"))


def expect_group_error(page: Page, legend: str, message: str) -> None:
    """The same for a group of checkboxes or radio buttons: its fieldset (named by the legend) points to the error."""
    group = page.get_by_role("group", name=field_label(legend))
    expect(group).to_be_visible()
    described_by = group.get_attribute("aria-describedby") or ""
    error_ids = [id_ for id_ in described_by.split() if id_.endswith("_error")]
    assert error_ids, f"« {legend} » : aucune erreur reliée par aria-describedby ({described_by!r})"
    error = page.locator(f"#{error_ids[0]}")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    for box in group.get_by_role("checkbox").all() + group.get_by_role("radio").all():
        expect(box).to_have_attribute("aria-invalid", "true")
