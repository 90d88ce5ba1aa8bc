"""Accountability: every view, export and right-of-access download of participants' data leaves a record (who,
which participant or how many, what, where, when), read by the territory's admin on a filtered, paginated page;
the records are purged after ACCESS_LOG_RETENTION_DAYS."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from followup.enums import HoursStatus
from partners.enums import AccessKind
from partners.models import AccessRecord
from tests.factories import (
    ConsiderationFactory,
    HiringFactory,
    MarketFactory,
    ParticipantFactory,
    RealisedHoursFactory,
    UserFactory,
    home_territory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return ParticipantFactory(reference="P-0777")


def only_record():
    record = AccessRecord.objects.get()
    AccessRecord.objects.all().delete()
    return record


def test_a_participant_s_pages_and_right_of_access_are_recorded(client_for, facilitator, person):
    client = client_for(facilitator)
    HiringFactory(participant=person)
    pages = [
        ("partners:participant_update", AccessKind.VIEW, "fiche du participant"),
        ("followup:hirings", AccessKind.VIEW, "embauches du participant"),
        ("followup:hiring_create", AccessKind.VIEW, "vérification d'éligibilité à l'embauche"),
        ("partners:participant_data", AccessKind.RIGHT_OF_ACCESS, "tout ce que Levier détient"),
    ]
    for name, kind, what in pages:
        url = reverse(name, args=[person.pk])
        assert client.get(url).status_code == 200
        record = only_record()
        assert (record.user, record.participant, record.kind, record.what, record.path) == (
            facilitator,
            person,
            kind,
            what,
            url,
        )
        assert record.territory == person.territory and record.count == 1


def test_the_participants_list_records_how_many_it_shows(client_for, facilitator):
    for _ in range(3):
        ParticipantFactory()
    client_for(facilitator).get(reverse("partners:participant_list"))
    record = only_record()
    assert (record.kind, record.participant, record.count, record.what) == (
        AccessKind.VIEW,
        None,
        3,
        "liste des participants",
    )


def test_the_hours_list_and_the_exports_record_how_many_participants_they_name(client_for, facilitator):
    market = MarketFactory(facilitator=facilitator)
    clause = ConsiderationFactory(market=market)
    for _ in range(3):  # validated: counted, so in the participants export too
        RealisedHoursFactory(
            consideration=clause, status=HoursStatus.VALIDATED, validated_by=facilitator, validated_at=timezone.now()
        )
    client = client_for(facilitator)
    client.get(reverse("followup:hours", args=[clause.pk]))
    record = only_record()
    assert (record.kind, record.participant, record.count) == (AccessKind.VIEW, None, 3)
    assert record.what == f"heures de la clause n°{clause.pk} du marché {market.reference}"
    client.get(reverse("reporting:export", args=["heures", "csv"]) + "?year=2026")
    record = only_record()
    assert (record.kind, record.count) == (AccessKind.EXPORT, 3) and "heures" in record.what
    client.get(reverse("reporting:export", args=["participants", "xlsx"]) + "?year=2026")
    record = only_record()
    assert (record.kind, record.count) == (AccessKind.EXPORT, 3) and "participants" in record.what
    client.get(reverse("reporting:export", args=["marches", "csv"]))
    assert not AccessRecord.objects.exists()  # no participant in it


def test_buyers_leave_no_record_and_see_no_log(client_for, buyer_user, market):
    client = client_for(buyer_user)
    client.get(reverse("reporting:export", args=["heures", "csv"]))
    assert not AccessRecord.objects.exists()
    assert client.get(reverse("partners:access_log")).status_code == 403


def records(territory, facilitator, participants, count):
    now = timezone.now()
    AccessRecord.objects.bulk_create(
        AccessRecord(
            territory=territory,
            user=facilitator,
            participant=participants[number % len(participants)],
            kind=AccessKind.VIEW,
            what="fiche du participant",
            path=f"/partenaires/participants/{number}/modifier/",
            at=now - timedelta(minutes=number),
        )
        for number in range(count)
    )


def test_the_territory_s_admin_reads_the_log_filtered_and_paginated(
    client_for, admin_user, facilitator, other_territory, django_assert_num_queries
):
    territory = home_territory()
    people = [ParticipantFactory(reference=f"P-{n:04d}") for n in range(1, 4)]
    records(territory, facilitator, people, 70)
    colleague = UserFactory(username="gaston", role=Role.FACILITATOR, territory=territory)
    records(territory, colleague, people[:1], 2)
    stranger = UserFactory(role=Role.FACILITATOR, territory=other_territory)
    records(other_territory, stranger, [ParticipantFactory(territory=other_territory, reference="P-0999")], 5)
    client = client_for(admin_user)
    client.get(reverse("partners:access_log"))
    # session, user, scope (2), count, the page with its users and participants
    with django_assert_num_queries(6):
        response = client.get(reverse("partners:access_log"))
    assert response.context["paginator"].count == 72 and len(response.context["records"]) == 50
    page = response.content.decode()
    assert "P-0001" in page and "P-0999" not in page and "conservée\n  365 jours" in page
    second = client.get(reverse("partners:access_log") + "?page=2")
    assert len(second.context["records"]) == 22
    by_code = client.get(reverse("partners:access_log"), {"code": "p-0002"})
    assert by_code.context["paginator"].count == 23
    by_user = client.get(reverse("partners:access_log"), {"utilisateur": "gast"})
    assert {record.user for record in by_user.context["records"]} == {colleague}
    assert client_for(facilitator).get(reverse("partners:access_log")).status_code == 403


def test_the_log_is_purged_after_its_retention_period(settings, facilitator, person):
    settings.LEVIER_ACCESS_LOG_RETENTION_DAYS = 30
    territory = home_territory()
    for age in (31, 29):
        AccessRecord.objects.create(
            territory=territory,
            user=facilitator,
            participant=person,
            kind=AccessKind.VIEW,
            what="fiche du participant",
            path="/",
            at=timezone.now() - timedelta(days=age),
        )
    out = StringIO()
    call_command("purge_access_log", "--dry-run", stdout=out)
    assert "1 entrée(s)" in out.getvalue() and AccessRecord.objects.count() == 2
    call_command("purge_access_log", stdout=out)
    assert AccessRecord.objects.get().at > timezone.now() - timedelta(days=30)
