"""Tables the exports write as CSV or XLSX. Each table is read in one query from an already-scoped queryset,
with the same French labels as the pages."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from clauses.enums import ConsiderationStatus, Kind, LegalBasis, SocialAction, Unit
from followup.enums import HoursStatus, ModalityDetail
from followup.models import RealisedAction
from markets.enums import Nature, Status
from partners import secrecy
from partners.downloads import content_disposition
from partners.enums import AgeBand
from partners.spreadsheets import safe_cell, safe_row

from .figures.followup import (
    activity,
    hour_lines,
    hours,
    participant_breakdown,
    participant_ids,
    participants,
)
from .figures.markets import ContractCounts, PnadShare


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list]


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "")


def contracts_table(markets) -> Table:
    """One row per social consideration of each contract; a contract without any has one row."""
    rows = markets.order_by("reference", "pk", "considerations__pk").values_list(
        "reference",
        "object",
        "buyer__name",
        "nature",
        "status",
        "amount",
        "notification_date",
        "considerations__kind",
        "considerations__lot__number",
        "considerations__legal_basis",
        "considerations__combined_bases",
        "considerations__status",
        "considerations__target",
        "considerations__unit",
        "considerations__penalty_per_unit",
    )
    return Table(
        "Marchés et considérations sociales",
        [
            "Référence",
            "Objet",
            "Donneur d'ordre",
            "Nature",
            "Statut du marché",
            "Montant HT (€)",
            "Notification",
            "Considération sociale",
            "Lot",
            "Fondement juridique",
            "Statut de la considération",
            "Objectif chiffré",
            "Unité",
            "Pénalité par unité manquante (€)",
        ],
        [
            [
                reference,
                object_,
                buyer,
                _label(Nature.choices, nature),
                _label(Status.choices, status),
                amount,
                notified,
                _label(Kind.choices, kind),
                lot,
                " ; ".join(_label(LegalBasis.choices, value) for value in [basis, *(combined or [])] if value),
                _label(ConsiderationStatus.choices, c_status),
                target,
                _label(Unit.choices, unit),
                penalty,
            ]
            for (
                reference,
                object_,
                buyer,
                nature,
                status,
                amount,
                notified,
                kind,
                lot,
                basis,
                combined,
                c_status,
                target,
                unit,
                penalty,
            ) in rows
        ],
    )


def hours_table(markets, with_participants: bool) -> Table:
    """The realised hours lines, month by month; the participant's code for facilitators only."""
    fields = [
        "consideration__market__reference",
        "contractor__organisation__name",
        "month",
        "modality_detail",
        "hours_worked",
        "conversion_rate",
        "counted_hours",
        "eligible",
        "status",
    ]
    headers = [
        "Marché",
        "Entreprise",
        "Mois",
        "Modalité",
        "Heures travaillées",
        "Heures comptées par heure",
        "Heures comptées",
        "Participant éligible",
        "Statut",
    ]
    if with_participants:
        fields.insert(2, "participant__reference")
        headers.insert(2, "Participant (code)")
    rows = []
    for values in hour_lines(markets).order_by("consideration__market__reference", "month", "pk").values_list(*fields):
        row = dict(zip(fields, values, strict=True))
        row["month"] = row["month"].strftime("%m/%Y")
        row["modality_detail"] = _label(ModalityDetail.choices, row["modality_detail"])
        row["eligible"] = "oui" if row["eligible"] else "non"
        row["status"] = _label(HoursStatus.choices, row["status"])
        rows.append(list(row.values()))
    return Table("Heures d'insertion réalisées", headers, rows)


def actions_table(markets, secret: bool = False) -> Table:
    """The actions of these contracts; with ``secret`` (a buyer), the people each reached under statistical secrecy
    (« secret »)."""
    rows = (
        RealisedAction.objects.filter(consideration__market__in=markets)
        .order_by("consideration__market__reference", "date", "pk")
        .values_list(
            "consideration__market__reference",
            "date",
            "action_type",
            "contractor__organisation__name",
            "people_reached",
            "women_reached",
            "description",
        )
    )
    return Table(
        "Actions réalisées",
        ["Marché", "Date", "Type d'action", "Entreprise", "Personnes touchées", "Dont femmes", "Description"],
        [
            [ref, day, _label(SocialAction.choices, kind), company or "", *_reached(people, women, secret), description]
            for ref, day, kind, company, people, women, description in rows
        ],
    )


def _reached(people, women, secret: bool) -> tuple:
    if not secret:
        return people, women
    shown = secrecy.protect_action({"people": people, "women": women})
    return tuple(str(value) if value is secrecy.SECRET else value for value in (shown["people"], shown["women"]))


def participants_table(markets, year: int) -> Table:
    """Facilitators only: the participants with counted hours on these contracts, by name."""
    people = (
        participants(markets)
        .with_age_band(date(year, 1, 1))
        .select_related("prescriber")
        .prefetch_related("eligible_categories")
        .order_by("last_name", "first_name", "pk")
    )
    return Table(
        "Participants",
        [
            "Code",
            "Nom",
            "Prénom",
            "Sexe",
            "Année de naissance",
            f"Tranche d'âge en {year}",
            "Publics éligibles",
            "Prescripteur",
            "Entrée",
            "Situation à la sortie",
            "Sortie",
        ],
        [
            [
                p.reference,
                p.last_name,
                p.first_name,
                p.get_sex_display(),
                p.birth_year,
                _label(AgeBand.choices, p.age_band),
                ", ".join(c.label for c in p.eligible_categories.all()),
                p.prescriber.name if p.prescriber else "",
                p.entry_date,
                p.get_exit_outcome_display(),
                p.exit_date,
            ]
            for p in people
        ],
    )


