# ruff: noqa: F811 - the statement fixtures are imported from tests/followup/conftest.py, then requested by name
"""Every importer against every hostile file (tests/fixtures/hostile): a French message, never a server error, in
bounded time and memory, and nothing written.

The importers are the two upload pages (a DECP file, a contractor's statement of hours) and, behind them, the
functions the command line uses too (``import_decp``, ``read_statement``). Each file is sent under its own name
and, to reach the content checks, under the extension the importer expects. Memory is Python's peak allocation
during the import (tracemalloc), time the wall clock; ``python -m pytest tests/test_hostile_files.py -s`` prints
both for each file (the README quotes them).
"""

import html
import json
import time
import tracemalloc
from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup import hours_import
from followup.models import RealisedHours
from markets.decp.importer import import_decp
from markets.decp.reader import DecpFileError
from markets.models import Market
from tests.fixtures.hostile import corpus
from tests.followup.conftest import categories, contractor, eligible_participant, hours_clause  # noqa: F401

MAX_MEMORY = 100 * 1024 * 1024
MAX_SECONDS = 10  # generous: the slowest file takes well under a second on one core (see the printed table)
FRENCH = ("fichier", "Fichier", "Colonnes manquantes", "Choisissez", "lignes", "illisible", "refusé", "rejet")

NAMES = sorted(corpus())


@pytest.fixture
def territory(facilitator):
    return facilitator.territory


