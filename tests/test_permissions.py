"""Who sees what: role × page → HTTP status, for every page of the application."""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "facilitator", "admin", "own_buyer_user", "other_buyer_user"]

# page name → (url builder over the objects, expected status per role, in the order of ROLES)
# 302 for anonymous users is the redirect to the login page.
PAGES = {
    "home": (lambda o: reverse("home"), [302, 200, 200, 200, 200]),
    "markets:list": (lambda o: reverse("markets:list"), [302, 200, 200, 200, 200]),
    "markets:create": (lambda o: reverse("markets:create"), [302, 200, 200, 403, 403]),
    "markets:detail": (lambda o: reverse("markets:detail", args=[o["market"].pk]), [302, 200, 200, 200, 404]),
    "markets:update": (lambda o: reverse("markets:update", args=[o["market"].pk]), [302, 200, 200, 403, 403]),
    "markets:lot_create": (lambda o: reverse("markets:lot_create", args=[o["market"].pk]),
                           [302, 200, 200, 403, 403]),
    "markets:contractor_create": (lambda o: reverse("markets:contractor_create", args=[o["lot"].pk]),
                                  [302, 200, 200, 403, 403]),
    "markets:decp_import": (lambda o: reverse("markets:decp_import"), [302, 200, 200, 403, 403]),
    "markets:decp_report": (lambda o: reverse("markets:decp_report"), [302, 404, 404, 403, 403]),
    "partners:list": (lambda o: reverse("partners:list"), [302, 200, 200, 403, 403]),
    "partners:create": (lambda o: reverse("partners:create"), [302, 200, 200, 403, 403]),
    "partners:detail": (lambda o: reverse("partners:detail", args=[o["buyer"].pk]), [302, 200, 200, 403, 403]),
    "partners:update": (lambda o: reverse("partners:update", args=[o["buyer"].pk]), [302, 200, 200, 403, 403]),
    "partners:contact_create": (lambda o: reverse("partners:contact_create", args=[o["buyer"].pk]),
                                [302, 200, 200, 403, 403]),
    "reporting:decp_export": (lambda o: reverse("reporting:decp_export"), [302, 200, 200, 200, 200]),
    "reporting:reports": (lambda o: reverse("reporting:reports"), [302, 200, 200, 200, 200]),
    "reporting:survey": (lambda o: reverse("reporting:survey"), [302, 200, 200, 200, 200]),
    "reporting:export": (lambda o: reverse("reporting:export", args=["marches", "xlsx"]), [302, 200, 200, 200, 200]),
    "reporting:company": (lambda o: reverse("reporting:company", args=[o["contractor"].organisation_id]),
                          [302, 200, 200, 200, 404]),
    "reporting:buyer_report": (lambda o: reverse("reporting:buyer_report", args=[o["buyer"].pk, 2026]),
                               [302, 200, 200, 200, 404]),
    "reporting:market_report": (lambda o: reverse("reporting:market_report", args=[o["market"].pk]),
                                [302, 200, 200, 200, 404]),
    "reporting:plan_list": (lambda o: reverse("reporting:plan_list"), [302, 200, 200, 200, 200]),
    "reporting:plan_create": (lambda o: reverse("reporting:plan_create"), [302, 200, 200, 403, 403]),
    "reporting:plan_detail": (lambda o: reverse("reporting:plan_detail", args=[o["plan"].pk]),
                              [302, 200, 200, 200, 404]),
    "reporting:plan_pdf": (lambda o: reverse("reporting:plan_pdf", args=[o["plan"].pk]), [302, 200, 200, 200, 404]),
    "reporting:plan_update": (lambda o: reverse("reporting:plan_update", args=[o["plan"].pk]),
                              [302, 200, 200, 403, 403]),
    "reporting:plan_part_create": (lambda o: reverse("reporting:plan_part_create", args=[o["plan"].pk, "axes"]),
                                   [302, 200, 200, 403, 403]),
    "reporting:plan_part_update": (lambda o: reverse("reporting:plan_part_update",
                                                     args=[o["plan"].pk, "axes", o["axis"].pk]),
                                   [302, 200, 200, 403, 403]),
    "password_change": (lambda o: reverse("password_change"), [302, 200, 200, 200, 200]),
    "admin:index": (lambda o: reverse("admin:index"), [302, 302, 200, 302, 302]),
    "clauses:calculator": (lambda o: reverse("clauses:calculator"), [302, 200, 200, 200, 200]),
    "clauses:review": (lambda o: reverse("clauses:review"), [302, 200, 200, 403, 403]),
    "clauses:create": (lambda o: reverse("clauses:create", args=[o["market"].pk]), [302, 200, 200, 403, 403]),
    "clauses:exemption": (lambda o: reverse("clauses:exemption", args=[o["market"].pk]), [302, 200, 200, 403, 403]),
    "clauses:detail": (lambda o: reverse("clauses:detail", args=[o["consideration"].pk]), [302, 200, 200, 200, 404]),
    "clauses:update": (lambda o: reverse("clauses:update", args=[o["consideration"].pk]), [302, 200, 200, 403, 403]),
    "clauses:text": (lambda o: reverse("clauses:text", args=[o["consideration"].pk]), [302, 200, 200, 200, 404]),
    "clauses:docx": (lambda o: reverse("clauses:docx", args=[o["consideration"].pk]), [302, 200, 200, 200, 404]),
    # follow-up (issue 4): the contract's follow-up shows counts only; every page with names or entry is editors'
    "partners:participant_list": (lambda o: reverse("partners:participant_list"), [302, 200, 200, 403, 403]),
    "partners:participant_create": (lambda o: reverse("partners:participant_create"), [302, 200, 200, 403, 403]),
    "partners:participant_update": (lambda o: reverse("partners:participant_update", args=[o["participant"].pk]),
                                    [302, 200, 200, 403, 403]),
    "followup:market": (lambda o: reverse("followup:market", args=[o["market"].pk]), [302, 200, 200, 200, 404]),
    "followup:hours": (lambda o: reverse("followup:hours", args=[o["consideration"].pk]), [302, 200, 200, 403, 403]),
    "followup:hours_create": (lambda o: reverse("followup:hours_create", args=[o["consideration"].pk]),
                              [302, 200, 200, 403, 403]),
    "followup:hours_import": (lambda o: reverse("followup:hours_import", args=[o["consideration"].pk]),
                              [302, 200, 200, 403, 403]),
    "followup:hours_template": (lambda o: reverse("followup:hours_template"), [302, 200, 200, 403, 403]),
    "followup:action_create": (lambda o: reverse("followup:action_create", args=[o["plan_entry"].consideration.pk]),
                               [302, 200, 200, 403, 403]),
    "followup:plan_create": (lambda o: reverse("followup:plan_create", args=[o["plan_entry"].consideration.pk]),
                             [302, 200, 200, 403, 403]),
    "followup:plan_evaluate": (lambda o: reverse("followup:plan_evaluate", args=[o["plan_entry"].pk]),
                               [302, 200, 200, 403, 403]),
    "followup:penalty": (lambda o: reverse("followup:penalty", args=[o["consideration"].pk]),
                         [302, 200, 200, 403, 403]),
}

