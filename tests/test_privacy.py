"""RGPD: anonymisation after the retention period keeps every aggregate, erasure and right of access, and the
personal data also leaves the history tables."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from markets.models import Market
from partners.enums import AgeBand
from partners.models import Participant, months_before
from reporting import exports
from reporting.charts import Chart
from reporting.dashboard import company_dashboard, dashboard, market_report
from reporting.figures import followup
from tests.factories import ParticipantFactory
from tests.reporting.conftest import dataset  # noqa: F401  (the hand-computed reporting dataset)


def leave(participant, exit_date, entry_date=date(2019, 1, 7)):
    participant.entry_date, participant.exit_date, participant.exit_outcome = entry_date, exit_date, "emploi_durable"
    participant.save()


def plain(value):
    """The figures without the charts' drawings (each SVG carries a random id): their titles, labels and series."""
    if isinstance(value, Chart):
        return value.title, value.labels, value.series
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | QuerySet):
        return [plain(item) for item in value]
    return value


def snapshot(markets, market) -> dict:
    """Every reporting aggregate a buyer or a facilitator reads, for each year of the dataset and today."""
    today = timezone.localdate()
    figures = {}
    for year in (2025, 2026, today.year):
        board = dashboard(markets, year)
        figures[f"dashboard {year}"] = board
        figures[f"company {year}"] = company_dashboard(markets, markets, year, followup.companies(markets)[0]["pk"])
        figures[f"survey {year}"] = exports.survey_table(markets, year).rows
        figures[f"hours {year}"] = exports.hours_table(markets, with_participants=False).rows
    figures["market report"] = market_report(market, today)
    figures["companies"] = followup.companies(markets)
    return plain(figures)


@pytest.fixture
def departed(dataset):  # noqa: F811
    """Alice left the pathway in 2020 (past retention); Bruno left a month ago (kept)."""
    leave(dataset["alice"], date(2020, 6, 30))
    leave(dataset["bruno"], months_before(timezone.localdate(), 1))
    return dataset


def test_months_before_keeps_the_day_or_the_end_of_the_month():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 11, 25), 24) == date(2024, 11, 25)
    assert months_before(date(2028, 3, 31), 25) == date(2026, 2, 28)


def test_anonymisation_keeps_every_aggregate_identical(in_december_2026, departed, buyer):
    # in 2026, Alice (born 2005) is kept in the band the 2025 and 2026 figures give her, under 26; anonymised from
    # 2031 on, she would be kept in the 26-49 band (the band on the day of the anonymisation)
    markets = Market.objects.filter(buyer=buyer)
    before = snapshot(markets, departed["m1"])
    call_command("anonymise_participants", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = snapshot(markets, departed["m1"])
    assert after == before
    alice, bruno = Participant.objects.get(pk=departed["alice"].pk), Participant.objects.get(pk=departed["bruno"].pk)
    assert (alice.first_name, alice.last_name, alice.birth_year, alice.postcode, alice.notes) == ("", "", None, "", "")
    assert alice.reference == f"ANO-{alice.pk}" and alice.anonymised_at == timezone.localdate()
    assert alice.kept_age_band == AgeBand.UNDER_26 and alice.sex == "F"
    assert str(alice) == f"Participant anonymisé (ANO-{alice.pk})"
    assert alice.hours_lines.count() == 1
    assert (bruno.first_name, bruno.birth_year) == ("Bruno", 1970)


def test_the_age_band_of_an_anonymised_participant_is_the_one_kept(db):
    participant = ParticipantFactory(birth_year=1960)
    participant.anonymise(date(2026, 5, 1))
    annotated = Participant.objects.with_age_band(date(2026, 1, 1)).get(pk=participant.pk)
    assert annotated.age_band == AgeBand.FROM_50 and annotated.age_band_label == "50 ans et plus"


def test_anonymisation_also_scrubs_the_history(departed):
    alice = departed["alice"]
    alice.notes = "Sortie de détention en 2019"
    alice.postcode = "37000"
    alice.save()
    assert alice.history.filter(first_name="Alice").exists()
    call_command("anonymise_participants", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = list(Participant.history.filter(id=alice.pk).values())
    assert len(rows) >= 3  # creation, the changes of the test, the anonymisation
    for row in rows:
        assert (row["first_name"], row["last_name"], row["birth_year"], row["notes"], row["postcode"]) == (
            "",
            "",
            None,
            "",
            "",
        ), row
        assert row["reference"] == f"ANO-{alice.pk}"
    assert rows[0]["history_change_reason"] == "anonymisation : durée de conservation atteinte"
    assert not Participant.history.filter(last_name="Secret").exists()


def test_dry_run_changes_nothing_and_the_command_is_safe_to_run_daily(departed, capsys):
    call_command("anonymise_participants", "--dry-run")
    assert "1 participant(s)" in capsys.readouterr().out
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 0
    call_command("anonymise_participants")
    assert "1 participant(s)" in capsys.readouterr().out
    history_rows = Participant.history.count()
    call_command("anonymise_participants")
    assert "0 participant(s)" in capsys.readouterr().out
    assert Participant.history.count() == history_rows


def test_retention_is_a_setting(departed, settings, capsys):
    settings.LEVIER_PARTICIPANT_RETENTION_MONTHS = 12 * (timezone.localdate().year - 2019)  # Alice left in 2020
    call_command("anonymise_participants")
    assert "0 participant(s)" in capsys.readouterr().out


def test_erasure_on_request_keeps_the_hours_anonymously(client, facilitator, departed, buyer):
    bruno = departed["bruno"]
    bruno.notes = "Bénéficiaire du RSA"
    bruno.save()
    markets = Market.objects.filter(buyer=buyer)
    before = snapshot(markets, departed["m1"])
    client.force_login(facilitator)
    page = client.get(reverse("partners:participant_erase", args=[bruno.pk]))
    assert "Effacer définitivement" in page.content.decode()
    response = client.post(reverse("partners:participant_erase", args=[bruno.pk]))
    assert response.status_code == 302
    bruno.refresh_from_db()
    assert (bruno.last_name, bruno.birth_year, bruno.notes) == ("", None, "")
    assert bruno.hours_lines.count() == 1
    assert snapshot(markets, departed["m1"]) == before
    assert not Participant.history.filter(id=bruno.pk).exclude(notes="").exists()
    latest = bruno.history.first()
    assert latest.history_user == facilitator and latest.history_change_reason.startswith("effacement")
    # an anonymised participant can no longer be edited nor erased again
    assert client.get(reverse("partners:participant_update", args=[bruno.pk])).status_code == 404
    assert client.post(reverse("partners:participant_erase", args=[bruno.pk])).status_code == 404


def test_right_of_access_downloads_everything_held(client, facilitator, departed):
    alice = departed["alice"]
    client.force_login(facilitator)
    response = client.get(reverse("partners:participant_data", args=[alice.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="participant-{alice.pk}.json"'
    data = json.loads(response.content)
    assert data["participant"]["first_name"] == "Alice" and data["participant"]["birth_year"] == 2005
    assert [line["hours_worked"] for line in data["heures"]] == ["100.00"]
    assert data["heures"][0]["consideration__market__reference"] == "M1"
    assert [row["history_type"] for row in data["historique"]] == ["+", "~"]


def test_the_participants_export_shows_anonymised_people_without_names(client, facilitator, departed):
    call_command("anonymise_participants", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(facilitator)
    content = client.get(reverse("reporting:export", args=["participants", "csv"])).content.decode()
    assert "Secret" not in content and "ANO-" in content
