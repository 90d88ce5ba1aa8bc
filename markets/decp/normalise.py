"""Normalisation of raw DECP records into ``DecpRecord`` (pure, no database).

``normalise(kind, raw)`` takes one ``(kind, raw)`` pair from ``reader.iter_records`` and returns a
frozen ``DecpRecord`` or raises ``RejectedRecord`` whose ``reason`` is a French sentence meant for
the import report.

Real files are messy; the helpers below each absorb one family of quirks:

* ``as_list``: wrapped arrays (``[{"titulaire": {...}}]``, ``{"considerationSociale": [...]}``)
  and flat ones (``[{...}]``, ``[...]``), single objects and single values;
* ``parse_decimal`` / ``parse_int``: ``"NC"``, ``""``, ``None`` -> ``None``; French decimal comma;
* ``parse_bool``: ``"oui"``/``"non"``/``"true"``/``"false"``/``"1"``/``"0"``/bool;
* ``parse_date``: ``"YYYY-MM-DD"`` with an optional time and/or timezone suffix;
* ``parse_considerations``: wrapped, flat or comma-joined social considerations.

Schema 2.0 quirk: a marché's ``nature`` is its legal form ("Marché", "Marché de partenariat"...),
not works/supplies/services as in schema 1.x. ``DecpRecord.nature`` is therefore taken from a 1.x
value when there is one, else derived from the CPV division (45 = travaux, 03-44 and 48 =
fournitures, 49-98 = services); the value as published is kept in ``raw_nature``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

from stdnum.fr import siret as stdnum_siret

from partners.text import is_ascii_digits

from . import publication

__all__ = [
    "DEFENCE_OR_SECURITY",
    "MAX_AMOUNT",
    "SOCIAL_CONSIDERATIONS",
    "DecpContractor",
    "DecpModification",
    "DecpRecord",
    "RejectedRecord",
    "as_list",
    "normalise",
    "parse_bool",
    "parse_considerations",
    "parse_date",
    "parse_decimal",
    "parse_int",
]

MAX_MAGNITUDE = 30  # powers of ten: a number beyond 10**30 (or below 10**-30) is no amount, duration or id
MAX_AMOUNT = Decimal("1e11")  # 100 billion euros: anything above is a typo (1e17 occurs)

CLAUSE_SOCIALE = "Clause sociale"
CRITERE_SOCIAL = "Critère social"
MARCHE_RESERVE = "Marché réservé"
PAS_DE_CONSIDERATION = "Pas de considération sociale"
# The schema's ``nature`` of a defence or security contract (schema 2.0.3, marché)
DEFENCE_OR_SECURITY = "Marché de défense ou de sécurité"
SOCIAL_CONSIDERATIONS = (CLAUSE_SOCIALE, CRITERE_SOCIAL, MARCHE_RESERVE, PAS_DE_CONSIDERATION)

NC_VALUES = {"", "nc", "n/c", "n.c.", "na", "n/a", "null", "none", "-"}
TRUE_VALUES = {"oui", "o", "true", "vrai", "1", "yes", "y"}
FALSE_VALUES = {"non", "n", "false", "faux", "0", "no"}

_CPV_RE = re.compile(r"^\d{8}(-\d)?$", re.ASCII)
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$", re.ASCII)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Comparison key: no accents, no case, single spaces, typographic apostrophes folded."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


_CONSIDERATION_KEYS = {_key(v): v for v in SOCIAL_CONSIDERATIONS}
# the concession schema says "Concession réservée" where the marché schema says "Marché réservé"
_CONSIDERATION_KEYS[_key("Concession réservée")] = MARCHE_RESERVE

_MARCHE_NATURES = {"travaux": "travaux", "fournitures": "fournitures", "services": "services"}
_CONCESSION_NATURES = {
    _key("Concession de travaux"): "travaux",
    _key("Concession de service"): "services",
    _key("Concession de services"): "services",
    _key("Concession de service public"): "services",
    _key("Délégation de service public"): "services",
}


class RejectedRecord(Exception):
    """The record cannot be imported; ``reason`` is a French sentence for the import report."""

    def __init__(self, reason: str, uid: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.uid = uid  # the record's ``id`` when it could be read, else ""


class DecpContractor(NamedTuple):
    """A titulaire / concessionnaire. ``valid`` is False for a "SIRET" that fails the checksum."""

    id: str
    id_type: str
    valid: bool


@dataclass(frozen=True)
class DecpModification:
    id: str
    date: date | None  # notification (marché) / signature (concession), else publication date
    amount: Decimal | None  # montant (marché) / valeurGlobale (concession) after this modification
    duration_months: int | None


@dataclass(frozen=True)
class DecpRecord:
    kind: str  # "marche" | "concession"
    uid: str  # DECP ``id``
    buyer_siret: str  # acheteur.id / autoriteConcedante.id, a valid SIRET
    buyer_name: str
    object: str
    nature: str  # "travaux" | "fournitures" | "services" | "" (unknown)
    raw_nature: str  # as published, e.g. "Marché", "Concession de travaux"
    procedure: str
    cpv: str  # "45000000-7" or "45000000", "" when missing or malformed
    amount: Decimal | None  # after the last modification giving an amount
    initial_amount: Decimal | None
    duration_months: int | None  # after the last modification giving a duration
    initial_duration_months: int | None
    notification_date: date  # dateNotification (marché) / dateSignature (concession)
    place_postcode: str
    contractors: tuple[DecpContractor, ...]
    social_considerations: frozenset[str]
    modifications: tuple[DecpModification, ...]
    publication: dict = field(default_factory=dict)  # markets.decp.publication: the fields Levier keeps as published

    @property
    def defence_or_security(self) -> bool:
        """Published as « Marché de défense ou de sécurité » (then outside the Climat et Résilience obligation)."""
        return self.kind == "marche" and _key(self.raw_nature) == _key(DEFENCE_OR_SECURITY)


# --------------------------------------------------------------------------- small pure parsers


def as_list(value: Any, wrapper: str | None = None) -> list[Any]:
    """Flatten DECP arrays: wrapped (``[{wrapper: x}]``, ``{wrapper: [...]}``) or flat forms.

    ``None`` -> ``[]``; a single object or value -> ``[value]``.
    """
    if value is None:
        return []
    if isinstance(value, dict):
        if wrapper is not None and wrapper in value:
            return as_list(value[wrapper])
        return [value]
    if isinstance(value, list | tuple):
        items: list[Any] = []
        for item in value:
            if wrapper is not None and isinstance(item, dict) and wrapper in item:
                items.extend(as_list(item[wrapper]))
            elif item is not None:
                items.append(item)
        return items
    return [value]


def _is_nc(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().casefold() in NC_VALUES)


def parse_decimal(value: Any) -> Decimal | None:
    """Decimal from int/Decimal/float/str; ``None`` for "NC", "" and None.

    Accepts "1 234,56" (French). Raises ``ValueError`` when the value is not a finite number.
    """
    if _is_nc(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"pas un nombre : {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.removesuffix("€").replace(",", ".")
        if len(text) > 60:
            raise ValueError(f"pas un nombre : {value[:40]!r}…")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"pas un nombre : {value!r}") from None
    else:
        raise ValueError(f"pas un nombre : {value!r}")
    if not result.is_finite():
        raise ValueError(f"pas un nombre : {value!r}")
    if result and abs(result.adjusted()) > MAX_MAGNITUDE:  # 1e1000000 would cost seconds once made an integer
        raise ValueError(f"nombre hors limites : {str(value)[:40]!r}")
    return result


def parse_int(value: Any) -> int | None:
    """Integer (e.g. a number of months); ``None`` for "NC", "" and None; rounds 12.5 -> 13."""
    number = parse_decimal(value)
    if number is None:
        return None
    return int(number.to_integral_value(rounding=ROUND_HALF_UP))


def parse_bool(value: Any) -> bool | None:
    """True/False from bool, 1/0 and "oui"/"non"/"true"/"false"/"1"/"0"; None when unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
    return None


