"""What needs the facilitator's attention: each alert is one query."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Coalesce

from clauses.enums import ClimateStatus, ConsiderationStatus
from clauses.models import Consideration
from clauses.queries import launched_under_obligation, with_climate_flag
from clauses.thresholds import threshold_key_label
from followup.enums import ProgressStatus
from followup.models import ProgressPlanEntry
from followup.progress import consideration_progress
from markets.enums import Status

from .followup import considerations_with_realised
from .scope import of_markets

LIMIT = 10


def climate_alerts(markets):
    """Contracts at or above their EU threshold without a social execution condition nor an exemption, and those
    whose threshold is unknown (Climat et Résilience, L2112-2-1), with their climate_status."""
    return (
        with_climate_flag(launched_under_obligation(markets.select_related("buyer")))
        .filter(climate_status__in=[ClimateStatus.TO_FIX, ClimateStatus.UNKNOWN_THRESHOLD])
        .order_by("publication_date", "pk")[:LIMIT]
    )


@dataclass(frozen=True)
class MissingThreshold:
    """EU thresholds the reference data lacks: no row of this key covers these contracts' launch dates."""

    purchase: str
    buyer_type: str
    first_date: date
    count: int

    @property
    def label(self) -> str:
        return threshold_key_label(self.purchase, self.buyer_type)


def missing_thresholds(markets) -> list[MissingThreshold]:
    """Per threshold key, the contracts whose threshold is unknown and the first launch date left uncovered."""
    rows = (
        with_climate_flag(launched_under_obligation(markets))
        .filter(climate_status=ClimateStatus.UNKNOWN_THRESHOLD)
        .values("threshold_purchase", "threshold_buyer")
        .annotate(count=Count("pk"), first_date=Min("publication_date"))
        .order_by("first_date", "threshold_purchase", "threshold_buyer")
    )
    return [
        MissingThreshold(row["threshold_purchase"], row["threshold_buyer"], row["first_date"], row["count"])
        for row in rows
    ]


def awaiting_review(markets):
    """Contracts scheduled or in preparation no one has looked at yet: no consideration at all (not even an
    envisaged one) nor a dismissed recommendation."""
    considered = Consideration.objects.active().filter(market=OuterRef("pk"))
    return (
        markets.select_related("buyer")
        .filter(status__in=Status.under_review())
        .filter(~Exists(considered), ~Q(dismissals__isnull=False))
        .order_by("publication_date", "pk")[:LIMIT]
    )


class DayNumber(Func):
    """A date as its number of days since 1 January 2000 (PostgreSQL subtracts two dates into days)."""

    template = "(%(expressions)s - DATE '2000-01-01')"
    output_field = IntegerField()


def behind(markets, today: date) -> list[tuple]:
    """(consideration, progress) of the retained or running considerations late or in shortfall, the first LIMIT.

    The rule of followup.progress, in SQL so that only those rows are read: short of the target and either ended
    (shortfall) or started, with a contractor, and not ended with a linear forecast realised × duration ÷ elapsed
    days that rounds (to the cent, half up) below the target (late)."""
    units = DecimalField(max_digits=20, decimal_places=4)
    running = (
        considerations_with_realised(markets)
        .filter(
            target__isnull=False,
            status__in=[ConsiderationStatus.RETAINED, ConsiderationStatus.IN_PROGRESS],
        )
        .annotate(
            start_day=DayNumber(Coalesce("start_date", "market__start_date")),
            end_day=DayNumber(Coalesce("end_date", "market__end_date")),
            today_day=DayNumber(Value(today, output_field=DateField())),
        )
        .annotate(
            pace=ExpressionWrapper(F("realised_units") * (F("end_day") - F("start_day")), output_field=units),
            due=ExpressionWrapper(
                (F("target") - Value(Decimal("0.005"))) * (F("today_day") - F("start_day")), output_field=units
            ),
        )
        .filter(
            Q(end_day__lt=F("today_day"))
            # without a company, nobody is late yet (« pas encore commencé »)
            | Q(start_day__lt=F("today_day"), end_day__gte=F("today_day"), pace__lt=F("due"), has_contractor=True),
            realised_units__lt=F("target"),
        )
    )
    # The first LIMIT ids in a subquery that reads narrow rows, then those considerations whole (one query).
    first = considerations_with_realised(markets).filter(pk__in=running.values("pk")[:LIMIT])
    rows = [(consideration, consideration_progress(consideration, today)) for consideration in first]
    return [(c, p) for c, p in rows if p.status in (ProgressStatus.LATE, ProgressStatus.SHORTFALL)]


def evaluations_due(markets, today: date):
    """Progress-plan years whose evaluation is due and not recorded."""
    return (
        of_markets(ProgressPlanEntry.objects.evaluation_due(today), markets, "consideration__market")
        .select_related("consideration__market")
        .order_by("year", "pk")[:LIMIT]
    )
