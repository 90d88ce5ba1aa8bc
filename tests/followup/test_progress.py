"""Progress, forecasts and penalties: pure functions, figures computed by hand."""

from datetime import date
from decimal import Decimal

from followup.enums import ProgressStatus
from followup.progress import compute_progress, evaluation_due_year, fraction_elapsed

START, END = date(2026, 1, 1), date(2026, 12, 31)  # 364 days apart
MID = date(2026, 7, 2)  # 182 days after the start: half the time


def test_half_time_elapsed():
    assert fraction_elapsed(START, END, MID) == Decimal("0.5")
    assert fraction_elapsed(START, END, date(2025, 12, 1)) == 0
    assert fraction_elapsed(START, END, date(2027, 3, 1)) == 1
    assert fraction_elapsed(None, END, MID) is None


def test_late_when_the_pace_misses_the_target():
    # 400 h in half the time → 800 h at the end < 1,000 h
    progress = compute_progress(Decimal(1000), Decimal(400), START, END, MID, Decimal(50))
    assert progress.done == Decimal("0.4")
    assert progress.forecast == Decimal("800.00")
    assert progress.status == ProgressStatus.LATE
    assert progress.missing == Decimal(600)
    assert progress.penalty is None  # not before the end


def test_on_track_when_the_pace_reaches_the_target():
    progress = compute_progress(Decimal(1000), Decimal(600), START, END, MID)
    assert progress.forecast == Decimal("1200.00")
    assert progress.status == ProgressStatus.ON_TRACK


def test_achieved_whatever_the_date():
    assert compute_progress(Decimal(1000), Decimal(1000), START, END, MID).status == ProgressStatus.ACHIEVED
    assert compute_progress(Decimal(1000), Decimal(1200), START, END, date(2027, 2, 1)).penalty is None


def test_shortfall_at_the_end_computes_the_penalty():
    # 1,000 h − 700 h = 300 missing hours × 50 € = 15,000 €
    progress = compute_progress(Decimal(1000), Decimal(700), START, END, date(2027, 1, 5), Decimal(50))
    assert progress.status == ProgressStatus.SHORTFALL
    assert progress.missing == Decimal(300)
    assert progress.penalty == Decimal(15000)
    assert progress.forecast == Decimal("700.00")
    assert compute_progress(Decimal(1000), Decimal(700), START, END, date(2027, 1, 5)).penalty is None


def test_before_the_start_nothing_is_late():
    progress = compute_progress(Decimal(1000), Decimal(0), START, END, date(2025, 11, 1))
    assert progress.status == ProgressStatus.ON_TRACK
    assert progress.forecast is None


def test_without_target_or_dates_nothing_is_judged():
    assert compute_progress(None, Decimal(10), START, END, MID).status is None
    assert compute_progress(Decimal(10), None, START, END, MID).status is None
    assert compute_progress(Decimal(10), Decimal(5), None, None, MID).status is None


def test_yearly_evaluation_is_due_from_december():
    assert evaluation_due_year(date(2026, 11, 30)) == 2025
    assert evaluation_due_year(date(2026, 12, 1)) == 2026
