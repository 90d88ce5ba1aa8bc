"""Who sees what, generated from the URL configuration: every URL pattern × every role → the expected status.

The list of URLs comes from the resolver (`url_patterns()`), not from this file: a new URL without a row in
TABLE makes `test_status` fail for it. Arguments are built by naming convention: `pk` is the object named in
the row, `market_pk` / `lot_pk` / `part_pk` the contract, lot and plan axis of the fixture, and the other
converters take the values of ARGUMENTS. Django's own admin pages are covered by `admin:index` and the changelists
of ADMIN_ROWS (the rest of the admin by role: tests/test_admin_access.py).

The objects are the first territory's (the fixtures'); `other_territory_facilitator` works in another territory:
it gets 404 on the first territory's objects and its own, empty lists (NOTHING_OF_THE_FIRST checks what they show).
Coordinations and the platform admin reach their role's pages only (accounts.middleware.ROLE_PAGES), 403 elsewhere.
"""

from html import escape

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role

ROLES = (
    "anonymous",
    "facilitator",
    "admin",
    "own_buyer_user",
    "other_buyer_user",
    "other_territory_facilitator",
    "coordination",
    "platform_admin",
)

# Expected statuses in the order of ROLES. 302 for anonymous users is the redirect to the login page; buyer users
# get 403 on editors' pages and 404 on the objects of another buyer; a facilitator of another territory 404 on the
# first territory's objects.
EVERYONE = [302, 200, 200, 200, 200, 200, 403, 403]
FIGURES = [302, 200, 200, 200, 200, 200, 200, 200]  # the pages of every role (ROLE_PAGES)
EDITORS = [302, 200, 200, 403, 403, 200, 403, 403]
EDITORS_OBJECT = [302, 200, 200, 403, 403, 404, 403, 403]  # an editors' page of one of the first territory's objects
OWN_BUYER = [302, 200, 200, 200, 404, 404, 403, 403]
PUBLIC = [200] * len(ROLES)
EDITORS_POST = [302, 302, 302, 403, 403, 302, 403, 403]
EDITORS_OBJECT_POST = [302, 302, 302, 403, 403, 404, 403, 403]
ADMIN = [
    302,
    302,
    200,
    302,
    302,
    302,
    403,
    200,
]  # both admins; a coordination 403 (ROLE_PAGES), the others the admin login
TERRITORY_ADMIN = [302, 302, 200, 302, 302, 302, 403, 403]  # a territory's data: not the platform admin's

