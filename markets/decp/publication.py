"""The DECP fields a publication requires that Levier does not follow itself (price form, CCAG, offers received…).

Levier never invents them: they come from the contract's imported DECP record (``values_of``, at import) or from
the facilitator (markets.forms.DecpPublicationForm), and are kept in ``Market.decp_publication`` under their DECP
names. ``missing`` says which ones a contract still lacks before it can be exported (reporting.decp_export).
The vocabularies are those of the schema 2.0.3 (tests/fixtures/decp/schema_decp_v2.0.3.json).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from . import normalise  # (normalise imports this module: read at call time)

MARCHE, CONCESSION = "marche", "concession"


@dataclass(frozen=True)
class Field:
    key: str  # the DECP name, e.g. "formePrix"
    label: str
    kind: str  # "choice", "choices" (a list, wrapped in the DECP as {wrapper: [...]}), "boolean", "count", "amount"
    choices: tuple[str, ...] = ()
    wrapper: str = ""  # for "choices": the inner key ("technique" in {"technique": [...]})
    contracts: tuple[str, ...] = (MARCHE,)


ENVIRONMENTAL = ("Clause environnementale", "Critère environnemental", "Pas de considération environnementale")
FIELDS = (
    Field(
        "techniques",
        "techniques d'achat",
        "choices",
        (
            "Accord-cadre",
            "Concours",
            "Système de qualification",
            "Système d'acquisition dynamique",
            "Catalogue électronique",
            "Enchère électronique",
            "Sans objet",
        ),
        "technique",
    ),
    Field(
        "modalitesExecution",
        "modalités d'exécution",
        "choices",
        ("Tranches", "Bons de commande", "Marchés subséquents", "Sans objet"),
        "modaliteExecution",
    ),
    Field("marcheInnovant", "marché innovant", "boolean"),
    Field(
        "ccag",
        "CCAG de référence",
        "choice",
        (
            "Travaux",
            "Maitrise d'œuvre",
            "Fournitures courantes et services",
            "Marchés industriels",
            "Prestations intellectuelles",
            "Techniques de l'information et de la communication",
            "Pas de CCAG",
        ),
    ),
    Field("offresRecues", "nombre d'offres reçues", "count"),
    Field("attributionAvance", "avance attribuée", "boolean"),
    Field("typeGroupementOperateurs", "type de groupement", "choice", ("Conjoint", "Solidaire", "Pas de groupement")),
    Field(
        "typesPrix",
        "types de prix",
        "choices",
        ("Définitif ferme", "Définitif actualisable", "Définitif révisable", "Provisoire"),
        "typePrix",
    ),
    Field("formePrix", "forme du prix", "choice", ("Unitaire", "Forfaitaire", "Mixte")),
    Field(
        "considerationsEnvironnementales",
        "considérations environnementales",
        "choices",
        ENVIRONMENTAL,
        "considerationEnvironnementale",
        (MARCHE, CONCESSION),
    ),
    Field("montantSubventionPublique", "montant de la subvention publique (€)", "amount", contracts=(CONCESSION,)),
)


def kind_of(contract_type: str) -> str:
    """The DECP object a contract is published as: a concession contract, or a marché (the other types)."""
    return CONCESSION if contract_type == "concession" else MARCHE


def fields_of(kind: str) -> tuple[Field, ...]:
    return tuple(field for field in FIELDS if kind in field.contracts)


def with_facts(values: dict, contract_type: str, holders: int) -> dict:
    """The kept values with what Levier knows itself: a framework agreement's technique, a single holder's
    absence of grouping."""
    values = dict(values)
    if contract_type == "accord_cadre" and not values.get("techniques"):
        values["techniques"] = ["Accord-cadre"]
    if holders == 1 and not values.get("typeGroupementOperateurs"):
        values["typeGroupementOperateurs"] = "Pas de groupement"
    return values


def value_of(field: Field, raw: Any):
    """The value of a field as Levier keeps it (a list of choices, a choice, a boolean, a number), or None when the
    published one is absent or outside the schema's vocabulary."""
    if field.kind == "choices":
        values = [value for value in normalise.as_list(raw, field.wrapper) if isinstance(value, str)]
        chosen = [choice for choice in field.choices if choice in values]
        return chosen if chosen and len(chosen) == len(set(values)) else None
    if field.kind == "choice":
        return raw if isinstance(raw, str) and raw in field.choices else None
    if field.kind == "boolean":
        return normalise.parse_bool(raw)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number < (1 if field.kind == "count" else 0) or number > 10**12:
        return None
    if field.kind == "count":
        return int(number) if number == number.to_integral_value() else None
    return float(number)


def values_of(raw: dict, kind: str) -> dict:
    """The fields of an imported DECP record that Levier keeps for the export, those it can read only."""
    values = {field.key: value_of(field, raw.get(field.key)) for field in fields_of(kind)}
    return {key: value for key, value in values.items() if value is not None}


def missing(values: dict, kind: str) -> list[str]:
    """The labels of the fields a contract of this kind still lacks for its DECP publication."""
    return [field.label for field in fields_of(kind) if values.get(field.key) is None]


def as_decp(field: Field, value):
    """A kept value as the DECP writes it (lists of choices wrapped: {"technique": [...]})."""
    return {field.wrapper: value} if field.kind == "choices" else value
