"""RGPD: what Levier holds on a participant (right of access), and the retention of participants' data.

partners does not import clauses: the hours lines and actions are read through their reverse relations."""

from django.forms.models import model_to_dict

HOURS_FIELDS = (
    "month",
    "consideration__market__reference",
    "consideration__market__object",
    "contractor__organisation__name",
    "hours_worked",
    "modality_detail",
    "counted_hours",
    "eligible",
    "status",
    "declared_at",
    "validated_at",
)
HIRING_FIELDS = ("hired_on", "company__name", "proof_kind", "proof_date", "checked_by__username", "checked_at")
ACTION_FIELDS = ("date", "action_type", "consideration__market__reference", "description")
HISTORY_FIELDS = (
    "history_date",
    "history_type",
    "history_user__username",
    "history_change_reason",
    "reference",
    "first_name",
    "last_name",
    "sex",
    "birth_year",
    "postcode",
    "qpv_resident",
    "prescriber_id",
    "entry_date",
    "exit_outcome",
    "exit_date",
    "notes",
)


def hirings(participant) -> list[dict]:
    """Its hirings (followup.Hiring, through the reverse relation) with the labels of the publics each retained."""
    publics: dict[int, list[str]] = {}
    for pk, label in participant.hirings.filter(categories__isnull=False).values_list("pk", "categories__label"):
        publics.setdefault(pk, []).append(label)
    rows = participant.hirings.order_by("hired_on", "pk").values("pk", *HIRING_FIELDS)
    return [{**row, "publics": sorted(publics.get(row["pk"], []))} for row in rows]


def personal_data(participant) -> dict:
    """Everything held on the participant: the record, its eligible publics and prescriber, its hours lines and
    actions, and the history of changes of the record (who changed what, when)."""
    record = model_to_dict(participant, exclude=["eligible_categories", "prescriber"])
    return {
        "participant": {**record, "created_at": participant.created_at},
        "publics_eligibles": list(participant.eligible_categories.values_list("label", flat=True)),
        "prescripteur": participant.prescriber.name if participant.prescriber else None,
        "heures": list(participant.hours_lines.order_by("month", "pk").values(*HOURS_FIELDS)),
        "embauches": hirings(participant),
        "actions": list(participant.realised_actions.order_by("date", "pk").values(*ACTION_FIELDS)),
        "historique": list(participant.history.order_by("history_date", "history_id").values(*HISTORY_FIELDS)),
    }
