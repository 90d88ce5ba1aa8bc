"""Where a consideration stands: pure functions over plain values, tested without a database.

done      = realised ÷ target
elapsed   = days since the start ÷ days from start to end (0 before the start, 1 after the end)
forecast  = realised ÷ elapsed: the linear projection of the pace so far at the end date
status    = achieved when realised ≥ target; shortfall once the end date has passed without it; otherwise on
            track when the forecast reaches the target (or nothing is due yet), late if not; none without dates.
            Before its end, a contract with no contractor or no start date yet is « pas encore commencé »
            instead of late or on track: nobody can be late before a company has started. After the end, a
            shortfall stands (the target is not met; the facilitator decides on the penalty).
penalty   = missing units × penalty per unit (calculations.penalty_amount), on a shortfall only
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from clauses.calculations import penalty_amount

from .enums import ProgressStatus

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Progress:
    target: Decimal | None
    realised: Decimal | None
    done: Decimal | None  # fraction of the target realised
    elapsed: Decimal | None  # fraction of the contract's time elapsed
    forecast: Decimal | None  # realised units expected at the end date at the current pace
    status: ProgressStatus | None  # None: no figure target or no realised measure for this unit
    missing: Decimal | None
    penalty: Decimal | None  # only on a shortfall, when the contract sets a penalty per unit


def fraction_done(target, realised) -> Decimal | None:
    if target is None or realised is None or target <= 0:
        return None
    return Decimal(realised) / Decimal(target)


def fraction_elapsed(start: date | None, end: date | None, today: date) -> Decimal | None:
    if start is None or end is None:
        return None
    if today <= start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    return Decimal((today - start).days) / Decimal((end - start).days)


def linear_forecast(realised, elapsed) -> Decimal | None:
    if realised is None or not elapsed:
        return None
    return (Decimal(realised) / elapsed).quantize(CENT, rounding=ROUND_HALF_UP)


def progress_status(target, realised, forecast, elapsed, ended: bool, started: bool = True) -> ProgressStatus | None:
    if target is None or realised is None:
        return None
    if realised >= target:
        return ProgressStatus.ACHIEVED
    if ended:
        status = ProgressStatus.SHORTFALL
    elif elapsed is None:
        return None  # no dates: nothing to judge
    elif elapsed == 0 or (forecast is not None and forecast >= target):
        status = ProgressStatus.ON_TRACK
    else:
        status = ProgressStatus.LATE
    return ProgressStatus.NOT_STARTED if not started and status != ProgressStatus.SHORTFALL else status


def compute_progress(target, realised, start, end, today, penalty_per_unit=None, has_contractor=True) -> Progress:
    """``has_contractor``: the contract (or the consideration's lot) has a company to carry it out."""
    elapsed = fraction_elapsed(start, end, today)
    forecast = linear_forecast(realised, elapsed)
    ended = end is not None and today > end
    started = has_contractor and start is not None
    status = progress_status(target, realised, forecast, elapsed, ended, started)
    counted = status is not None and status != ProgressStatus.NOT_STARTED
    missing = max(Decimal(target) - Decimal(realised), Decimal(0)) if counted else None
    penalty = None
    if status == ProgressStatus.SHORTFALL and penalty_per_unit is not None:
        penalty = penalty_amount(target, realised, penalty_per_unit)
    return Progress(target, realised, fraction_done(target, realised), elapsed, forecast, status, missing, penalty)


def consideration_progress(consideration, today: date) -> Progress:
    """Progress of a consideration annotated by `with_realised()` (its market loaded, ``has_contractor`` annotated):
    its own dates, or its contract's execution dates."""
    market = consideration.market
    return compute_progress(
        consideration.target,
        consideration.realised_units,
        consideration.start_date or market.start_date,
        consideration.end_date or market.end_date,
        today,
        consideration.penalty_per_unit,
        has_contractor=getattr(consideration, "has_contractor", True),
    )


def evaluation_due_year(today: date) -> int:
    """The latest year whose progress-plan evaluation is due: a year is evaluated from its 1st of December."""
    return today.year if today.month == 12 else today.year - 1
