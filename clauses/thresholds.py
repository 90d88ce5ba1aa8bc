"""Seuils européens et obligation Climat et Résilience (article L2112-2-1 du code de la commande publique).

Les seuils changent tous les deux ans : ce sont des données de référence datées, conservées en base.
Les fonctions de ce module les reçoivent en argument ; DEFAULT_THRESHOLDS sert à initialiser la base.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clauses.calculations import to_decimal

NATURES = ("travaux", "fournitures", "services")
BUYER_CATEGORIES = ("etat", "collectivite", "bailleur_social", "etablissement_public", "autre")

# Date limite à partir de laquelle tout marché au-dessus des seuils européens porte une condition
# d'exécution sociale, sauf motif d'exemption consigné par l'acheteur.
CLIMAT_RESILIENCE_START = date(2026, 8, 22)


@dataclass(frozen=True)
class Threshold:
    valid_from: date
    valid_until: date | None
    nature: str
    buyer_category: str
    amount: Decimal

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def _period_thresholds(
    valid_from: date, valid_until: date, works: int, central_government: int, other_buyers: int
) -> list[Threshold]:
    """Seuils d'une période : travaux (et concessions) pour tous, fournitures et services selon l'acheteur."""
    thresholds = [
        Threshold(valid_from, valid_until, "travaux", category, Decimal(works)) for category in BUYER_CATEGORIES
    ]
    for nature in ("fournitures", "services"):
        for category in BUYER_CATEGORIES:
            amount = central_government if category == "etat" else other_buyers
            thresholds.append(Threshold(valid_from, valid_until, nature, category, Decimal(amount)))
    return thresholds


# Seuils HT. Les concessions suivent le seuil des travaux. Les entités adjudicatrices (réseaux) et les
# marchés de défense ou de sécurité (443 000 € puis 432 000 €) ne sont pas encore une catégorie d'acheteur.
DEFAULT_THRESHOLDS: tuple[Threshold, ...] = (
    *_period_thresholds(date(2024, 1, 1), date(2025, 12, 31), 5_538_000, 143_000, 221_000),
    *_period_thresholds(date(2026, 1, 1), date(2027, 12, 31), 5_404_000, 140_000, 216_000),
)


def applicable_threshold(
    thresholds: Iterable[Threshold], nature: str, buyer_category: str, on_date: date
) -> Threshold | None:
    """Seuil en vigueur à cette date pour cette nature de marché et cette catégorie d'acheteur."""
    candidates = [
        threshold
        for threshold in thresholds
        if threshold.nature == nature and threshold.buyer_category == buyer_category and threshold.is_valid_on(on_date)
    ]
    return max(candidates, key=lambda threshold: threshold.valid_from, default=None)


def climate_resilience_flag(
    amount,
    nature: str,
    buyer_category: str,
    consultation_start: date | None,
    has_social_execution_condition: bool,
    exemption_reason: str | None,
    thresholds: Iterable[Threshold],
) -> bool:
    """Vrai quand le marché relève de l'obligation Climat et Résilience sans la respecter.

    C'est-à-dire : consultation lancée à partir du 22 août 2026, montant HT au moins égal au seuil
    européen en vigueur au lancement, aucune condition d'exécution sociale et aucun motif d'exemption.
    """
    if consultation_start is None or amount is None or consultation_start < CLIMAT_RESILIENCE_START:
        return False
    if has_social_execution_condition or (exemption_reason or "").strip():
        return False
    threshold = applicable_threshold(thresholds, nature, buyer_category, consultation_start)
    return threshold is not None and to_decimal(amount, "Le montant HT") >= threshold.amount


def threshold_nature(nature: str, contract_type: str) -> str:
    """Concessions follow the works threshold whatever their nature."""
    return "travaux" if contract_type == "concession" else nature
