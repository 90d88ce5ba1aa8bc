"""RGPD: after an erasure no text column of any table holds the person's name (the admin log, the actions'
descriptions, the rejections' reasons, the histories included); a participant with no exit date is anonymised once
inactive for the retention period."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from followup.enums import HoursStatus
from partners.erasure import ERASED
from partners.models import Participant, months_before
from tests.factories import HiringFactory, ParticipantFactory, RealisedActionFactory, RealisedHoursFactory

pytestmark = pytest.mark.django_db
FIRST, LAST = "Zéphyrine", "Quintalbert-Ovide"


def tables_holding(*words) -> list[tuple[str, str, str]]:
    """(table, column, word) for every text column of every table of the database that holds one of the words."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns JOIN information_schema.tables "
            "USING (table_schema, table_name) WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
            "AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            for word in words:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 (catalogue names)
                    [f"%{word}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, word))
    assert len(columns) > 100  # every table of the project was read
    return found


@pytest.fixture
def named(facilitator, market):
    """A participant whose name was copied into an action, a rejection, a hiring's history and the admin log."""
    person = ParticipantFactory(first_name=FIRST, last_name=LAST, notes="suivi renforcé")
    hiring = HiringFactory(participant=person)
    hiring._change_reason = f"pièce de {FIRST} {LAST} revue"
    hiring.save()
    action = RealisedActionFactory(description=f"Visite du chantier avec {FIRST.upper()} et un tuteur.")
    action.participants.set([person])
    RealisedHoursFactory(
        participant=person, status=HoursStatus.REJECTED, rejection_reason=f"{LAST} absente ce mois-là", eligible=False
    )
    LogEntry.objects.log_actions(facilitator.pk, [person], ADDITION, change_message=f"Ajout de {FIRST}")
    LogEntry.objects.log_actions(facilitator.pk, [hiring], CHANGE, change_message=f"{LAST} embauchée")
    LogEntry.objects.log_actions(facilitator.pk, [market], CHANGE, change_message=f"Contact : {FIRST} {LAST}")
    # someone else's first name on another object stays (only the full name is searched there)
    LogEntry.objects.log_actions(facilitator.pk, [market], CHANGE, change_message=f"Appel de {FIRST} Durand")
    return person


def test_after_erasure_no_text_column_of_any_table_holds_the_name(client_for, facilitator, named):
    assert {table for table, _column, _word in tables_holding(FIRST, LAST)} >= {
        "partners_participant",
        "django_admin_log",
        "clauses_realisedaction",
        "clauses_realisedhours",
        "followup_historicalhiring",
    }
    response = client_for(facilitator).post(reverse("partners:participant_erase", args=[named.pk]))
    assert response.status_code == 302
    assert tables_holding(LAST) == []
    assert tables_holding(FIRST) == [("django_admin_log", "change_message", FIRST)]  # « Appel de Zéphyrine Durand »
    assert LogEntry.objects.get(object_id=str(named.pk), content_type__model="participant").object_repr == (
        f"Participant anonymisé (ANO-{named.pk})"
    )
    assert named.realised_actions.get().description == f"Visite du chantier avec {ERASED} et un tuteur."
    assert named.hours_lines.get().rejection_reason == f"{ERASED} absente ce mois-là"


def test_erasure_replaces_whole_words_only(facilitator, market):
    person = ParticipantFactory(first_name="Léa", last_name="Roy")
    action = RealisedActionFactory(description="Léa et Royan, puis ROY : Léane reste.")
    action.participants.set([person])
    person.anonymise(timezone.localdate(), reason="effacement à la demande de la personne")
    action.refresh_from_db()
    assert action.description == f"{ERASED} et Royan, puis {ERASED} : Léane reste."


# --------------------------------------------------------------------------- retention without an exit date


def old(participant, months: int):
    """Backdates the record's creation `months` months before today."""
    Participant.objects.filter(pk=participant.pk).update(created_at=timezone.now() - timedelta(days=31 * months))


def test_a_participant_without_exit_date_is_anonymised_after_the_retention_period_of_inactivity(settings):
    settings.LEVIER_PARTICIPANT_RETENTION_MONTHS = 24
    today = timezone.localdate()
    idle = ParticipantFactory(entry_date=date(2020, 1, 6))
    with_recent_hours = ParticipantFactory(entry_date=date(2020, 1, 6))
    with_recent_action = ParticipantFactory(entry_date=date(2020, 1, 6))
    with_recent_hiring = ParticipantFactory(entry_date=date(2020, 1, 6))
    recently_created = ParticipantFactory(entry_date=date(2020, 1, 6))
    for participant in (idle, with_recent_hours, with_recent_action, with_recent_hiring):
        old(participant, 40)
    old(recently_created, 20)
    RealisedHoursFactory(participant=idle, month=months_before(today, 30).replace(day=1))
    RealisedHoursFactory(participant=with_recent_hours, month=months_before(today, 23).replace(day=1))
    RealisedActionFactory(date=months_before(today, 2)).participants.set([with_recent_action])
    HiringFactory(participant=with_recent_hiring, hired_on=months_before(today, 12))
    assert list(Participant.objects.past_retention(today, 24)) == [idle]
    call_command("anonymise_participants", stdout=open("/dev/null", "w"))  # noqa: SIM115
    idle.refresh_from_db()
    assert idle.anonymised_at == today and idle.last_name == ""
    kept = Participant.objects.filter(anonymised_at__isnull=True)
    assert set(kept) == {with_recent_hours, with_recent_action, with_recent_hiring, recently_created}


def test_the_month_of_the_last_hours_counts_to_its_end():
    today = date(2026, 11, 25)
    person = ParticipantFactory(entry_date=date(2020, 1, 6))
    Participant.objects.filter(pk=person.pk).update(created_at=timezone.now().replace(year=2020))
    RealisedHoursFactory(participant=person, month=date(2024, 11, 1))  # worked until 30/11/2024, after 25/11/2024
    assert not Participant.objects.past_retention(today, 24).exists()
    assert list(Participant.objects.past_retention(date(2026, 12, 1), 24)) == [person]
