"""Import of a contractor's monthly statement of insertion hours, from a CSV or XLSX file.

The statement has one line per month × lot × contractor × participant × modality; the first row names the
columns, in any order (case and accents ignored):

    mois         the month worked: 2026-03, 03/2026 or any date of that month
    lot          the lot's number
    siret        the contractor's SIRET (14 digits, spaces allowed)
    participant  the participant's code given by the facilitator (e.g. P-0042), never a name
    heures       hours worked in the month (comma or point for decimals)
    modalite     the modality's code: cdi, cdd, interim, apprentissage, professionnalisation, ai, etti, geiq,
                 siae, ea, esat, formation

Other columns are ignored and never stored. `check_statement` reports every line without writing (the dry run);
`import_statement` writes the good lines in one transaction: all of them or, if the database refuses one,
none. A line already imported with the same hours is left unchanged, so importing a file twice changes nothing.
"""

import csv
import io
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from django.db import DatabaseError, IntegrityError, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from stdnum.fr import siret as stdnum_siret

from markets.models import Contractor, Lot
from partners.models import Participant
from partners.spreadsheets import safe_row
from partners.text import fold, is_ascii_digits

from . import plausibility
from .enums import HoursStatus, ModalityDetail
from .models import HoursRules, RealisedHours

# (column, what it holds, example)
COLUMNS = [
    ("mois", "mois travaillé (AAAA-MM, MM/AAAA ou une date du mois)", "2026-03"),
    ("lot", "numéro du lot", "1"),
    ("siret", "SIRET de l'entreprise (14 chiffres)", "73282932000074"),
    ("participant", "code du participant donné par le facilitateur (jamais le nom)", "P-0001"),
    ("heures", "heures travaillées dans le mois", "151,67"),
    ("modalite", "code de la modalité : " + ", ".join(ModalityDetail.values), "cdd"),
]
MAX_SIZE = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_READ_ROWS = MAX_ROWS + 1000  # rows read, blank ones included, before the file is refused
MAX_COLUMNS = 50
MAX_CELL = 200  # characters of a cell kept (and shown back in the report)
MAX_UNZIPPED = 20 * 1024 * 1024  # an XLSX of 5,000 lines unzips to about 2 MB
MAX_ZIP_MEMBERS = 200

CREATED, UPDATED, UNCHANGED, REJECTED = "nouvelle", "modifiée", "inchangée", "rejetée"


class StatementError(Exception):
    """The file as a whole cannot be read or imported: nothing was written."""


@dataclass
class RowResult:
    number: int  # the line number in the file (the header is line 1)
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    outcome: str = REJECTED
    line: RealisedHours | None = None


@dataclass
class ImportReport:
    rows: list[RowResult]
    imported: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in (CREATED, UPDATED, UNCHANGED, REJECTED)}

    @property
    def rejected(self) -> list[RowResult]:
        return [row for row in self.rows if row.outcome == REJECTED]


# --- reading the file ------------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def _too_many_rows() -> StatementError:
    return StatementError(f"Plus de {MAX_ROWS} lignes : découpez le relevé.")


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # a French spreadsheet's CSV; no byte is refused
    lines = io.StringIO(text, newline="")  # lines end with \n, \r\n or a lone \r (as an old Mac spreadsheet writes)
    header = lines.readline()
    delimiter = max(";,\t", key=header.count)  # the header's separator: « ; » from a French spreadsheet, or « , »
    lines.seek(0)
    reader = csv.reader(lines, delimiter=delimiter)
    table = []
    try:
        for row in reader:
            if len(table) > MAX_READ_ROWS:
                raise _too_many_rows()
            table.append(row[:MAX_COLUMNS])
    except csv.Error as exc:  # a cell longer than the csv module's limit (128 KiB), a NUL byte
        raise StatementError(
            f"Ce fichier CSV est illisible à la ligne {reader.line_num} : une cellule dépasse 128 Kio ou ses "
            "guillemets ne sont pas fermés."
        ) from exc
    return table