POST_ONLY = {
    "reporting:plan_part_delete": (lambda o: reverse("reporting:plan_part_delete",
                                                     args=[o["plan"].pk, "axes", o["axis"].pk]),
                                   [302, 302, 302, 403, 403]),
    "markets:status": (lambda o: reverse("markets:status", args=[o["market"].pk]), [302, 302, 302, 403, 403]),
    "clauses:accept": (lambda o: reverse("clauses:accept", args=[o["market"].pk, "insertion_hours"]),
                       [302, 302, 302, 403, 403]),
    "clauses:dismiss": (lambda o: reverse("clauses:dismiss", args=[o["market"].pk, "insertion_hours"]),
                        [302, 302, 302, 403, 403]),
    "followup:hours_validate": (lambda o: reverse("followup:hours_validate", args=[o["consideration"].pk]),
                                [302, 302, 302, 403, 403]),
    "followup:hours_import_confirm": (lambda o: reverse("followup:hours_import_confirm",
                                                        args=[o["consideration"].pk]), [302, 302, 302, 403, 403]),
}


@pytest.fixture
def objects(market, other_buyer_user, buyer_user, facilitator, admin_user):
    from tests.factories import (
        ActionPlanFactory,
        ConsiderationFactory,
        ContractorFactory,
        LotFactory,
        ParticipantFactory,
        PlanAxisFactory,
        ProgressPlanEntryFactory,
    )

    plan = ActionPlanFactory(buyer=market.buyer)

    return {
        "market": market,
        "lot": LotFactory(market=market),
        "consideration": ConsiderationFactory(market=market),
        "participant": ParticipantFactory(),
        "plan_entry": ProgressPlanEntryFactory(consideration__market=market),
        "buyer": market.buyer,
        "contractor": ContractorFactory(lot__market=market),
        "axis": PlanAxisFactory(plan=plan),
        "plan": plan,
        "users": {
            "anonymous": None,
            "facilitator": facilitator,
            "admin": admin_user,
            "own_buyer_user": buyer_user,
            "other_buyer_user": other_buyer_user,
        },
    }


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("page", sorted(PAGES))
def test_get_status(client, objects, page, role_index, role):
    url_for, statuses = PAGES[page]
    if objects["users"][role]:
        client.force_login(objects["users"][role])
    response = client.get(url_for(objects))
    assert response.status_code == statuses[role_index], f"{role} on {page}"
    if response.status_code == 302 and role == "anonymous":
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("page", sorted(POST_ONLY))
def test_post_status(client, objects, page, role_index, role):
    url_for, statuses = POST_ONLY[page]
    if objects["users"][role]:
        client.force_login(objects["users"][role])
    response = client.post(url_for(objects), {"status": "clos"})
    assert response.status_code == statuses[role_index], f"{role} on {page}"
    objects["market"].refresh_from_db()
    if page == "markets:status":  # the effects of the other POST pages are tested in their own modules
        assert (objects["market"].status == "clos") == (role in {"facilitator", "admin"})


def test_every_named_page_has_an_expectation():
    """A new page without an expectation in this table makes the suite fail."""
    from django.urls import get_resolver

    def names(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if pattern.namespace != "admin":
                    yield from names(pattern, ns)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    auth_pages = {"login", "logout", "password_change_done", "password_reset", "password_reset_done",
                  "password_reset_confirm", "password_reset_complete"}
    missing = set(names(get_resolver())) - set(PAGES) - set(POST_ONLY) - auth_pages
    assert not missing, f"pages without a permission expectation: {sorted(missing)}"