def parse_date(value: Any) -> date | None:
    """``date`` from "YYYY-MM-DD", tolerating "+01:00"/"Z" and "T10:00:00" suffixes.

    ``None`` for a missing value; raises ``ValueError`` for anything else unreadable.
    """
    if _is_nc(value):
        return None
    if isinstance(value, date):
        return value
    match = _DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"date illisible : {value!r}")
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day)  # ValueError for 2024-02-30


def parse_considerations(value: Any) -> frozenset[str]:
    """Social considerations from ``{"considerationSociale": [...]}``, a list or "A, B".

    Unknown values are ignored; "Pas de considération sociale" is dropped when another value is
    present.
    """
    found: set[str] = set()
    for item in as_list(value, "considerationSociale"):
        if not isinstance(item, str):
            continue
        for part in re.split(r"[,;|]", item):
            known = _CONSIDERATION_KEYS.get(_key(part))
            if known:
                found.add(known)
    if len(found) > 1:
        found.discard(PAS_DE_CONSIDERATION)
    return frozenset(found)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and abs(value.adjusted()) <= MAX_MAGNITUDE and value == value.to_integral_value():
        value = int(value)
    return " ".join(str(value).split())


def _identifier(value: Any) -> str:
    """An identifier (SIRET...) as digits/letters without spaces; numbers published as numbers."""
    return _text(value).replace(" ", "")