def _check_zip(data: bytes) -> None:
    """Refuses a damaged archive and a zip bomb, from the archive's directory, before openpyxl reads any XML.

    A sheet must also state its size (``<dimension>``, which every spreadsheet writes) at its top: without it,
    openpyxl's streaming reader scans the whole sheet to find it before yielding the first row."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise StatementError(f"Ce fichier XLSX contient plus de {MAX_ZIP_MEMBERS} éléments : fichier refusé.")
            if sum(member.file_size for member in members) > MAX_UNZIPPED:
                raise StatementError(
                    f"Ce fichier XLSX décompressé dépasse {MAX_UNZIPPED // (1024 * 1024)} Mo : fichier refusé "
                    "(découpez le relevé)."
                )
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    with archive.open(member) as sheet:
                        if b"dimension" not in sheet.read(4096):
                            raise StatementError(
                                "Ce fichier XLSX n'indique pas la taille de sa feuille : ouvrez-le dans votre tableur "
                                "et enregistrez-le à nouveau."
                            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError, ValueError) as exc:
        raise StatementError("Ce fichier XLSX est illisible : archive endommagée ou tronquée.") from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl  # only the XLSX path needs it; with defusedxml installed it refuses XML entities

    _check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        raise StatementError(f"Ce fichier XLSX est illisible : {_reason(exc)}.") from exc
    table = []
    try:
        if not workbook.worksheets:
            raise StatementError("Ce fichier XLSX n'a aucune feuille.")
        # read_only streams the sheet's XML: rows are counted as they come, never all loaded first
        for row in workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True):
            if len(table) > MAX_READ_ROWS:
                raise _too_many_rows()
            table.append([_cell(value) for value in row])
    except StatementError:
        raise
    except Exception as exc:  # a truncated member, an entity, a malformed cell: met while streaming
        raise StatementError(f"Ce fichier XLSX est illisible à la ligne {len(table) + 1} : {_reason(exc)}.") from exc
    finally:
        workbook.close()
    return table


def _reason(exc: BaseException) -> str:
    causes = []
    while exc is not None and len(causes) < 10:  # openpyxl wraps the parser's error in its own
        causes.append(exc)
        exc = exc.__cause__ or exc.__context__
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        return "il déclare des entités XML, refusées"
    if any(isinstance(cause, zipfile.BadZipFile | EOFError | zlib.error) for cause in causes):
        return "archive endommagée ou tronquée"
    return "ce n'est pas un classeur Excel valide"


def read_statement(name: str, data: bytes) -> list[dict[str, str]]:
    """The statement's lines as {column: text}, checked for type and columns (not for content)."""
    if name.lower().endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise StatementError("Ce fichier n'est pas un classeur XLSX.")
        table = _xlsx_rows(data)
    elif name.lower().endswith(".csv"):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise StatementError("Ce fichier CSV est encodé en UTF-16 : enregistrez-le au format « CSV UTF-8 ».")
        if b"\x00" in data:  # a binary file, or a NUL byte PostgreSQL would refuse in a query
            raise StatementError("Ce fichier n'est pas un fichier CSV (texte).")
        table = _csv_rows(data)
    else:
        raise StatementError("Choisissez un fichier .csv ou .xlsx.")
    if not table:
        raise StatementError("Le fichier est vide.")
    header = [fold(_cell(name)) for name in table[0]]
    missing = [column for column, _, _ in COLUMNS if column not in header]
    if missing:
        raise StatementError(f"Colonnes manquantes : {', '.join(missing)} (voir le modèle).")
    rows = [dict(zip(header, (_cell(value) for value in row), strict=False)) for row in table[1:]]
    rows = [row for row in rows if any(row.get(column) for column, _, _ in COLUMNS)]
    if len(rows) > MAX_ROWS:
        raise _too_many_rows()
    return [{column: row.get(column, "") or "" for column, _, _ in COLUMNS} for row in rows]


# --- checking the lines ----------------------------------------------------------------------------------------


