"""Import of a contractor's monthly statement: good files, each kind of bad line, idempotence, atomicity."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import IntegrityError

from followup import hours_import
from followup.hours_import import CREATED, REJECTED, UNCHANGED, UPDATED, StatementError
from followup.models import RealisedHours

HEADER = "mois;lot;siret;participant;heures;modalite;nom (ignoré)\n"
GOOD = HEADER + "2026-03;1;732 829 320 00074;P-0001;151,67;cdd;Durandal\n03/2026;1;73282932000074;p-0002;20;geiq;\n"


def rows(text: str):
    return hours_import.read_statement("releve.csv", text.encode())


def test_good_csv_file(hours_clause, contractor, eligible_participant, ineligible_participant):
    report = hours_import.import_statement(hours_clause, rows(GOOD))
    assert report.counts == {CREATED: 2, UPDATED: 0, UNCHANGED: 0, REJECTED: 0}
    first, second = RealisedHours.objects.order_by("participant__reference")
    assert (first.hours_worked, first.eligible, first.status, first.modality) == (
        Decimal("151.67"),
        True,
        "declaree",
        "embauche",
    )
    assert (second.eligible, second.modality) == (False, "mise_a_disposition")  # flagged, imported


def test_good_xlsx_file(hours_clause, contractor, eligible_participant):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mois", "Lot", "SIRET", "Participant", "Heures", "Modalité"])
    sheet.append(["2026-04", 1, "73282932000074", "P-0001", 35.5, "interim"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = hours_import.import_statement(hours_clause, hours_import.read_statement("releve.xlsx", buffer.getvalue()))
    assert report.counts[CREATED] == 1
    assert RealisedHours.objects.get().hours_worked == Decimal("35.5")


@pytest.mark.parametrize(
    "line,reason",
    [
        ("2026-03;1;73282932000074;P-9999;10;cdd", "participant inconnu"),
        ("2026-03;1;73282932000075;P-0001;10;cdd", "SIRET invalide"),
        ("2026-03;1;40000012000017;P-0001;10;cdd", "SIRET invalide"),
        ("2026-03;1;73282932000074;P-0001;-4;cdd", "heures négatives"),
        ("2026-03;1;73282932000074;P-0001;dix;cdd", "heures non numériques"),
        ("2027-01;1;73282932000074;P-0001;10;cdd", "mois hors de la période du marché"),
        ("13/2026;1;73282932000074;P-0001;10;cdd", "mois illisible"),
        ("2026-03;7;73282932000074;P-0001;10;cdd", "lot inconnu"),
        ("2026-03;1;73282932000074;P-0001;10;benevolat", "modalité inconnue"),
        ("2026-03;1;73282932000074;P-0001;800;cdd", "plus de 200 h dans un mois pour une personne : 800"),
    ],
)
def test_each_bad_line_is_rejected_with_its_reason(hours_clause, contractor, eligible_participant, line, reason):
    report = hours_import.import_statement(
        hours_clause, rows(HEADER + "2026-02;1;73282932000074;P-0001;10;cdd\n" + line + "\n")
    )
    assert report.counts[CREATED] == 1 and report.counts[REJECTED] == 1
    rejected = report.rejected[0]
    assert rejected.number == 3
    assert any(reason in error for error in rejected.errors), rejected.errors
    assert RealisedHours.objects.count() == 1


def test_a_contractor_of_another_lot_is_rejected(hours_clause, contractor, eligible_participant):
    from tests.factories import LotFactory

    LotFactory(market=hours_clause.market, number=2)
    report = hours_import.check_statement(hours_clause, rows(HEADER + "2026-03;2;73282932000074;P-0001;10;cdd\n"))
    assert "n'est pas titulaire du lot 2" in report.rejected[0].errors[0]


def test_duplicate_line_in_the_file(hours_clause, contractor, eligible_participant):
    line = "2026-03;1;73282932000074;P-0001;10;cdd\n"
    report = hours_import.import_statement(hours_clause, rows(HEADER + line + line))
    assert report.counts[CREATED] == 1
    assert report.rejected[0].errors == ["ligne en double (déjà ligne 2)"]


def test_importing_the_same_file_twice_changes_nothing(
    hours_clause, contractor, eligible_participant, ineligible_participant
):
    hours_import.import_statement(hours_clause, rows(GOOD))
    before = list(RealisedHours.objects.values().order_by("pk"))
    report = hours_import.import_statement(hours_clause, rows(GOOD))
    assert report.counts == {CREATED: 0, UPDATED: 0, UNCHANGED: 2, REJECTED: 0}
    assert list(RealisedHours.objects.values().order_by("pk")) == before


def test_a_corrected_declared_line_is_updated_a_validated_one_is_refused(
    hours_clause, contractor, eligible_participant
):
    hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;10;cdd\n"))
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;12;cdd\n"))
    assert report.counts[UPDATED] == 1 and RealisedHours.objects.get().counted_hours == Decimal(12)
    RealisedHours.objects.update(status="validee", validated_at="2026-04-02T09:00Z")
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;15;cdd\n"))
    assert "déjà validées" in report.rejected[0].errors[0]
    assert RealisedHours.objects.get().hours_worked == Decimal(12)


def test_nothing_is_written_when_the_database_refuses_a_line(
    hours_clause, contractor, eligible_participant, ineligible_participant, monkeypatch
):
    hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0001;10;cdd\n"))
    before = list(RealisedHours.objects.values())

    def refuse(*args, **kwargs):  # the changed line, written after the new one
        raise IntegrityError("refus simulé")

    monkeypatch.setattr(hours_import, "bulk_update_with_history", refuse)
    with pytest.raises(StatementError, match="rien n'a été importé"):
        hours_import.import_statement(hours_clause, rows(GOOD))  # P-0001 changed, P-0002 new
    assert list(RealisedHours.objects.values()) == before


def test_the_dry_run_writes_nothing(hours_clause, contractor, eligible_participant, ineligible_participant):
    assert hours_import.check_statement(hours_clause, rows(GOOD)).counts[CREATED] == 2
    assert not RealisedHours.objects.exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("releve.pdf", b"%PDF-1.4", "Choisissez un fichier .csv ou .xlsx"),
        ("releve.xlsx", b"mois;lot\n", "n'est pas un classeur XLSX"),
        ("releve.xlsx", b"PK\x03\x04garbage", "illisible"),
        ("releve.csv", b"mois;lot;siret\n2026-03;1;1\n", "Colonnes manquantes : participant, heures, modalite"),
        ("releve.csv", b"", "vide"),
        ("releve.csv", HEADER.encode() + b"x" * 200_000, "Ce fichier CSV est illisible"),  # over the csv module's limit
        ("releve.csv", HEADER.encode() + b";" * 2000 + b"\x00", "n'est pas un fichier CSV"),  # far from the start
    ],
)
def test_unreadable_files_are_refused_whole(name, data, message):
    with pytest.raises(StatementError, match=message):
        hours_import.read_statement(name, data)


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_lines_may_end_with_a_carriage_return(ending):
    assert rows(GOOD.replace("\n", ending)) == rows(GOOD)


def test_the_template_has_every_column():
    header, example = hours_import.template_csv().splitlines()
    assert header == "mois;lot;siret;participant;heures;modalite"
    assert len(example.split(";")) == 6