# --------------------------------------------------------------------------- record parts


@lru_cache(maxsize=65536)  # buyers and contractors repeat a lot across a national file
def _siret_is_valid(value: str) -> bool:
    return stdnum_siret.is_valid(value)


def _amount(value: Any, uid: str) -> Decimal | None:
    try:
        amount = parse_decimal(value)
    except ValueError:
        raise RejectedRecord(f"Montant illisible : {value!r}", uid) from None
    if amount is not None and (amount < 0 or amount > MAX_AMOUNT):
        raise RejectedRecord(f"Montant aberrant : {amount} €", uid)
    return amount


def _duration(value: Any, uid: str) -> int | None:
    try:
        months = parse_int(value)
    except ValueError:
        raise RejectedRecord(f"Durée illisible : {value!r}", uid) from None
    if months is not None and months < 0:
        raise RejectedRecord(f"Durée aberrante : {months} mois", uid)
    return months


def _nature(kind: str, raw_nature: str, cpv: str) -> str:
    if kind == "concession":
        return _CONCESSION_NATURES.get(_key(raw_nature), "")
    explicit = _MARCHE_NATURES.get(_key(raw_nature))
    if explicit:
        return explicit
    if not cpv:
        return ""
    division = int(cpv[:2])
    if division == 45:
        return "travaux"
    if 3 <= division <= 44 or division == 48:
        return "fournitures"
    if 49 <= division <= 98:
        return "services"
    return ""


def _contractors(values: Iterable[Any]) -> tuple[DecpContractor, ...]:
    contractors = []
    seen = set()
    for item in values:
        if not isinstance(item, dict):
            continue
        ident = _identifier(item.get("id"))
        id_type = _text(item.get("typeIdentifiant")).upper() or "SIRET"
        valid = _siret_is_valid(ident) if id_type == "SIRET" else bool(ident)
        if (ident, id_type) in seen:
            continue
        seen.add((ident, id_type))
        contractors.append(DecpContractor(ident, id_type, valid))
    return tuple(contractors)


def _modification_sort_key(modification: DecpModification) -> tuple:
    if is_ascii_digits(modification.id):  # not str.isdigit: int("²") fails
        return (0, int(modification.id), "")
    return (1, 0, modification.id)