def parse_month(text: str) -> date | None:
    for pattern in ("%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
        return date(parsed.year, parsed.month, 1)
    return None


def parse_hours(text: str) -> Decimal | None:
    try:
        hours = Decimal(text.replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation:
        return None
    return hours if hours.is_finite() else None


def contract_months(consideration) -> tuple[date | None, date | None]:
    """The first and last months of the consideration's period (its own dates, or its contract's)."""
    start = consideration.start_date or consideration.market.start_date
    end = consideration.end_date or consideration.market.end_date
    return (start and start.replace(day=1)), (end and end.replace(day=1))


def check_statement(consideration, rows: list[dict[str, str]]) -> ImportReport:
    """Checks every line against the contract and the database, without writing anything."""
    first_month, last_month = contract_months(consideration)
    lots = Lot.objects.filter(market=consideration.market_id)
    if consideration.lot_id:
        lots = lots.filter(pk=consideration.lot_id)
    lot_numbers = set(lots.values_list("number", flat=True))
    contractors = {
        (contractor.lot.number, contractor.organisation.siret): contractor
        for contractor in Contractor.objects.filter(lot__in=lots).select_related("organisation", "lot")
    }
    codes = {row["participant"].strip().upper() for row in rows}
    participants = {
        participant.reference: participant
        for participant in Participant.objects.filter(territory=consideration.market.territory_id, reference__in=codes)
    }
    rules = HoursRules.load(consideration, [participant.pk for participant in participants.values()])
    existing = {
        (line.contractor_id, line.participant_id, line.month, line.modality_detail): line
        for line in RealisedHours.objects.filter(
            contractor__in=[c.pk for c in contractors.values()], participant__in=[p.pk for p in participants.values()]
        )
    }
    seen: dict[tuple, int] = {}
    results = []
    for number, values in enumerate(rows, start=2):
        result = RowResult(number, values)
        errors = result.errors
        month = parse_month(values["mois"])
        if month is None:
            errors.append(f"mois illisible : « {values['mois']} » (AAAA-MM attendu)")
        elif (first_month and month < first_month) or (last_month and month > last_month):
            errors.append(f"mois hors de la période du marché : {month:%m/%Y}")
        hours = parse_hours(values["heures"])
        if hours is None:
            errors.append(f"heures non numériques : « {values['heures']} »")
        elif hours < 0:
            errors.append(f"heures négatives : {values['heures']}")
        elif hours > plausibility.maximum():  # alone beyond a month's maximum (and no huge figure summed below)
            errors.append(f"plus de {plausibility.maximum()} h dans un mois pour une personne : {values['heures']}")
        siret = values["siret"].replace(" ", "")
        lot_number = int(values["lot"]) if is_ascii_digits(values["lot"].strip()) else None
        contractor = None
        if not stdnum_siret.is_valid(siret):
            errors.append(f"SIRET invalide : « {values['siret']} »")
        elif lot_number not in lot_numbers:
            errors.append(f"lot inconnu pour cette clause : « {values['lot']} »")
        else:
            contractor = contractors.get((lot_number, siret))
            if contractor is None:
                errors.append(f"l'entreprise {siret} n'est pas titulaire du lot {lot_number}")
        participant = participants.get(values["participant"].strip().upper())
        if participant is None:
            errors.append(f"participant inconnu : « {values['participant']} »")
        detail = fold(values["modalite"])
        if detail not in ModalityDetail.values:
            errors.append(f"modalité inconnue : « {values['modalite']} »")
        if not errors:
            key = (contractor.pk, participant.pk, month, detail)
            if key in seen:
                errors.append(f"ligne en double (déjà ligne {seen[key]})")
            seen.setdefault(key, number)
        if not errors:
            result.outcome, result.line = _outcome(
                consideration, existing.get(key), key, hours, rules, participant, contractor, errors
            )
        results.append(result)
    _check_month_totals(results)
    return ImportReport(results)


def _check_month_totals(results: list[RowResult]) -> None:
    """Rejects the lines of a person whose hours of a month, this statement's and those already recorded on every
    contract (less the lines the statement replaces), go beyond the monthly maximum (followup.plausibility)."""
    kept = [result for result in results if result.line is not None and result.line.status != HoursStatus.REJECTED]
    replaced = [result.line.pk for result in kept if result.line.pk]
    totals = defaultdict(
        Decimal,
        RealisedHours.objects.filter(
            participant__in={result.line.participant_id for result in kept},
            month__in={result.line.month for result in kept},
        )
        .exclude(pk__in=replaced)
        .month_totals(),
    )
    for result in kept:
        totals[result.line.participant_id, result.line.month] += result.line.hours_worked
    for result in kept:
        message = plausibility.excess_message(totals[result.line.participant_id, result.line.month], result.line.month)
        if message:
            result.errors.append(message)
            result.outcome, result.line = REJECTED, None


def _outcome(consideration, line, key, hours, rules, participant, contractor, errors):
    if line is not None and line.consideration_id != consideration.pk:
        errors.append("heures déjà déclarées au titre d'une autre clause")
        return REJECTED, None
    if line is not None and line.hours_worked == hours:
        return UNCHANGED, line
    if line is not None and line.status == HoursStatus.VALIDATED:
        errors.append(
            f"heures déjà validées pour ce mois ({line.hours_worked} h) : le facilitateur les dévalide d'abord, avec "
            "un motif, pour les corriger"
        )
        return REJECTED, None
    outcome = UPDATED if line is not None else CREATED
    if line is None:
        contractor_pk, participant_pk, month, detail = key
        line = RealisedHours(
            consideration=consideration,
            contractor_id=contractor_pk,
            participant=participant,
            month=month,
            modality_detail=detail,
        )
    line.hours_worked = hours
    line.status, line.rejection_reason = HoursStatus.DECLARED, ""  # a rejected line corrected is declared again
    rules.apply(line, contractor.organisation_id)
    return outcome, line


# What _outcome changes on a line already there.
UPDATED_FIELDS = ["hours_worked", "conversion_rate", "hiring", "eligible", "status", "rejection_reason"]


@transaction.atomic
def _write(report: ImportReport) -> None:
    """The new lines in one INSERT, the changed ones in one UPDATE, each with its history: the summaries'
    triggers (followup.summary_triggers) run once a statement, not once a line."""
    bulk_create_with_history([row.line for row in report.rows if row.outcome == CREATED], RealisedHours)
    bulk_update_with_history([row.line for row in report.rows if row.outcome == UPDATED], RealisedHours, UPDATED_FIELDS)


def import_statement(consideration, rows: list[dict[str, str]]) -> ImportReport:
    """Checks then writes the good lines, all in one transaction; the bad lines are reported, not written."""
    report = check_statement(consideration, rows)
    try:
        _write(report)
    except IntegrityError as exc:  # another import or entry of the same lines committed in the meantime
        raise StatementError(
            "Ces lignes ont été enregistrées par quelqu'un d'autre pendant l'import : rien n'a été importé. "
            "Déposez le relevé à nouveau pour le vérifier."
        ) from exc
    except DatabaseError as exc:
        raise StatementError(f"La base de données a refusé une ligne : rien n'a été importé. Détail : {exc}") from exc
    report.imported = True
    return report


def template_csv() -> str:
    """The statement template: the header and one example line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(safe_row(column for column, _, _ in COLUMNS))
    writer.writerow(safe_row(example for _, _, example in COLUMNS))
    return buffer.getvalue()