def survey_table(markets, year: int, secret: bool = False) -> Table:
    """The annual summary for the national survey: the figures of the year on these contracts; with ``secret`` (a
    buyer reads it), its counts of people and companies under statistical secrecy."""
    people = participant_breakdown(participant_ids(markets, year), date(year, 1, 1))
    totals = activity(markets, year)
    if secret:
        people = secrecy.protect_breakdown(people)
        totals = {**totals, "companies": secrecy.protect_count(totals["companies"])}
    return Table(
        f"Enquête nationale {year}",
        ["Rubrique", "Indicateur", "Valeur"],
        survey_rows(hours(markets, year)["year"], people, totals, ContractCounts.of(markets).pnad(year)),
    )


def survey_rows(hours_of_year, people: dict, totals: dict, pnad: PnadShare) -> list[list]:
    """The rows (section, indicator, value) of the survey from its figures: the hours counted during the year, the
    breakdown of that year's participants (participant_breakdown), followup.activity and the year's PNAD share."""
    rows = [
        ["Marchés", f"Marchés notifiés dans l'année ({pnad.perimeter})", pnad.total],
        ["Marchés", "dont marchés avec au moins une considération sociale", pnad.social],
        ["Heures", "Heures d'insertion réalisées (comptées, validées)", hours_of_year],
        ["Participants", "Participants ayant réalisé des heures", people["total"]],
    ]
    for key, section in (
        ("sex", "Sexe"),
        ("age", "Tranche d'âge"),
        ("category", "Public éligible"),
        ("outcome", "Situation à la sortie"),
    ):
        rows += [[section, row["label"][:1].upper() + row["label"][1:], row["count"]] for row in people[key]]
    rows += [
        ["Entreprises", "Entreprises ayant réalisé des heures", totals["companies"]],
        ["Donneurs d'ordre", "Donneurs d'ordre concernés", totals["buyers"]],
        ["Marchés", "Marchés avec des heures réalisées", totals["contracts"]],
    ]
    return rows


PARTICIPANTS = ("Participants", "Participants ayant réalisé des heures")
SECRET_SECTIONS = {"Participants", "Sexe", "Tranche d'âge", "Public éligible", "Situation à la sortie", "Entreprises"}
ADDING_SECTIONS = ("Sexe", "Tranche d'âge", "Situation à la sortie")  # each adds up to the participants


def survey_by_territory(markets, territories, year: int, limit: int | None = None) -> Table:
    """The survey's rows for each of ``territories`` side by side, then their total (``markets``: every contract of
    them), in 8 queries whatever their number; counts of people and companies under statistical secrecy, each
    territory's column protected on its own (partners.secrecy)."""
    on, ids = date(year, 1, 1), participant_ids(markets, year)
    hours_of, people_of = hours(markets, year, by_territory=True), participant_breakdown(ids, on, by_territory=True)
    activity_of, counts_of = activity(markets, year, by_territory=True), ContractCounts.of(markets, by_territory=True)
    columns = {
        t.pk: survey_rows(hours_of[t.pk]["year"], people_of[t.pk], activity_of[t.pk], counts_of[t.pk].pnad(year))
        for t in territories
    }
    everything = ContractCounts.summed(counts_of, [t.pk for t in territories])
    total = survey_rows(
        hours(markets, year)["year"], participant_breakdown(ids, on), activity(markets, year), everything.pnad(year)
    )
    columns["total"] = total
    keys = [(section, label) for section, label, _ in total]  # the total has every public's label
    cells = {(key, column): 0 for key in keys for column in columns}
    for column, rows in columns.items():
        cells.update({((section, label), column): value for section, label, value in rows})
    protected = {key: value for key, value in cells.items() if key[0][0] in SECRET_SECTIONS}
    lines = [
        secrecy.Line((PARTICIPANTS, column), tuple((key, column) for key in keys if key[0] == section))
        for column in columns
        for section in ADDING_SECTIONS
    ]
    lines += [
        secrecy.Line((key, "total"), tuple((key, t.pk) for t in territories), by_total=True)
        for key in keys
        if key[0] in SECRET_SECTIONS
    ]
    cells.update(secrecy.protect(protected, lines, limit))
    return Table(
        f"Enquête nationale {year} par territoire",
        ["Rubrique", "Indicateur", *(str(t) for t in territories), "Total"],
        [[section, label, *(cells[(section, label), column] for column in columns)] for section, label in keys],
    )


def _csv_value(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


def csv_bytes(table: Table) -> bytes:
    """Semicolon-separated, with a BOM: what a French spreadsheet opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(safe_row(table.headers))
    writer.writerows([_csv_value(safe_cell(value)) for value in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append(safe_row(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(safe_row(row))  # a text starting with « = » would otherwise be written as a formula
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, Decimal | float):
                cell.number_format = "#,##0.00"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, len(str(column[0].value)) + 2))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS = {
    "csv": (csv_bytes, "text/csv; charset=utf-8"),
    "xlsx": (xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def table_response(table: Table, fmt: str, filename: str) -> HttpResponse:
    write, content_type = FORMATS[fmt]
    response = HttpResponse(write(table), content_type=content_type)
    response["Content-Disposition"] = content_disposition(f"{filename}.{fmt}")
    return response