def _modifications(kind: str, raw: dict, uid: str) -> tuple[DecpModification, ...]:
    amount_key = "valeurGlobale" if kind == "concession" else "montant"
    date_key = "dateSignatureModification" if kind == "concession" else "dateNotificationModification"
    modifications = []
    for position, item in enumerate(as_list(raw.get("modifications"), "modification"), start=1):
        if not isinstance(item, dict):
            continue
        when = None
        for key in (date_key, "dateNotificationModification", "datePublicationDonneesModification"):
            try:
                when = parse_date(item.get(key))
            except ValueError:
                when = None  # a bad modification date does not invalidate the contract
            if when is not None:
                break
        amount_value = item.get(amount_key, item.get("montant"))
        modifications.append(
            DecpModification(
                id=_text(item.get("id")) or str(position),
                date=when,
                amount=_amount(amount_value, uid),
                duration_months=_duration(item.get("dureeMois"), uid),
            )
        )
    return tuple(sorted(modifications, key=_modification_sort_key))


# --------------------------------------------------------------------------- entry point


def normalise(kind: str, raw: Any) -> DecpRecord:
    """Turn one raw DECP record into a ``DecpRecord`` or raise ``RejectedRecord``."""
    if kind not in ("marche", "concession"):
        raise ValueError(f"unknown kind {kind!r}")
    if not isinstance(raw, dict):
        raise RejectedRecord("L'enregistrement n'est pas un objet JSON.")
    uid = _text(raw.get("id"))
    if not uid:
        raise RejectedRecord("Identifiant (« id ») absent.")
    is_concession = kind == "concession"

    buyer = raw.get("autoriteConcedante" if is_concession else "acheteur")
    if not isinstance(buyer, dict):
        buyer = {"id": buyer} if isinstance(buyer, str | int) else {}
    buyer_siret = _identifier(buyer.get("id"))
    if not _siret_is_valid(buyer_siret):
        raise RejectedRecord(f"SIRET de l'acheteur invalide : {buyer_siret or '(absent)'}", uid)

    date_key = "dateSignature" if is_concession else "dateNotification"
    try:
        notification_date = parse_date(raw.get(date_key))
    except ValueError:
        raise RejectedRecord(f"Date de notification invalide : {raw.get(date_key)!r}", uid) from None
    if notification_date is None:
        raise RejectedRecord(f"Date de notification absente (« {date_key} »).", uid)

    cpv = _identifier(raw.get("codeCPV"))
    if not _CPV_RE.match(cpv):
        cpv = ""
    raw_nature = _text(raw.get("nature"))

    initial_amount = _amount(raw.get("valeurGlobale" if is_concession else "montant"), uid)
    initial_duration = _duration(raw.get("dureeMois"), uid)
    modifications = _modifications(kind, raw, uid)
    amount, duration = initial_amount, initial_duration
    for modification in modifications:
        if modification.amount is not None:
            amount = modification.amount
        if modification.duration_months is not None:
            duration = modification.duration_months

    place = raw.get("lieuExecution")
    place_postcode = ""
    if isinstance(place, dict) and _key(_text(place.get("typeCode"))) == "code postal":
        place_postcode = _identifier(place.get("code"))

    contractor_key = "concessionnaires" if is_concession else "titulaires"
    contractor_wrapper = "concessionnaire" if is_concession else "titulaire"

    return DecpRecord(
        kind=kind,
        uid=uid,
        buyer_siret=buyer_siret,
        buyer_name=_text(buyer.get("nom")),
        object=_text(raw.get("objet")),
        nature=_nature(kind, raw_nature, cpv),
        raw_nature=raw_nature,
        procedure=_text(raw.get("procedure")),
        cpv=cpv,
        amount=amount,
        initial_amount=initial_amount,
        duration_months=duration,
        initial_duration_months=initial_duration,
        notification_date=notification_date,
        place_postcode=place_postcode,
        contractors=_contractors(as_list(raw.get(contractor_key), contractor_wrapper)),
        social_considerations=parse_considerations(raw.get("considerationsSociales")),
        modifications=modifications,
        publication=publication.values_of(raw, kind),
    )
