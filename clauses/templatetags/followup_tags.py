"""The contract page's "Réalisation" section and the follow-up filters, without markets importing clauses."""

from django import template
from django.utils import timezone

from ..enums import Modality, ProgressStatus
from ..models import Consideration
from ..progress import consideration_progress

register = template.Library()

BADGES = {
    ProgressStatus.ACHIEVED: "text-bg-success",
    ProgressStatus.ON_TRACK: "text-bg-primary",
    ProgressStatus.LATE: "text-bg-warning",
    ProgressStatus.SHORTFALL: "text-bg-danger",
}


@register.inclusion_tag("clauses/followup/includes/market_progress.html")
def market_progress(market):
    """Target vs realised per consideration of the contract: one query whatever their number (counts only)."""
    considerations = list(Consideration.objects.filter(market=market).with_realised().select_related(
        "lot", "penalty_decision"))
    on = timezone.localdate()
    for consideration in considerations:
        consideration.market = market
    return {"market": market, "rows": [(c, consideration_progress(c, on)) for c in considerations]}


@register.filter
def status_badge(status):
    return BADGES.get(status, "text-bg-light border")


@register.filter
def modality_label(value):
    return Modality(value).label if value else ""
