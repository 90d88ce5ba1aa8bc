"""Property-based tests: whatever a person types into a form, the answer is a French form error or a
success, never a server error, and a refused form writes nothing."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clauses.enums import Kind
from markets.models import Market
from partners.models import Organisation

text = st.text(max_size=300)
numberish = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NC", "1e17", "-0", "1 000 000,50", "١٢٣", "0x10", ""]),
)
FORM_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
def logged_in(client, facilitator):
    client.force_login(facilitator)
    return client


@FORM_SETTINGS
@given(name=text, siret=numberish, kind=st.sampled_from(["buyer", "company", "inclusive", "x", ""]), postcode=text)
def test_organisation_form_never_fails(logged_in, name, siret, kind, postcode):
    before = Organisation.objects.count()
    response = logged_in.post(
        reverse("partners:create"), {"name": name, "siret": siret, "kind": kind, "postcode": postcode}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Organisation.objects.count() == before
        assert "est obligatoire" in response.content.decode() or "invalid-feedback" in response.content.decode()


@FORM_SETTINGS
@given(
    reference=text,
    object_=text,
    amount=numberish,
    duration=numberish,
    cpv=text,
    start=st.sampled_from(["2026-01-01", "31/12/2026", "2026-02-30", "", "demain"]),
)
def test_market_form_never_fails(logged_in, buyer, reference, object_, amount, duration, cpv, start):
    before = Market.objects.count()
    response = logged_in.post(
        reverse("markets:create"),
        {
            "buyer": buyer.pk,
            "reference": reference,
            "object": object_,
            "nature": "travaux",
            "contract_type": "marche",
            "amount": amount,
            "duration_months": duration,
            "cpv": cpv,
            "start_date": start,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Market.objects.count() == before


# --- Every form of the application ----------------------------------------------------------------------------
# Each field gets arbitrary text, huge or malformed numbers, or one of its valid choices; the answer is the form
# again (200) with nothing written, or a redirect after a valid save; never a server error.

DOMAIN_APPS = ("partners", "markets", "clauses", "reporting")


def row_counts() -> tuple:
    """The number of rows of every table of the domain (history included), in one query."""
    from django.apps import apps
    from django.db import connection

    tables = [model._meta.db_table for app in DOMAIN_APPS for model in apps.get_app_config(app).get_models()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables))
        return cursor.fetchone()


@pytest.fixture
def form_objects(market, categories_for_forms):
    from datetime import date

    from tests.factories import (
        ActionPlanFactory,
        ConsiderationFactory,
        ContractorFactory,
        LotFactory,
        ParticipantFactory,
        PlanAxisFactory,
        ProgressPlanEntryFactory,
    )

    market.start_date, market.end_date = date(2024, 1, 1), date(2024, 12, 31)
    market.save()
    lot = LotFactory(market=market)
    ContractorFactory(lot=lot)
    hours = ConsiderationFactory(market=market, target=1000, penalty_per_unit=10)
    hours.eligible_categories.set(categories_for_forms)
    plan = ActionPlanFactory(buyer=market.buyer)
    return {
        "market": market,
        "lot": lot,
        "hours": hours,
        "buyer": market.buyer,
        "participant": ParticipantFactory(eligible_categories=categories_for_forms),
        "entry": ProgressPlanEntryFactory(consideration__market=market),
        "plan": plan,
        "axis": PlanAxisFactory(plan=plan),
    }


@pytest.fixture
def categories_for_forms(db):
    from tests.factories import EligibleCategoryFactory

    return [EligibleCategoryFactory(code="rsa")]


FORM_PAGES = {
    "contact": lambda o: reverse("partners:contact_create", args=[o["buyer"].pk]),
    "organisation (modification)": lambda o: reverse("partners:update", args=[o["buyer"].pk]),
    "participant": lambda o: reverse("partners:participant_create"),
    "participant (modification)": lambda o: reverse("partners:participant_update", args=[o["participant"].pk]),
    "market (modification)": lambda o: reverse("markets:update", args=[o["market"].pk]),
    "lot": lambda o: reverse("markets:lot_create", args=[o["market"].pk]),
    "contractor": lambda o: reverse("markets:contractor_create", args=[o["lot"].pk]),
    **{
        f"consideration {kind}": (
            lambda o, kind=kind: reverse("clauses:create", args=[o["market"].pk]) + f"?type={kind}"
        )
        for kind in Kind.values
    },
    "consideration (modification)": lambda o: reverse("clauses:update", args=[o["hours"].pk]),
    "climate exemption": lambda o: reverse("clauses:exemption", args=[o["market"].pk]),
    "hours line": lambda o: reverse("followup:hours_create", args=[o["hours"].pk]),
    "action": lambda o: reverse("followup:action_create", args=[o["entry"].consideration_id]),
    "progress plan entry": lambda o: reverse("followup:plan_create", args=[o["entry"].consideration_id]),
    "evaluation": lambda o: reverse("followup:plan_evaluate", args=[o["entry"].pk]),
    **{
        f"penalty {step}": (lambda o, step=step: reverse(f"followup:penalty_{step}", args=[o["hours"].pk]))
        for step in ("notice", "answer", "decision")
    },
    "action plan": lambda o: reverse("plans:create"),
    "action plan (modification)": lambda o: reverse("plans:update", args=[o["plan"].pk]),
    **{
        f"action plan {part}": (lambda o, part=part: reverse("plans:part_create", args=[o["plan"].pk, part]))
        for part in ("axes", "marches", "indicateurs")
    },
    "calculator": lambda o: reverse("clauses:calculator"),
}
FORM_FIELDS = {}
huge = st.sampled_from(["9" * 40, "-" + "9" * 40, "1e308", "1e-400", "NaN", "Infinity", "12,5,3", "\x00", "0" * 500])


def field_values(form_field):
    choices = [value for value, _ in getattr(form_field, "choices", []) if value not in ("", None)]
    single = st.one_of(
        text,
        numberish,
        huge,
        *([st.sampled_from([str(getattr(value, "value", value)) for value in choices])] if choices else []),
    )
    return st.lists(single, max_size=3) if getattr(form_field.widget, "allow_multiple_selected", False) else single


@pytest.mark.parametrize("page", sorted(FORM_PAGES))
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_every_form_answers_bad_input_in_french_and_writes_nothing(logged_in, form_objects, page, data):
    url = FORM_PAGES[page](form_objects)
    if url not in FORM_FIELDS:  # the form's fields, read once per page and dataset
        FORM_FIELDS[url] = logged_in.get(url).context["form"].fields
    values = {name: data.draw(field_values(form_field), label=name) for name, form_field in FORM_FIELDS[url].items()}
    before = row_counts()
    response = logged_in.post(url, values)
    assert response.status_code in (200, 302), f"{page}: {response.status_code}"
    if response.status_code == 200 and page != "calculator":  # the calculator answers on its page
        assert row_counts() == before, page
        errors = response.context["form"].errors
        assert errors, f"{page}: refused without saying why"
        english = ("This field", "Enter a", "Select a", "Ensure this", "is not a valid", "is required")
        assert not [
            message for messages in errors.values() for message in messages if any(word in message for word in english)
        ], f"{page}: {errors}"


# --- Importers ------------------------------------------------------------------------------------------------


def encoded(strategy):
    return st.one_of(
        strategy.map(lambda value: value.encode("utf-8")),
        strategy.map(lambda value: value.encode("latin-1", "replace")),
        strategy.map(lambda value: value.encode("utf-16")),
    )


def decp_record(amount, siret, reference):
    record = {"id": reference, "acheteur": {"id": siret}, "dateNotification": "2026-13-45", "montant": 0}
    return json.dumps({"marches": {"marche": [record]}}).replace('"montant": 0', f'"montant": {amount}')


json_like = st.one_of(
    st.binary(max_size=500),
    st.just(b""),
    st.just(b"\xef\xbb\xbf"),
    encoded(text),
    encoded(st.builds(decp_record, st.sampled_from(["9" * 40, "1e400", "-1", '"NC"', "null", "[]"]), numberish, text)),
    encoded(text.map(lambda body: "[" + body)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(content=json_like, name=st.sampled_from(["decp.json", "decp.JSON", "decp.csv", "decp"]))
def test_decp_upload_never_fails_and_writes_nothing(logged_in, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = row_counts()
    response = logged_in.post(
        reverse("markets:decp_import"), {"file": SimpleUploadedFile(name, content, "application/json")}
    )
    assert response.status_code == 200
    assert row_counts() == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(content=json_like)
def test_decp_command_answers_in_french_and_writes_nothing(db, tmp_path, content):
    import io

    from django.core.management import CommandError, call_command

    path = tmp_path / "decp.json"
    path.write_bytes(content)
    before = row_counts()
    try:
        call_command("import_decp", str(path), "--report", str(tmp_path / "rejets.csv"), stdout=io.StringIO())
    except CommandError as error:
        assert "rien n'a été enregistré" in str(error)
    assert row_counts() == before


statement_cell = st.one_of(
    text.filter(lambda value: ";" not in value and "\n" not in value and "\r" not in value), numberish, huge
)
statement_text = st.one_of(
    text,
    st.lists(st.lists(statement_cell, min_size=6, max_size=6), max_size=8).map(
        lambda rows: "\n".join(
            ";".join(row) for row in [["mois", "lot", "siret", "participant", "heures", "modalite"], *rows]
        )
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    content=st.one_of(encoded(statement_text), st.binary(max_size=500), st.just(b"")),
    name=st.sampled_from(["releve.csv", "releve.xlsx", "releve.CSV", "releve.txt"]),
)
@example(content=b"\r\x01", name="releve.csv")  # a lone carriage return once made the csv module fail
def test_hours_statement_import_never_fails_and_writes_nothing(logged_in, form_objects, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clause = form_objects["hours"]
    before = row_counts()
    response = logged_in.post(
        reverse("followup:hours_import", args=[clause.pk]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert row_counts() == before  # step 1 only checks
    confirm = logged_in.post(reverse("followup:hours_import_confirm", args=[clause.pk]))
    assert confirm.status_code == 302
    assert row_counts() == before  # no line of random content matches a contract, a company and a participant