# url name: (method, object passed as `pk`, statuses)
TABLE = {
    "home": ("get", None, FIGURES),
    # authentication (public pages: login, logout, password reset)
    "login": ("get", None, PUBLIC),
    "logout": ("post", None, [302] * len(ROLES)),
    "password_change": ("get", None, FIGURES),
    "password_change_done": ("get", None, FIGURES),
    "password_reset": ("get", None, PUBLIC),
    "password_reset_done": ("get", None, PUBLIC),
    "password_reset_confirm": ("get", None, PUBLIC),
    "password_reset_complete": ("get", None, PUBLIC),
    # two-factor authentication: offered to every role; the code's page goes home when no code is pending
    "two_factor_setup": ("get", None, FIGURES),
    "two_factor_verify": ("get", None, [302] * len(ROLES)),
    "admin:index": ("get", None, ADMIN),
    # partners: the directory and the participants are for editors only
    "partners:list": ("get", None, EDITORS),
    "partners:create": ("get", None, EDITORS),
    "organisations:detail": ("get", "buyer", EDITORS),
    "partners:update": ("get", "buyer", EDITORS),
    "partners:delete": ("get", "buyer", EDITORS),
    "partners:contact_create": ("get", "buyer", EDITORS),
    "partners:participant_list": ("get", None, EDITORS),
    "partners:participant_create": ("get", None, EDITORS),
    "partners:participant_update": ("get", "participant", EDITORS_OBJECT),
    "partners:participant_data": ("get", "participant", EDITORS_OBJECT),
    "partners:participant_erase": ("get", "participant", EDITORS_OBJECT),
    "partners:access_log": ("get", None, [302, 403, 200, 403, 403, 403, 403, 403]),  # the territory's admin only
    "partners:participant_delete": ("get", "participant", EDITORS_OBJECT),
    # contracts
    "markets:list": ("get", None, EVERYONE),
    "markets:create": ("get", None, EDITORS),
    "markets:detail": ("get", "market", OWN_BUYER),
    "markets:update": ("get", "market", EDITORS_OBJECT),
    "markets:decp_publication": ("get", "market", EDITORS_OBJECT),
    "markets:status": ("post", "market", EDITORS_OBJECT_POST),
    "markets:lot_create": ("get", "market", EDITORS_OBJECT),
    "markets:contractor_create": ("get", None, EDITORS_OBJECT),
    "markets:lot_update": ("get", None, EDITORS_OBJECT),
    "markets:lot_delete": ("get", None, EDITORS_OBJECT),
    "markets:contractor_update": ("get", "contractor", EDITORS_OBJECT),
    "markets:contractor_delete": ("get", "contractor", EDITORS_OBJECT),
    "markets:decp_import": ("get", None, EDITORS),
    "markets:decp_conflicts": ("get", None, EDITORS),
    "markets:decp_report": (
        "get",
        None,
        [302, 404, 404, 403, 403, 404, 403, 403],
    ),  # 404 without a report in the session
    # social considerations
    "clauses:calculator": ("get", None, EVERYONE),
    "clauses:review": ("get", None, EDITORS),
    "clauses:accept": ("post", None, EDITORS_OBJECT_POST),
    "clauses:dismiss": ("post", None, EDITORS_OBJECT_POST),
    "clauses:create": ("get", None, EDITORS_OBJECT),
    "clauses:exemption": ("get", None, EDITORS_OBJECT),
    "clauses:detail": ("get", "consideration", OWN_BUYER),
    "clauses:update": ("get", "consideration", EDITORS_OBJECT),
    "clauses:text": ("get", "consideration", OWN_BUYER),
    "clauses:docx": ("get", "consideration", OWN_BUYER),
    # follow-up: the contract's follow-up and history show counts only; names and entry pages are editors'
    "followup:market": ("get", None, OWN_BUYER),
    "followup:history": ("get", None, OWN_BUYER),
    "followup:hours": ("get", "consideration", EDITORS_OBJECT),
    "followup:hours_create": ("get", "consideration", EDITORS_OBJECT),
    "followup:hours_decision": ("post", "consideration", EDITORS_OBJECT_POST),
    "followup:hours_update": ("get", "hours_line", EDITORS_OBJECT),
    "followup:hours_delete": ("get", "hours_line", EDITORS_OBJECT),
    "followup:hours_unvalidate": ("get", "validated_line", EDITORS_OBJECT),
    "followup:hours_import": ("get", "consideration", EDITORS_OBJECT),
    "followup:hours_import_confirm": ("post", "consideration", EDITORS_OBJECT_POST),
    "followup:hours_template": ("get", None, EDITORS),
    "followup:action_create": ("get", "progress_plan", EDITORS_OBJECT),
    "followup:plan_create": ("get", "progress_plan", EDITORS_OBJECT),
    "followup:plan_evaluate": ("get", "plan_entry", EDITORS_OBJECT),
    "followup:action_update": ("get", "action", EDITORS_OBJECT),
    "followup:action_delete": ("get", "action", EDITORS_OBJECT),
    "followup:plan_update": ("get", "plan_entry", EDITORS_OBJECT),
    "followup:plan_delete": ("get", "plan_entry", EDITORS_OBJECT),
    # the penalty procedure: its page for whoever sees the contract, each step's form for editors
    "followup:hirings": ("get", "participant", EDITORS_OBJECT),
    "followup:hiring_create": ("get", "participant", EDITORS_OBJECT),
    "followup:hiring_update": ("get", "hiring", EDITORS_OBJECT),
    "followup:penalty": ("get", "consideration", OWN_BUYER),
    "followup:penalty_notice": ("get", "consideration", EDITORS_OBJECT),
    "followup:penalty_answer": ("get", "consideration", EDITORS_OBJECT),
    "followup:penalty_decision": ("get", "consideration", EDITORS_OBJECT),
    # reporting
    "reporting:reports": ("get", None, FIGURES),
    "reporting:company": ("get", "company", OWN_BUYER),
    # the directory's organisations are the territories' shared records: another territory's facilitator gets its
    # report on that buyer's contracts in its own territory (none here: an empty report)
    "reporting:buyer_report": ("get", "buyer", [302, 200, 200, 200, 404, 200, 403, 403]),
    "reporting:export": ("get", None, EVERYONE),
    "reporting:survey": ("get", None, FIGURES),
    # the view from above: a facilitator's consolidated report is its territory's; buyers read no territory's
    "reporting:consolidated_pdf": ("get", None, [302, 200, 200, 403, 403, 200, 200, 200]),
    # fmt=xlsx (VALUES) is no open-data format: 404; csv and json by role in tests/reporting/test_consolidated_views
    "reporting:open_data": ("get", None, [302, 404, 404, 403, 403, 404, 404, 404]),
    "reporting:decp_export": ("get", None, EVERYONE),
    "reporting:market_report": ("get", "market", OWN_BUYER),
    # the letter exists once the notice is recorded (none here: 404); by role in tests/followup/test_penalties.py
    "reporting:penalty_notice_letter": ("get", "consideration", [302, 404, 404, 404, 404, 404, 403, 403]),
    "plans:list": ("get", None, EVERYONE),
    "plans:create": ("get", None, EDITORS),
    "reporting:plan_detail": ("get", "plan", OWN_BUYER),
    "plans:update": ("get", "plan", EDITORS_OBJECT),
    "reporting:plan_pdf": ("get", "plan", OWN_BUYER),
    "plans:part_create": ("get", "plan", EDITORS_OBJECT),
    "plans:part_update": ("get", "plan", EDITORS_OBJECT),
    "plans:part_delete": ("post", "plan", EDITORS_OBJECT_POST),
}
# A few of the admin's changelists, by role (the rest of the admin: tests/test_admin_access.py).
ADMIN_ROWS = {
    "admin:accounts_user_changelist": ("get", None, ADMIN),
    "admin:territories_territory_changelist": ("get", None, ADMIN),
    "admin:markets_market_changelist": ("get", None, TERRITORY_ADMIN),
    "admin:partners_participant_changelist": ("get", None, TERRITORY_ADMIN),
    "admin:followup_realisedhours_changelist": ("get", None, TERRITORY_ADMIN),
    "admin:clauses_euthreshold_changelist": ("get", None, ADMIN),  # national reference data: read by the territory's
    "admin:otp_totp_totpdevice_changelist": ("get", None, ADMIN),  # the two-factor devices of the users each reaches
}
TABLE |= ADMIN_ROWS

