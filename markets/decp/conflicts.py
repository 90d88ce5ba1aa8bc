"""A DECP record that differs from a contract typed in Levier is held, not applied (markets.models.DecpConflict):
the values it would write, their differences field by field, and the facilitator's choice per contract.

``held_values`` turns the importer's values into JSON and back; ``differences`` says what would change (the field's
label, the contract's value, the DECP's, each as a page shows it); ``resolve`` applies the choices in one
transaction: « take » writes the DECP's values with a history version (author, « import DECP : valeurs DECP
retenues ») and the status change, « keep » records who kept the contract's values (the same values are not asked
again by a later import).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone

from markets.models import DecpConflict, Market, StatusChange

TAKE, KEEP = "decp", "saisie"
TAKEN_REASON = "import DECP : valeurs DECP retenues"


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    mine: str
    decp: str


def encode(values: dict) -> dict:
    """The values as JSON: amounts and dates as text."""
    return {
        name: str(value) if isinstance(value, Decimal) else value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


def decode(values: dict) -> dict:
    return {name: Market._meta.get_field(name).to_python(value) for name, value in values.items()}


def shown(market: Market, name: str, value) -> str:
    """A value as the pages show it: the label of a choice, a French date or amount, « (vide) »."""
    field = Market._meta.get_field(name)
    if value in (None, "", {}):
        return "(vide)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True) + " €"
    if isinstance(value, dict):
        return " ; ".join(f"{key} : {item}" for key, item in sorted(value.items()))
    return str(value)


def differences(market: Market, values: dict) -> list[Difference]:
    """What the DECP values (decoded) would change in the contract, field by field, in the model's order."""
    return [
        Difference(
            name,
            str(Market._meta.get_field(name).verbose_name),
            shown(market, name, getattr(market, name)),
            shown(market, name, values[name]),
        )
        for name in values
        if getattr(market, name) != values[name]
    ]


def pending(user):
    """The contracts held for ``user``'s territories, with their differences (two queries)."""
    conflicts = (
        DecpConflict.objects.filter(kept_at__isnull=True, market__in=Market.objects.visible_to(user))
        .select_related("market__buyer", "imported_by")
        .order_by("market__buyer__name", "market__reference", "pk")
    )
    return [(conflict, differences(conflict.market, decode(conflict.values))) for conflict in conflicts]


@transaction.atomic
def resolve(choices: dict[int, str], user) -> tuple[int, int]:
    """Applies the choices (conflict id → TAKE or KEEP) among the conflicts ``user`` sees; returns (taken, kept)."""
    conflicts = (
        DecpConflict.objects.filter(pk__in=choices, kept_at__isnull=True, market__in=Market.objects.visible_to(user))
        .select_related("market")
        .select_for_update(of=("self", "market"))
    )
    taken = kept = 0
    now = timezone.now()
    for conflict in conflicts:
        market = conflict.market
        if choices[conflict.pk] == TAKE:
            values = decode(conflict.values)
            if values["status"] != market.status:
                StatusChange.objects.create(
                    market=market, old_status=market.status, new_status=values["status"], changed_by=user
                )
            for name, value in values.items():
                setattr(market, name, value)
            market._change_reason, market._history_user = TAKEN_REASON, user
            market.save()
            conflict.delete()
            taken += 1
        else:
            conflict.kept_at, conflict.kept_by = now, user
            conflict.save(update_fields=["kept_at", "kept_by"])
            kept += 1
    return taken, kept
