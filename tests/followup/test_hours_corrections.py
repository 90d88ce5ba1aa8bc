"""Correcting the hours (issue 21): validate or reject by selection after a confirmation, un-validate with a
reason, edit and delete a declared line, every version kept; a person's hours of a month, on every contract, within
the monthly maximum."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from clauses.models import Consideration
from followup import hours_import
from followup.models import RealisedHours, with_realised
from tests.factories import ConsiderationFactory, ContractorFactory, HiringFactory, LotFactory, RealisedHoursFactory

from .test_import import HEADER, rows


def realised(clause):
    return with_realised(Consideration.objects.all()).get(pk=clause.pk)


def messages_of(response) -> str:
    return " ".join(map(str, response.context["messages"]))


@pytest.fixture
def declared(hours_clause, contractor, eligible_participant):
    """Three declared months of the eligible participant: 100 h each."""
    return [
        RealisedHoursFactory(
            consideration=hours_clause, contractor=contractor, participant=eligible_participant, month=date(2026, m, 1)
        )
        for m in (3, 4, 5)
    ]


def decide(client, clause, data):
    return client.post(reverse("followup:hours_decision", args=[clause.pk]), data, follow=True)


def test_validating_a_selection_asks_for_confirmation_then_validates_only_the_selected_lines(
    client, facilitator, hours_clause, declared
):
    client.force_login(facilitator)
    choice = {"decision": "valider", "lines": [declared[0].pk, declared[2].pk]}
    page = decide(client, hours_clause, choice)
    assert "Valider 2 ligne(s) déclarée(s) ?" in page.content.decode()
    assert RealisedHours.objects.validated().count() == 0  # nothing before the confirmation
    response = decide(client, hours_clause, {**choice, "confirm": "1"})
    assert "2 ligne(s) validée(s)." in messages_of(response)
    assert set(RealisedHours.objects.validated().values_list("pk", flat=True)) == {declared[0].pk, declared[2].pk}
    assert realised(hours_clause).realised_hours == Decimal(200)


def test_rejecting_needs_a_reason_and_a_rejected_line_counts_nowhere(client, facilitator, hours_clause, declared):
    client.force_login(facilitator)
    refused = decide(client, hours_clause, {"decision": "rejeter", "lines": [declared[1].pk], "confirm": "1"})
    assert "Un rejet est motivé" in messages_of(refused)
    reason = "Mois non travaillé : congé"
    decide(client, hours_clause, {"decision": "rejeter", "lines": [declared[1].pk], "reason": reason, "confirm": "1"})
    line = RealisedHours.objects.get(pk=declared[1].pk)
    assert (line.status, line.rejection_reason) == ("rejetee", reason)
    assert line.history.first().history_change_reason == reason
    clause = realised(hours_clause)
    assert (clause.declared_hours, clause.ineligible_hours) == (Decimal(200), 0)


def test_validate_every_declared_line_covers_every_page(client, facilitator, hours_clause, declared):
    client.force_login(facilitator)
    decide(client, hours_clause, {"decision": "valider", "every": "on", "confirm": "1"})
    assert RealisedHours.objects.validated().count() == 3


def test_a_validated_900_hour_line_is_corrected_by_unvalidating_editing_and_validating_again(
    client, facilitator, hours_clause, contractor, eligible_participant
):
    """The typing error of the issue: 900 h validated for one person (entered before the maximum existed)."""
    wrong = RealisedHoursFactory(
        consideration=hours_clause,
        contractor=contractor,
        participant=eligible_participant,
        hours_worked=Decimal(900),
        status="validee",
        validated_by=facilitator,
        validated_at="2026-04-02T09:00Z",
    )
    client.force_login(facilitator)
    assert client.get(reverse("followup:hours_update", args=[wrong.pk])).status_code == 404  # validated: never edited
    assert client.get(reverse("followup:hours_delete", args=[wrong.pk])).status_code == 404
    url = reverse("followup:hours_unvalidate", args=[wrong.pk])
    assert "Indiquez le motif." in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Faute de frappe : 90 h"})
    assert realised(hours_clause).realised_hours == 0
    form = {
        "contractor": contractor.pk,
        "participant": eligible_participant.pk,
        "month": "2026-03",
        "hours_worked": "90",
        "modality_detail": "cdd",
    }
    client.post(reverse("followup:hours_update", args=[wrong.pk]), form)
    decide(client, hours_clause, {"decision": "valider", "lines": [wrong.pk], "confirm": "1"})
    assert realised(hours_clause).realised_hours == Decimal(90)
    versions = list(
        wrong.history.order_by("history_date").values_list("hours_worked", "status", "history_change_reason")
    )
    assert versions[1:] == [
        (Decimal(900), "declaree", "Faute de frappe : 90 h"),
        (Decimal(90), "declaree", None),
        (Decimal(90), "validee", None),
    ]
    assert wrong.history.latest().history_user == facilitator


def test_deleting_a_declared_line_asks_first_and_the_history_keeps_it(client, facilitator, hours_clause, declared):
    client.force_login(facilitator)
    url = reverse("followup:hours_delete", args=[declared[0].pk])
    assert "Supprimer cette ligne d'heures ?" in client.get(url).content.decode()
    client.post(url)
    assert not RealisedHours.objects.filter(pk=declared[0].pk).exists()
    gone = RealisedHours.history.filter(id=declared[0].pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", facilitator)
    assert realised(hours_clause).declared_hours == Decimal(200)


# --- plausibility -----------------------------------------------------------------------------------------------


def entry(contractor, participant, hours):
    return {
        "contractor": contractor.pk,
        "participant": participant.pk,
        "month": "2026-03",
        "hours_worked": hours,
        "modality_detail": "cdi",
    }


def test_hours_above_the_monthly_maximum_are_refused_at_entry_with_the_reason(
    client, facilitator, hours_clause, contractor, eligible_participant
):
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:hours_create", args=[hours_clause.pk]), entry(contractor, eligible_participant, "900")
    )
    assert response.context["form"].errors["hours_worked"] == [
        "900 h pour cette personne en 03/2026, tous marchés confondus : au-delà du maximum de 200 h par mois"
    ]
    assert not RealisedHours.objects.exists()


@pytest.fixture
def other_contract_line(market, eligible_participant):
    """120 h of the same person in March 2026 on another contract, with another company."""
    clause = ConsiderationFactory(market__territory=market.territory, market__start_date=date(2026, 1, 1))
    other = ContractorFactory(lot=LotFactory(market=clause.market))
    HiringFactory(participant=eligible_participant, company=other.organisation)
    return RealisedHoursFactory(
        consideration=clause, contractor=other, participant=eligible_participant, hours_worked=Decimal(120)
    )


def test_a_persons_hours_on_every_contract_of_a_month_are_checked_together(
    client, facilitator, hours_clause, contractor, eligible_participant, other_contract_line
):
    client.force_login(facilitator)
    url = reverse("followup:hours_create", args=[hours_clause.pk])
    assert "220 h pour cette personne en 03/2026" in str(
        client.post(url, entry(contractor, eligible_participant, "100")).context["form"].errors
    )
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;100;cdd"))
    assert report.counts["rejetée"] == 1 and "au-delà du maximum" in report.rows[0].errors[0]
    assert client.post(url, entry(contractor, eligible_participant, "80")).status_code == 302  # 200 h: the maximum


def test_a_rejected_line_of_the_same_month_is_not_counted_in_the_total(
    facilitator, hours_clause, contractor, eligible_participant, other_contract_line
):
    RealisedHours.objects.filter(pk=other_contract_line.pk).reject(facilitator, "Doublon")
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;150;cdd"))
    assert report.counts["nouvelle"] == 1


@override_settings(LEVIER_MAX_MONTH_HOURS=Decimal(250))
def test_the_monthly_maximum_is_a_setting(hours_clause, contractor, eligible_participant):
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;240;cdd"))
    assert report.counts["nouvelle"] == 1


def test_a_corrected_statement_brings_a_rejected_line_back_to_declared(facilitator, hours_clause, declared):
    RealisedHours.objects.filter(pk=declared[0].pk).reject(facilitator, "Heures à justifier")
    hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;95;cdd"))
    line = RealisedHours.objects.get(pk=declared[0].pk)
    assert (line.status, line.rejection_reason, line.hours_worked) == ("declaree", "", Decimal(95))


def test_a_validated_line_reimported_with_other_hours_says_how_to_correct_it(facilitator, hours_clause, declared):
    RealisedHours.objects.filter(pk=declared[0].pk).validate(facilitator)
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;95;cdd"))
    assert "le facilitateur les dévalide d'abord, avec un motif" in report.rows[0].errors[0]


def test_the_confirmation_page_query_count(client, facilitator, hours_clause, declared, django_assert_num_queries):
    client.force_login(facilitator)
    # session, user, scope (2), consideration, the lines listed, their totals (every line: none chosen by id)
    with django_assert_num_queries(7):
        decide(client, hours_clause, {"decision": "valider", "every": "on"})
