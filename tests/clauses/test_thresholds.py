from datetime import date, timedelta
from decimal import Decimal

import pytest

from clauses.thresholds import (
    BUYER_CATEGORIES,
    CLIMAT_RESILIENCE_START,
    DEFAULT_THRESHOLDS,
    Threshold,
    applicable_threshold,
    climate_resilience_flag,
)

AFTER_START = date(2026, 9, 1)
DAY = timedelta(days=1)


def flag(amount, nature="services", buyer_category="collectivite", consultation_start=AFTER_START, **kwargs):
    options = {
        "has_social_execution_condition": False,
        "exemption_reason": "",
        "thresholds": DEFAULT_THRESHOLDS,
        **kwargs,
    }
    return climate_resilience_flag(amount, nature, buyer_category, consultation_start, **options)


@pytest.mark.parametrize(
    ("nature", "buyer_category", "on_date", "amount"),
    [
        ("travaux", "etat", date(2025, 12, 31), 5_538_000),
        ("travaux", "bailleur_social", date(2026, 1, 1), 5_404_000),
        ("fournitures", "etat", date(2024, 1, 1), 143_000),
        ("services", "etat", date(2026, 1, 1), 140_000),
        ("services", "collectivite", date(2025, 6, 1), 221_000),
        ("fournitures", "etablissement_public", date(2027, 12, 31), 216_000),
        ("services", "autre", date(2026, 8, 22), 216_000),
    ],
)
def test_default_thresholds(nature, buyer_category, on_date, amount):
    threshold = applicable_threshold(DEFAULT_THRESHOLDS, nature, buyer_category, on_date)
    assert threshold.amount == Decimal(amount)


def test_default_thresholds_cover_every_nature_and_category_once_per_period():
    assert len(DEFAULT_THRESHOLDS) == 2 * 3 * len(BUYER_CATEGORIES)
    assert len(set(DEFAULT_THRESHOLDS)) == len(DEFAULT_THRESHOLDS)


def test_no_threshold_outside_known_periods_or_for_unknown_category():
    assert applicable_threshold(DEFAULT_THRESHOLDS, "services", "etat", date(2023, 12, 31)) is None
    assert applicable_threshold(DEFAULT_THRESHOLDS, "services", "etat", date(2028, 1, 1)) is None
    assert applicable_threshold(DEFAULT_THRESHOLDS, "services", "defense", date(2026, 1, 1)) is None


def test_open_ended_threshold_and_latest_start_wins():
    old = Threshold(date(2024, 1, 1), None, "services", "etat", Decimal("1"))
    new = Threshold(date(2026, 1, 1), None, "services", "etat", Decimal("2"))
    assert applicable_threshold([new, old], "services", "etat", date(2025, 1, 1)) == old
    assert applicable_threshold([old, new], "services", "etat", date(2030, 1, 1)) == new


def test_flag_at_threshold_counts_as_above():
    assert flag(Decimal("216000")) is True
    assert flag(Decimal("215999.99")) is False


@pytest.mark.parametrize(
    ("nature", "buyer_category", "threshold"),
    [
        ("travaux", "collectivite", 5_404_000),
        ("services", "etat", 140_000),
        ("fournitures", "autre", 216_000),
    ],
)
def test_flag_on_both_sides_of_each_threshold(nature, buyer_category, threshold):
    assert flag(threshold, nature, buyer_category) is True
    assert flag(threshold - 1, nature, buyer_category) is False


def test_flag_on_both_sides_of_22_august_2026():
    assert flag(500_000, consultation_start=CLIMAT_RESILIENCE_START) is True
    assert flag(500_000, consultation_start=CLIMAT_RESILIENCE_START - DAY) is False


def test_threshold_is_chosen_at_consultation_start():
    # 218 000 € dépasse le seuil 2026-2027 (216 000 €) mais pas un seuil fictif de 220 000 € dès 2028.
    from_2028 = Threshold(date(2028, 1, 1), None, "services", "collectivite", Decimal(220_000))
    thresholds = [*DEFAULT_THRESHOLDS, from_2028]
    assert flag(218_000, consultation_start=date(2027, 12, 31), thresholds=thresholds) is True
    assert flag(218_000, consultation_start=date(2028, 1, 1), thresholds=thresholds) is False


def test_no_flag_with_social_execution_condition():
    assert flag(500_000, has_social_execution_condition=True) is False


def test_no_flag_with_recorded_exemption_reason():
    assert flag(500_000, exemption_reason="Absence de lien suffisant avec l'objet du marché") is False
    assert flag(500_000, exemption_reason="   ") is True
    assert flag(500_000, exemption_reason=None) is True


def test_no_flag_without_consultation_start_amount_or_threshold():
    assert flag(500_000, consultation_start=None) is False
    assert flag(None) is False
    assert flag(500_000, thresholds=[]) is False