def measured(call):
    """(result or exception, seconds, peak bytes) of ``call()``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = call()
    except Exception as exc:  # the caller asserts which ones are expected
        outcome = exc
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, seconds, peak


def report(importer, name, seconds, peak, message):
    print(f"\n{importer:<8} {name:<26} {seconds * 1000:8.0f} ms {peak / 1024 / 1024:7.1f} Mo  {message[:90]}")


def renamed(name: str, extension: str) -> str:
    return str(PurePath(name).with_suffix(extension))


@pytest.mark.parametrize("name", NAMES)
def test_the_decp_function_refuses_or_rejects(name, territory, tmp_path):
    path = tmp_path / renamed(name, ".json")
    path.write_bytes(corpus()[name])
    outcome, seconds, peak = measured(lambda: import_decp(path, territory=territory, report_path=tmp_path / "r.csv"))
    if isinstance(outcome, DecpFileError):
        message = str(outcome)
        assert message and message[0].isupper() and any(word in message for word in FRENCH), message
    else:
        assert not isinstance(outcome, Exception), repr(outcome)
        assert outcome.created == 0 and outcome.rejected >= 1, outcome.counts()
        message = f"{outcome.rejected} rejet(s) : {outcome.rejections[0].reason}"
    report("decp", name, seconds, peak, message)
    assert seconds < MAX_SECONDS and peak < MAX_MEMORY
    assert not Market.objects.exists()


@pytest.mark.parametrize("name", NAMES)
def test_the_statement_function_refuses_or_rejects(name, hours_clause, contractor, eligible_participant):
    extension = ".xlsx" if name.endswith(".xlsx") else ".csv"

    def read_and_import():
        rows = hours_import.read_statement(renamed(name, extension), corpus()[name])
        return hours_import.import_statement(hours_clause, rows)

    outcome, seconds, peak = measured(read_and_import)
    if isinstance(outcome, hours_import.StatementError):
        message = str(outcome)
        assert message and any(word in message for word in FRENCH), message
    else:
        assert not isinstance(outcome, Exception), repr(outcome)
        assert outcome.counts["nouvelle"] == 0 and outcome.rejected, outcome.counts
        first = outcome.rejected[0]
        message = f"ligne {first.number} : {'; '.join(first.errors)}"
        assert first.errors
    report("releve", name, seconds, peak, message)
    assert seconds < MAX_SECONDS and peak < MAX_MEMORY
    assert not RealisedHours.objects.exists()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("as_own_name", [True, False], ids=["own-name", "renamed"])
def test_the_upload_pages_answer_a_french_error(
    name, as_own_name, client_for, facilitator, hours_clause, contractor, eligible_participant
):
    client = client_for(facilitator)
    data = corpus()[name]
    pages = [
        (reverse("markets:decp_import"), ".json"),
        (reverse("followup:hours_import", args=[hours_clause.pk]), ".xlsx" if name.endswith(".xlsx") else ".csv"),
    ]
    for url, extension in pages:
        upload = SimpleUploadedFile(name if as_own_name else renamed(name, extension), data)
        response = client.post(url, {"file": upload})
        assert response.status_code == 200, (url, response.status_code)
        page = html.unescape(response.content.decode())
        assert "invalid-feedback" in page or "rejet" in page, (url, page[-2000:])
    assert Market.objects.get() == hours_clause.market and not RealisedHours.objects.exists()


def test_a_record_nested_100000_levels_deep_is_refused_quickly(territory, tmp_path):
    path = tmp_path / "profond.json"
    path.write_bytes(corpus()["profond.json"])
    outcome, seconds, peak = measured(lambda: import_decp(path, territory=territory))
    assert isinstance(outcome, DecpFileError)
    assert "Plus de 64 niveaux d'imbrication (ligne 1, octet 86)" in str(outcome)
    assert seconds < 1 and peak < 5 * 1024 * 1024


def test_a_number_with_a_huge_exponent_is_refused_before_any_conversion(territory, tmp_path):
    path = tmp_path / "exposant.json"
    path.write_bytes(corpus()["exposant-enorme.json"])
    with pytest.raises(DecpFileError, match="Nombre hors limites « 1e1000000 » \\(ligne 1"):
        import_decp(path, territory=territory)


def test_numbers_written_as_text_reject_the_record_with_its_reason(territory, tmp_path):
    path = tmp_path / "texte.json"
    path.write_bytes(corpus()["nombres-en-texte.json"])
    result = import_decp(path, territory=territory)
    assert result.rejected == 1 and "Montant illisible" in result.rejections[0].reason


def test_a_lot_named_superscript_two_is_an_unknown_lot_on_its_line(hours_clause, contractor, eligible_participant):
    rows = hours_import.read_statement("releve.csv", corpus()["lot-exposant.csv"])
    report = hours_import.check_statement(hours_clause, rows)
    assert [row.number for row in report.rejected] == [2, 3, 4]
    assert "lot inconnu pour cette clause : « ² »" in report.rejected[0].errors
    assert "plus de 200 h dans un mois pour une personne : 1e1000000" in report.rejected[1].errors
    assert "lot inconnu pour cette clause : « ١ »" in report.rejected[2].errors


@pytest.mark.parametrize(
    "name,message",
    [
        ("million-de-lignes.xlsx", "Plus de 5000 lignes"),
        ("ligne-lointaine.xlsx", "Plus de 5000 lignes"),
        ("sans-dimension.xlsx", "n'indique pas la taille de sa feuille"),
        ("bombe-zip.xlsx", "décompressé dépasse 20 Mo"),
        ("entites.xlsx", "il déclare des entités XML, refusées"),
        ("tronque.xlsx", "archive endommagée ou tronquée"),
        ("faux-zip.xlsx", "archive endommagée ou tronquée"),
        ("binaire.xlsx", "n'est pas un classeur XLSX"),
        ("utf16.csv", "encodé en UTF-16"),
        ("cellule-geante.csv", "illisible à la ligne 2"),
        ("trop-de-lignes.csv", "Plus de 5000 lignes"),
    ],
)
def test_each_hostile_statement_gets_its_own_message(name, message):
    with pytest.raises(hours_import.StatementError, match=message):
        hours_import.read_statement(name, corpus()[name])


def test_a_statement_in_windows_1252_is_read(hours_clause):
    rows = hours_import.read_statement("releve.csv", corpus()["latin1.csv"])
    assert rows[0]["participant"] == "P-élève"


def test_leading_blanks_do_not_hide_a_deep_record(territory, tmp_path):
    path = tmp_path / "blancs.json"
    path.write_bytes(b" " * 200_000 + corpus()["profond.json"])
    with pytest.raises(DecpFileError, match="Plus de 64 niveaux d'imbrication \\(ligne 1, octet 200086\\)"):
        import_decp(path, territory=territory)


def test_a_deep_record_split_across_chunks_is_still_measured():
    from io import BytesIO

    from markets.decp.limits import CHUNK, JsonLimitError, check_json_limits

    number = b"1" + b"0" * 50
    data = b'{"a": "' + b"x" * (CHUNK - 20) + b'", "b": ' + number + b"}"  # the number straddles two chunks
    with pytest.raises(JsonLimitError, match="Nombre de plus de 40 caractères"):
        check_json_limits(BytesIO(data))
    escaped = b'{"a": "' + b"x" * (CHUNK - 8) + b'\\"' + b"[" * 100 + b'"}'  # an escaped quote on the boundary
    check_json_limits(BytesIO(escaped))  # the brackets are inside the string: no depth


def test_a_simultaneous_import_s_conflict_is_a_french_error(client_for, facilitator, monkeypatch):
    from django.db import IntegrityError

    from markets.decp import importer

    def conflict(self):
        raise IntegrityError('duplicate key value violates unique constraint "organisation_siret"')

    monkeypatch.setattr(importer._Batch, "run", conflict)
    from tests.markets.test_decp_import import marche

    upload = SimpleUploadedFile("decp.json", json.dumps({"marches": {"marche": [marche()]}}, default=str).encode())
    response = client_for(facilitator).post(reverse("markets:decp_import"), {"file": upload})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "Un autre import a enregistré les mêmes acheteurs" in page
    assert "duplicate key" not in page


@pytest.mark.parametrize("name", [name for name in NAMES if name.endswith(".json")])
def test_the_import_command_refuses_with_a_french_error(name, tmp_path, facilitator):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / name
    path.write_bytes(corpus()[name])
    try:
        call_command("import_decp", str(path), "--territory", facilitator.territory.name, stdout=StringIO())
    except CommandError as exc:
        assert str(exc).startswith("Import impossible, rien n'a été enregistré.")
    assert not Market.objects.exists()