# List pages where the first territory's facilitator sees the fixture's object and another territory's does not:
# url name → (object, the text that names it).
NOTHING_OF_THE_FIRST = {
    "markets:list": ("market", "reference"),
    "partners:participant_list": ("participant", "reference"),
    "plans:list": ("plan", "title"),
}

# The other converters, by name: the fixture's objects, then plain values.
OBJECT_ARGUMENTS = {"market_pk": "market", "lot_pk": "lot", "part_pk": "axis", "territory": "territory"}
VALUES = {
    "kind": "insertion_hours",
    "dataset": "marches",
    "fmt": "xlsx",
    "year": 2026,
    "part": "axes",
    "uidb64": "MQ",
    "token": "jeton",
}


def url_patterns(resolver=None, namespace=""):
    """(name, converter names) of every named URL pattern of the site, Django's admin apart from its index."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                yield "admin:index", ()
            else:
                yield from url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", tuple(pattern.pattern.converters)


URLS = dict(url_patterns()) | dict.fromkeys(ADMIN_ROWS, ())


@pytest.fixture
def objects(market, other_buyer_user, buyer_user, facilitator, admin_user, other_territory_facilitator):
    from tests.factories import (
        ActionPlanFactory,
        ConsiderationFactory,
        ContractorFactory,
        CoordinationFactory,
        HiringFactory,
        LotFactory,
        ParticipantFactory,
        PlanAxisFactory,
        ProgressPlanEntryFactory,
        RealisedActionFactory,
        RealisedHoursFactory,
        UserFactory,
    )

    coordination = CoordinationFactory(name="Coordination Indre-et-Loire", level="department")
    coordination.territories.add(market.territory)

    plan = ActionPlanFactory(buyer=market.buyer)
    plan_entry = ProgressPlanEntryFactory(consideration__market=market)
    lot = LotFactory(market=market)
    participant = ParticipantFactory()
    contractor = ContractorFactory(lot=lot)
    return {
        "market": market,
        "lot": lot,
        "consideration": ConsiderationFactory(market=market),
        "participant": participant,
        "hiring": HiringFactory(participant=participant),
        "hours_line": RealisedHoursFactory(consideration__market=market, status="declaree"),
        "validated_line": RealisedHoursFactory(
            consideration__market=market, status="validee", validated_at="2026-04-02T09:00Z"
        ),
        "plan_entry": plan_entry,
        "progress_plan": plan_entry.consideration,
        "buyer": market.buyer,
        "company": contractor.organisation,
        "contractor": contractor,
        "action": RealisedActionFactory(consideration__market=market),
        "axis": PlanAxisFactory(plan=plan),
        "plan": plan,
        "territory": market.territory,
        "users": {
            "anonymous": None,
            "facilitator": facilitator,
            "admin": admin_user,
            "own_buyer_user": buyer_user,
            "other_buyer_user": other_buyer_user,
            "other_territory_facilitator": other_territory_facilitator,
            "coordination": UserFactory(username="corinne", role=Role.COORDINATION, coordination=coordination),
            "platform_admin": UserFactory(username="paul", role=Role.PLATFORM, is_superuser=True),
        },
    }


def url_for(name: str, objects: dict) -> str:
    subject = {"pk": TABLE[name][1], **OBJECT_ARGUMENTS}
    return reverse(
        name,
        kwargs={
            argument: objects[subject[argument]].pk if argument in subject else VALUES[argument]
            for argument in URLS[name]
        },
    )


# Django's password-reset views render the admin's registration templates, which rely on variables being silently
# empty outside the admin (``site_title``): third-party templates, left out of --fail-on-template-vars.
ADMIN_TEMPLATES = {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
NAMES = [
    pytest.param(name, marks=pytest.mark.ignore_template_errors) if name in ADMIN_TEMPLATES else name
    for name in sorted(URLS)
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NAMES)
def test_status(client, objects, name, role):
    assert name in TABLE, f"{name}: a URL without a permission expectation; add its row to TABLE"
    method, _, statuses = TABLE[name]
    if objects["users"][role]:
        client.force_login(objects["users"][role])
    response = getattr(client, method)(
        url_for(name, objects), {"status": "clos", "reason": "résiliation"} if method == "post" else {}
    )
    assert response.status_code == statuses[ROLES.index(role)], f"{role} on {name}"
    if response.status_code == 302 and role == "anonymous" and statuses != PUBLIC and name != "logout":
        assert "/login/" in response["Location"]
    if name in NOTHING_OF_THE_FIRST and role in {"facilitator", "other_territory_facilitator"}:
        subject, attribute = NOTHING_OF_THE_FIRST[name]
        shown = escape(getattr(objects[subject], attribute)) in response.content.decode()
        assert shown == (role == "facilitator"), f"{role} on {name}"
    if name == "markets:status":  # the effects of the other POST pages are tested in their own modules
        objects["market"].refresh_from_db()
        assert (objects["market"].status == "clos") == (role in {"facilitator", "admin"})


def test_table_has_no_stale_row():
    assert not set(TABLE) - set(URLS), "rows of TABLE for URLs that no longer exist"


def test_every_converter_has_a_value():
    missing = {
        argument
        for name, arguments in URLS.items()
        for argument in arguments
        if argument != "pk" and argument not in {**OBJECT_ARGUMENTS, **VALUES}
    }
    assert not missing
    assert all(TABLE[name][1] for name, arguments in URLS.items() if "pk" in arguments and name in TABLE)
