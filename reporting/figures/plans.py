"""The actuals of an action plan's indicators, computed from the contracts the plan covers."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from clauses.enums import Kind
from followup.models import RealisedAction
from plans.enums import Metric

from . import followup
from . import markets as market_figures


def metric_values(plan) -> dict[str, Decimal | int]:
    """Every computed metric of the plan, in a fixed number of queries."""
    markets = plan.markets()
    considerations = (
        market_figures.considerations_of(markets)
        .order_by()
        .aggregate(
            count=Count("pk"),
            contracts=Count("market", distinct=True),
            diversified=Count("pk", filter=~Q(kind=Kind.INSERTION_HOURS)),
            progress_plans=Count("pk", filter=Q(kind=Kind.PROGRESS_PLAN)),
            hours=Sum("target", filter=Q(kind=Kind.INSERTION_HOURS)),
        )
    )
    actions = (
        RealisedAction.objects.filter(consideration__market__in=markets)
        .order_by()
        .aggregate(count=Count("pk"), people=Sum("people_reached"))
    )
    return {
        Metric.CONTRACTS: markets.count(),
        Metric.CONTRACTS_WITH_CONSIDERATION: considerations["contracts"],
        Metric.CONSIDERATIONS: considerations["count"],
        Metric.DIVERSIFIED: considerations["diversified"],
        Metric.PROGRESS_PLANS: considerations["progress_plans"],
        Metric.HOURS_TARGET: considerations["hours"] or 0,
        Metric.HOURS_REALISED: followup.hours(markets, plan.start_date.year)["total"],
        Metric.ACTIONS: actions["count"],
        Metric.PEOPLE_REACHED: actions["people"] or 0,
        Metric.PARTICIPANTS: followup.participants(markets).count(),
    }


def indicators(plan) -> list[dict]:
    """Each indicator with its actual: computed, or typed in for a manual one."""
    rows = list(plan.indicators.all())
    values = metric_values(plan) if any(row.metric != Metric.MANUAL for row in rows) else {}
    return [
        {
            "indicator": row,
            "actual": row.manual_actual if row.metric == Metric.MANUAL else values[row.metric],
            "share": market_figures.percent(
                row.manual_actual if row.metric == Metric.MANUAL else values[row.metric], row.target
            ),
        }
        for row in rows
    ]
