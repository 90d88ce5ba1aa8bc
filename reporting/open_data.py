"""The open data of a territory for a year: its row of the consolidated table (reporting.figures.territories),
anonymised and aggregated, every count of people or companies under statistical secrecy (« secret »), as CSV
(comma-separated, UTF-8, one header line) or JSON (the same columns with their documentation)."""

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse

from clauses.enums import Kind
from partners.downloads import content_disposition
from partners.enums import ExitOutcome
from partners.secrecy import Secret
from partners.spreadsheets import safe_cell, safe_row

from .figures.territories import Row


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    unit: str
    value: object  # (row, year) -> value


def _kind(kind):
    return lambda row, year: next(item["count"] for item in row.kinds if item["kind"] == kind)


def _outcome(index):
    return lambda row, year: row.outcomes[index]["count"]


OUTCOME_NAMES = [f"participants_sortie_{value}" for value, _ in ExitOutcome.choices] + ["participants_en_parcours"]
COLUMNS = [
    Column("territoire_id", "Identifiant du territoire de facilitation dans Levier", "identifiant", None),
    Column("territoire", "Nom du territoire de facilitation (service de facilitation)", "texte", None),
    Column("annee", "Année des chiffres annuels", "année", lambda row, year: year),
    Column("seuil_secret", "Seuil du secret statistique : un effectif inférieur est « secret »", "unités", None),
    Column("marches_suivis", "Marchés suivis par le service, toutes années de notification", "marchés",
           lambda row, year: row.contracts),
    Column("marches_avec_consideration", "Marchés suivis ayant au moins une considération sociale inscrite au DCE "
           "ou publiée dans les DECP",
           "marchés", lambda row, year: row.social),
    Column("part_marches_avec_consideration", "Part des marchés suivis ayant au moins une considération sociale",
           "%", lambda row, year: row.social_share),
    Column("marches_notifies_annee", "Marchés notifiés pendant l'année, sur le périmètre PNAD de l'année", "marchés",
           lambda row, year: row.pnad.total),
    Column("marches_notifies_annee_avec_consideration",
           "Marchés notifiés pendant l'année ayant au moins une considération sociale", "marchés",
           lambda row, year: row.pnad.social),
    Column("part_pnad_annee", "Part des marchés notifiés dans l'année avec une considération sociale, sur le "
           "périmètre du plan national pour des achats durables de l'année", "%", lambda row, year: row.pnad.share),
    Column("objectif_pnad_annee", "Objectif du plan national pour des achats durables pour l'année (vide : aucun)",
           "%", lambda row, year: row.pnad.target),
    Column("climat_resilience_concernes", "Marchés soumis à l'obligation Climat et Résilience (lancés depuis le "
           "22/08/2026, au-dessus du seuil européen)", "marchés", lambda row, year: row.climate["concerned"]),
    Column("climat_resilience_conformes", "Marchés concernés ayant une condition sociale d'exécution ou une "
           "dérogation motivée", "marchés", lambda row, year: row.climate["compliant"]),
    Column("climat_resilience_seuil_inconnu", "Marchés lancés depuis le 22/08/2026 à une date qu'aucun seuil "
           "européen enregistré ne couvre (ni concernés ni conformes)", "marchés",
           lambda row, year: row.climate["unknown"]),
    Column("heures_comptees_annee", "Heures d'insertion comptées (validées, publics éligibles) réalisées pendant "
           "l'année, sur tous les marchés", "heures", lambda row, year: row.hours["year"]),
    Column("heures_comptees_total", "Heures d'insertion comptées depuis le début des marchés", "heures",
           lambda row, year: row.hours["total"]),
    Column("participants_comptes", "Personnes ayant des heures comptées, depuis le début des marchés", "personnes",
           lambda row, year: row.people),
    Column("participants_annee", "Personnes ayant des heures comptées pendant l'année", "personnes",
           lambda row, year: row.people_of_year),
    Column("entreprises_titulaires", "Entreprises titulaires, cotraitantes ou sous-traitantes des marchés suivis",
           "entreprises", lambda row, year: row.companies),
    Column("entreprises_avec_heures_annee", "Entreprises ayant des heures comptées pendant l'année", "entreprises",
           lambda row, year: row.companies_of_year),
    *(
        Column(f"considerations_{kind.value}", f"Considérations sociales non abandonnées : {kind.label}",
               "considérations", _kind(kind))
        for kind in Kind
    ),
    *(
        Column(name, f"Personnes comptées dont la situation à la sortie du parcours est : {label}", "personnes",
               _outcome(index))
        for index, (name, label) in enumerate(
            zip(OUTCOME_NAMES, [*ExitOutcome.labels, "toujours en parcours"], strict=True)
        )
    ),
]  # fmt: skip


def record(row: Row, year: int, threshold: int) -> dict:
    """The territory's row as the open data's columns."""
    fixed = {"territoire_id": row.territory.pk, "territoire": row.territory.name, "seuil_secret": threshold}
    return {column.name: fixed[column.name] if column.value is None else column.value(row, year) for column in COLUMNS}


def _plain(value):
    """A cell as written in the file: « secret », a decimal number with a point, or the value."""
    if isinstance(value, Secret):
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def csv_bytes(data: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(safe_row(data.keys()))
    writer.writerow(["" if value is None else safe_cell(_plain(value)) for value in data.values()])
    return buffer.getvalue().encode()


def json_bytes(data: dict) -> bytes:
    document = {
        "description": "Levier : chiffres agrégés et anonymisés d'un territoire de facilitation de la clause sociale "
        "pour une année ; « secret » : effectif inférieur au seuil du secret statistique (ou qui permettrait "
        "de le recalculer).",
        "colonnes": [{"nom": c.name, "description": c.meaning, "unite": c.unit} for c in COLUMNS],
        "donnees": [{key: _plain(value) for key, value in data.items()}],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


FORMATS = {"csv": (csv_bytes, "text/csv; charset=utf-8"), "json": (json_bytes, "application/json")}


def response(data: dict, fmt: str, filename: str) -> HttpResponse:
    write, content_type = FORMATS[fmt]
    result = HttpResponse(write(data), content_type=content_type)
    result["Content-Disposition"] = content_disposition(f"{filename}.{fmt}")
    return result
