"""A contract's audit trail (django-simple-history): who changed what and when, each field before → after.

One query per audited model (the contract, its lots, considerations, penalty decisions; for editors also the
actions and hours lines), plus one for the users named in the values and, when hours lines are listed, one for the
participants' codes (people are named by their code, never by their name). Times are the user's (Europe/Paris).
Buyer users read the trail of their
contract, lots, considerations and penalty decisions; the actions and hours lines, which point to participants,
are for facilitators and admins only (see README, « Journal des modifications »).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, localize

from clauses.models import Consideration
from markets.models import Lot, Market
from partners.models import Participant

from .models import PenaltyDecision, RealisedAction, RealisedHours

ACTIONS = {"+": "création", "~": "modification", "-": "suppression"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    date: datetime
    user: str
    kind: str
    label: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _sources(market, with_followup: bool):
    """(historical rows, what they are, how to name one row) for each audited model of the contract."""
    considerations = Consideration.history.filter(market_id=market.pk).values("id")
    sources = [
        (Market.history.filter(id=market.pk), "marché", lambda row: row.reference),
        (Lot.history.filter(market_id=market.pk), "lot", lambda row: f"lot {row.number}"),
        (Consideration.history.filter(market_id=market.pk), "considération", lambda row: row.get_kind_display()),
        (
            PenaltyDecision.history.filter(consideration_id__in=considerations),
            "pénalité",
            lambda row: f"considération n° {row.consideration_id} : {row.instance.get_step_display()}",
        ),
    ]
    if with_followup:
        sources += [
            (
                RealisedAction.history.filter(consideration_id__in=considerations),
                "action",
                lambda row: f"{row.get_action_type_display()} du {row.date:%d/%m/%Y}",
            ),
            (
                RealisedHours.history.filter(consideration_id__in=considerations),
                "heures",
                lambda row: f"{row.month:%m/%Y}, participant {row.participant_code}",
            ),
        ]
    return sources


def _display(model_field, value, users: dict, codes: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "oui" if value else "non"
    if isinstance(model_field, models.ForeignKey):
        if model_field.related_model is get_user_model():
            return users.get(value, f"utilisateur n° {value}")
        if model_field.related_model is Participant:
            return codes.get(value, f"n° {value}")
        return f"n° {value}"
    if isinstance(model_field, models.DateTimeField):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(model_field, models.DateField):
        return date_format(value, "d/m/Y")
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return str(localize(value))


def contract_history(market, with_followup: bool) -> list[Entry]:
    """Every recorded change of the contract and what belongs to it, most recent first."""
    User = get_user_model()
    rows_by_source = []
    user_ids = set()
    for rows, kind, label in _sources(market, with_followup):
        user_fields = [
            f.attname
            for f in rows.model.instance_type._meta.fields
            if isinstance(f, models.ForeignKey) and f.related_model is User
        ]
        rows = list(rows.select_related("history_user").order_by("id", "history_date", "history_id"))
        user_ids.update(getattr(row, name) for row in rows for name in user_fields)
        rows_by_source.append((rows, kind, label))
    user_ids.discard(None)
    users = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    participant_ids = {row.participant_id for rows, kind, _ in rows_by_source if kind == "heures" for row in rows}
    codes = (
        dict(Participant.objects.filter(pk__in=participant_ids).values_list("pk", "reference"))
        if participant_ids
        else {}
    )
    for rows, kind, _ in rows_by_source:
        for row in rows if kind == "heures" else ():
            row.participant_code = codes.get(row.participant_id, f"n° {row.participant_id}")
    entries = []
    for rows, kind, label in rows_by_source:
        previous = None
        for row in rows:
            changes = []
            if previous is not None and previous.id == row.id and row.history_type == "~":
                meta = row.instance_type._meta
                for change in row.diff_against(previous).changes:
                    model_field = meta.get_field(change.field)
                    changes.append(
                        Change(
                            str(model_field.verbose_name),
                            _display(model_field, change.old, users, codes),
                            _display(model_field, change.new, users, codes),
                        )
                    )
            entries.append(
                Entry(
                    row.history_date,
                    str(row.history_user) if row.history_user else "système",
                    kind,
                    label(row),
                    ACTIONS[row.history_type],
                    row.history_change_reason or "",
                    changes,
                )
            )
            previous = row
    return sorted(entries, key=lambda entry: entry.date, reverse=True)
