"""Follow-up pages: query counts on 50+ rows, no participant's name for buyer users, the entry pages' effects."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup.models import ProgressPlanEntry, RealisedHours
from followup.templatetags.followup_tags import market_progress
from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    ParticipantFactory,
    ProgressPlanEntryFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
)

VALIDATE_ALL = {"every": "on", "decision": "valider", "confirm": "1"}  # every declared line, confirmed


@pytest.fixture
def busy_market(hours_clause, contractor, categories):
    """60 participants with a validated month each, 55 actions, 52 progress-plan entries."""
    for number in range(60):
        participant = ParticipantFactory(
            last_name=f"Secret{number}",
            sex="FM"[number % 2],
            birth_year=1960 + number % 45,
            eligible_categories=[categories[0]],
        )
        RealisedHoursFactory(
            consideration=hours_clause,
            contractor=contractor,
            participant=participant,
            eligible=number % 10 != 0,
            status="validee",
            validated_at="2026-04-02T09:00Z",
        )
    actions = ConsiderationFactory(
        market=hours_clause.market, kind="social_actions", unit="actions", target=Decimal(60)
    )
    plan = ConsiderationFactory(market=hours_clause.market, kind="progress_plan", target=None, unit="")
    participant = ParticipantFactory(last_name="Secretaction")
    for _ in range(55):
        RealisedActionFactory(consideration=actions, lot=contractor.lot, contractor=contractor).participants.add(
            participant
        )
    for year in range(2000, 2026):
        ProgressPlanEntryFactory(consideration=plan, year=year, axis="Insertion")
        ProgressPlanEntryFactory(consideration=plan, year=year, axis="Égalité", evaluation="atteint")
    return hours_clause.market


def test_market_followup_query_count(client, facilitator, busy_market, django_assert_num_queries):
    client.force_login(facilitator)
    # session, user, market, considerations with their realised figures, hours by modality,
    # participants by sex and age band, actions (lot, contractor, participant count), plan entries
    with django_assert_num_queries(10):
        response = client.get(reverse("followup:market", args=[busy_market.pk]))
    content = response.content.decode()
    assert len(response.context["actions"]) == 55 and len(response.context["plan_entries"]) == 52
    assert response.context["participant_counts"]["total"] == 54  # validated lines of eligible participants
    assert "Évaluation à faire" in content


def test_buyer_users_see_counts_and_never_a_name(client, buyer_user, busy_market, django_assert_num_queries):
    client.force_login(buyer_user)
    # as for a facilitator, + the buyer's organisation shown in the menu
    with django_assert_num_queries(11):
        followup = client.get(reverse("followup:market", args=[busy_market.pk])).content.decode()
    detail = client.get(reverse("markets:detail", args=[busy_market.pk])).content.decode()
    for content in (followup, detail):
        assert "Secret" not in content and "P-0" not in content
    assert "Heures par modalité" in followup and "Réalisation" in detail
    assert reverse("followup:hours", args=[busy_market.considerations.first().pk]) not in followup


def test_hours_list_query_count(client, facilitator, hours_clause, busy_market, django_assert_num_queries):
    client.force_login(facilitator)
    # session, user, consideration (market, lot), declared count, count to check, page count, page of lines, the
    # access log's record (partners.access_log)
    with django_assert_num_queries(10):
        response = client.get(reverse("followup:hours", args=[hours_clause.pk]))
    assert len(response.context["object_list"]) == 60
    assert response.content.decode().count("non éligible, ne compte pas") == 6


def test_participant_list_query_count(client, facilitator, busy_market, django_assert_num_queries):
    client.force_login(facilitator)
    # session, user, count, page (age band, prescriber, validated hours), eligible categories, the access log's record
    with django_assert_num_queries(8):
        response = client.get(reverse("partners:participant_list"))
    assert response.context["paginator"].count == 61
    assert len(response.context["object_list"]) == 50


def test_market_detail_shows_the_progress(client, facilitator, hours_clause, contractor, eligible_participant):
    RealisedHoursFactory(
        consideration=hours_clause,
        contractor=contractor,
        participant=eligible_participant,
        hours_worked=Decimal("100"),
        status="validee",
        validated_at="2026-04-02T09:00Z",
    )
    [(consideration, progress)] = market_progress(hours_clause.market)["rows"]
    assert (progress.realised, progress.target, progress.done) == (Decimal(100), Decimal(833), Decimal(100) / 833)
    client.force_login(facilitator)
    content = client.get(reverse("markets:detail", args=[hours_clause.market.pk])).content.decode()
    assert "Réalisation" in content and "12" in content  # 100 / 833 = 12,0 %


def test_import_preview_then_confirm(client, facilitator, hours_clause, contractor, eligible_participant):
    client.force_login(facilitator)
    url = reverse("followup:hours_import", args=[hours_clause.pk])
    statement = (
        b"mois;lot;siret;participant;heures;modalite\n2026-03;1;73282932000074;P-0001;35;cdd\n"
        b"2026-03;1;73282932000074;P-4242;35;cdd\n"
    )
    response = client.post(url, {"file": SimpleUploadedFile("releve.csv", statement, "text/csv")})
    assert response.context["report"].counts["nouvelle"] == 1
    assert "participant inconnu" in response.content.decode()
    assert not RealisedHours.objects.exists()  # the dry run writes nothing
    response = client.post(reverse("followup:hours_import_confirm", args=[hours_clause.pk]))
    assert response.status_code == 302
    assert RealisedHours.objects.get().hours_worked == Decimal(35)
    # the checked lines are used once: confirming again imports nothing more
    client.post(reverse("followup:hours_import_confirm", args=[hours_clause.pk]))
    assert RealisedHours.objects.count() == 1


def test_import_refuses_an_oversized_or_wrong_file(client, facilitator, hours_clause):
    client.force_login(facilitator)
    url = reverse("followup:hours_import", args=[hours_clause.pk])
    response = client.post(url, {"file": SimpleUploadedFile("releve.exe", b"MZ", "application/octet-stream")})
    assert "Choisissez un fichier .csv ou .xlsx" in response.content.decode()
    big = SimpleUploadedFile("releve.csv", b"x" * (2 * 1024 * 1024 + 1), "text/csv")
    assert "dépasse 2 Mo" in client.post(url, {"file": big}).content.decode()


def test_validate_and_manual_entry(client, facilitator, hours_clause, contractor, ineligible_participant):
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:hours_create", args=[hours_clause.pk]),
        {
            "contractor": contractor.pk,
            "participant": ineligible_participant.pk,
            "month": "2026-05",
            "hours_worked": "12,5",
            "modality_detail": "cdi",
        },
        follow=True,
    )
    assert "ne comptent pas" in response.content.decode()
    client.post(reverse("followup:hours_decision", args=[hours_clause.pk]), VALIDATE_ALL)
    line = RealisedHours.objects.get()
    assert (line.month, line.status, line.validated_by, line.eligible) == (
        date(2026, 5, 1),
        "validee",
        facilitator,
        False,
    )


def test_manual_entry_outside_the_contract_is_refused(
    client, facilitator, hours_clause, contractor, eligible_participant
):
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:hours_create", args=[hours_clause.pk]),
        {
            "contractor": contractor.pk,
            "participant": eligible_participant.pk,
            "month": "2027-02",
            "hours_worked": "12",
            "modality_detail": "cdi",
        },
    )
    assert "hors de la période du marché" in response.content.decode()
    assert not RealisedHours.objects.exists()


def test_action_and_progress_plan_entries(client, facilitator, market):
    plan = ConsiderationFactory(market=market, kind="progress_plan", target=None, unit="")
    contractor = ContractorFactory(lot=LotFactory(market=market))
    client.force_login(facilitator)
    client.post(
        reverse("followup:action_create", args=[plan.pk]),
        {
            "date": "2026-05-12",
            "action_type": "visite",
            "lot": contractor.lot.pk,
            "contractor": contractor.pk,
            "people_reached": "3",
            "women_reached": "5",
        },
    )
    assert not plan.realised_actions.exists()  # more women than people
    client.post(
        reverse("followup:plan_create", args=[plan.pk]),
        {"year": "2026", "axis": "Insertion", "planned_actions": "Deux parcours."},
    )
    entry = ProgressPlanEntry.objects.get()
    client.post(
        reverse("followup:plan_evaluate", args=[entry.pk]),
        {"evaluation": "partiel", "evaluation_comment": "Un seul parcours."},
    )
    entry.refresh_from_db()
    assert (entry.evaluation, entry.evaluated_by) == ("partiel", facilitator) and entry.evaluated_at
    assert not ProgressPlanEntry.objects.evaluation_due(date(2026, 12, 2)).exists()


def test_hours_pages_of_another_kind_answer_404(client, facilitator, market):
    client.force_login(facilitator)
    plan = ConsiderationFactory(market=market, kind="progress_plan")
    assert client.get(reverse("followup:hours", args=[plan.pk])).status_code == 404
