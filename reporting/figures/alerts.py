"""What needs the facilitator's attention: each alert is one query."""

from datetime import date

from django.db.models import Q

from clauses.enums import ConsiderationStatus, ProgressStatus
from clauses.models import ProgressPlanEntry
from clauses.progress import consideration_progress
from clauses.queries import climate_flagged, with_social_consideration
from markets.enums import Status

from .followup import considerations_with_realised

LIMIT = 10


def climate_alerts(markets):
    """Contracts above the EU threshold without a social execution condition (Climat et Résilience)."""
    return climate_flagged(markets.select_related("buyer")).order_by("publication_date", "pk")[:LIMIT]


def awaiting_review(markets):
    """Contracts scheduled or in preparation without any social consideration nor a dismissed recommendation."""
    return (
        with_social_consideration(markets.select_related("buyer"))
        .filter(status__in=Status.under_review(), has_social_consideration=False)
        .filter(~Q(dismissals__isnull=False))
        .order_by("publication_date", "pk")[:LIMIT]
    )


def behind(markets, today: date) -> list[tuple]:
    """(consideration, progress) of the retained or running considerations late or in shortfall
    (clauses.progress: the pace so far does not reach the target at the end date, or the end has passed)."""
    running = considerations_with_realised(markets).filter(
        target__isnull=False, status__in=[ConsiderationStatus.RETAINED, ConsiderationStatus.IN_PROGRESS])
    rows = [(consideration, consideration_progress(consideration, today)) for consideration in running]
    return [(c, p) for c, p in rows if p.status in (ProgressStatus.LATE, ProgressStatus.SHORTFALL)]


def evaluations_due(markets, today: date):
    """Progress-plan years whose evaluation is due and not recorded."""
    return (ProgressPlanEntry.objects.evaluation_due(today).filter(consideration__market__in=markets)
            .select_related("consideration__market").order_by("year", "pk")[:LIMIT])
