"""The contract page's "Réalisation" section and the follow-up filters, without markets importing clauses."""

from django import template
from django.utils import timezone

from clauses.enums import Modality

from ..enums import ProgressStatus
from ..models import contract_penalty_cap, penalty_procedures, progress_rows

register = template.Library()

BADGES = {
    ProgressStatus.ACHIEVED: "text-bg-success",
    ProgressStatus.ON_TRACK: "text-bg-primary",
    ProgressStatus.LATE: "text-bg-warning",
    ProgressStatus.SHORTFALL: "text-bg-danger",
    ProgressStatus.NOT_STARTED: "text-bg-light border",
}


@register.inclusion_tag("followup/includes/market_progress.html")
def market_progress(market):
    """Target vs realised per consideration of the contract, and its penalties against its cap: one query whatever
    their number (counts only)."""
    rows = progress_rows(market, timezone.localdate())
    return {"market": market, "rows": rows, "penalty_cap": contract_penalty_cap(market, penalty_procedures(rows))}


@register.filter
def status_badge(status):
    return BADGES.get(status, "text-bg-light border")


@register.filter
def modality_label(value):
    return Modality(value).label if value else ""
