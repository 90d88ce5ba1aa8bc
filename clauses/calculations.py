"""Calculs des clauses sociales : heures d'insertion cibles et pénalités de non-réalisation."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def to_decimal(value, label: str) -> Decimal:
    """Convertit un montant ou une fraction en Decimal, en refusant ce qui n'est pas un nombre fini."""
    if isinstance(value, bool):
        raise ValueError(f"{label} doit être un nombre (valeur reçue : {value!r}).")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{label} doit être un nombre (valeur reçue : {value!r}).") from None
    if not number.is_finite():
        raise ValueError(f"{label} doit être un nombre fini (valeur reçue : {value!r}).")
    return number


def _fraction(value, label: str) -> Decimal:
    number = to_decimal(value, label)
    if not 0 <= number <= 1:
        raise ValueError(f"{label} doit être une fraction entre 0 et 1 (0,5 pour 50 %), reçu : {value}.")
    return number


def _non_negative(value, label: str) -> Decimal:
    number = to_decimal(value, label)
    if number < 0:
        raise ValueError(f"{label} ne peut pas être négatif (reçu : {value}).")
    return number


def insertion_hours(amount_excl_vat, labour_share, hourly_cost, insertion_rate) -> int:
    """Heures d'insertion cibles = montant HT × part de main-d'œuvre × taux d'insertion ÷ coût horaire.

    Arrondi à l'heure la plus proche (demi-heure arrondie au-dessus) :
    1 000 000 € × 0,5 × 0,05 ÷ 30 € = 833 h.
    """
    amount = _non_negative(amount_excl_vat, "Le montant HT")
    share = _fraction(labour_share, "La part de main-d'œuvre")
    rate = _fraction(insertion_rate, "Le taux d'insertion")
    cost = to_decimal(hourly_cost, "Le coût horaire moyen")
    if cost <= 0:
        raise ValueError(f"Le coût horaire moyen doit être strictement positif (reçu : {hourly_cost}).")
    hours = amount * share * rate / cost
    return int(hours.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def penalty_amount(target, realised, amount_per_unit) -> Decimal:
    """Pénalité = unités manquantes (heures, actions…) × montant par unité ; zéro si l'objectif est tenu."""
    missing = _non_negative(target, "L'objectif") - _non_negative(realised, "Le réalisé")
    unit_amount = _non_negative(amount_per_unit, "Le montant de pénalité par unité")
    return max(missing, Decimal(0)) * unit_amount
