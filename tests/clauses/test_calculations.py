from decimal import Decimal

import pytest

from clauses.calculations import insertion_hours, penalty_amount


def test_insertion_hours_worked_example():
    assert insertion_hours(Decimal("1000000"), Decimal("0.5"), Decimal("30"), Decimal("0.05")) == 833


@pytest.mark.parametrize("amount", [1_000_000, 1_000_000.0, "1000000", Decimal("1000000.00")])
def test_insertion_hours_accepts_int_float_str_and_decimal(amount):
    assert insertion_hours(amount, "0.5", 30, 0.05) == 833


def test_insertion_hours_rounds_half_up():
    # 1 000 × 1 × 0,05 ÷ 20 = 2,5 h → 3 h
    assert insertion_hours(1_000, 1, 20, "0.05") == 3
    # 1 000 × 1 × 0,049 ÷ 20 = 2,45 h → 2 h
    assert insertion_hours(1_000, 1, 20, "0.049") == 2


def test_insertion_hours_accepts_bounds():
    assert insertion_hours(0, 0, 30, 0) == 0
    assert insertion_hours(3_000, 1, 30, 1) == 100


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((-1, "0.5", 30, "0.05"), "montant HT ne peut pas être négatif"),
        ((1000, "-0.1", 30, "0.05"), "part de main-d'œuvre doit être une fraction"),
        ((1000, "1.5", 30, "0.05"), "part de main-d'œuvre doit être une fraction"),
        ((1000, "0.5", 30, "-0.01"), "taux d'insertion doit être une fraction"),
        ((1000, "0.5", 30, "5"), "taux d'insertion doit être une fraction"),
        ((1000, "0.5", 0, "0.05"), "coût horaire moyen doit être strictement positif"),
        ((1000, "0.5", -30, "0.05"), "coût horaire moyen doit être strictement positif"),
        (("mille", "0.5", 30, "0.05"), "montant HT doit être un nombre"),
        ((None, "0.5", 30, "0.05"), "montant HT doit être un nombre"),
        ((1000, "0.5", "", "0.05"), "coût horaire moyen doit être un nombre"),
        ((1000, True, 30, "0.05"), "part de main-d'œuvre doit être un nombre"),
        ((float("nan"), "0.5", 30, "0.05"), "montant HT doit être un nombre fini"),
    ],
)
def test_insertion_hours_rejects_invalid_input_with_french_message(arguments, message):
    with pytest.raises(ValueError, match=message):
        insertion_hours(*arguments)


def test_penalty_amount_for_missing_hours():
    assert penalty_amount(833, 800, Decimal("50")) == Decimal("1650")


def test_penalty_amount_is_zero_when_target_met_or_exceeded():
    assert penalty_amount(833, 833, 50) == 0
    assert penalty_amount(833, 900, 50) == 0


def test_penalty_amount_keeps_decimal_precision():
    assert penalty_amount("10.5", 10, "0.1") == Decimal("0.05")


@pytest.mark.parametrize("arguments", [(-1, 0, 50), (10, -1, 50), (10, 0, -50), (10, 0, "cinquante")])
def test_penalty_amount_rejects_invalid_input(arguments):
    with pytest.raises(ValueError):
        penalty_amount(*arguments)
