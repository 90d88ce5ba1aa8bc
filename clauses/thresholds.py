"""EU thresholds and the Climat et Résilience obligation (article L2112-2-1 of the code de la commande publique,
L3114-2-1 for concessions, both created by article 35 of loi n° 2021-1104 du 22 août 2021).

From 22 August 2026, a contract whose estimated value is at or above its EU threshold carries a social or
employment execution condition, unless the buyer records one of the reasons of the article. Defence and security
contracts are outside it (their own article, L2312-1-1, leaves the condition optional).

The thresholds change every two years: they are dated reference data in the database (clauses.EuThreshold), one
row per period, purchase kind and buyer type. The functions here receive them as arguments; DEFAULT_THRESHOLDS
seeds the database (clauses.reference_data). clauses.queries.with_climate_flag is the SQL twin of
climate_status; a property test checks that they agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clauses.calculations import to_decimal

from .enums import ClimateStatus, ExemptionReason, ThresholdBuyer, ThresholdPurchase

# Loi n° 2021-1104, art. 35 IV: the obligation applies to the contracts whose consultation is launched (or whose
# contract notice is sent for publication) from this date, at the latest five years after the law's promulgation.
CLIMAT_RESILIENCE_START = date(2026, 8, 22)

MARKET_ARTICLE = "L2112-2-1"
CONCESSION_ARTICLE = "L3114-2-1"


@dataclass(frozen=True)
class Threshold:
    valid_from: date
    valid_until: date | None
    purchase: str  # ThresholdPurchase
    buyer_type: str  # ThresholdBuyer
    amount: Decimal
    source: str = ""

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


def threshold_key_label(purchase: str, buyer_type: str) -> str:
    """« services · autre pouvoir adjudicateur »: the key of a threshold, as the pages and alerts name it."""
    return f"{ThresholdPurchase(purchase).label} · {ThresholdBuyer(buyer_type).label}"


# --- The thresholds of 2024-2025 and 2026-2027, excluding VAT ---------------------------------------------------

CLASSIC_2024 = "règlement délégué (UE) 2023/2495 (directive 2014/24/UE)"
UTILITIES_2024 = "règlement délégué (UE) 2023/2496 (directive 2014/25/UE)"
CONCESSIONS_2024 = "règlement délégué (UE) 2023/2497 (directive 2014/23/UE)"
DEFENCE_2024 = "règlement délégué (UE) 2023/2510 (directive 2009/81/CE)"
CLASSIC_2026 = "règlement délégué (UE) 2025/2152 (directive 2014/24/UE)"
UTILITIES_2026 = "règlement délégué (UE) 2025/2150 (directive 2014/25/UE)"
CONCESSIONS_2026 = "règlement délégué (UE) 2025/2151 (directive 2014/23/UE)"
DEFENCE_2026 = "règlement délégué (UE) 2025/2487 (directive 2009/81/CE)"
# Fixed by the directives themselves, not revised every two years.
SOCIAL_CLASSIC = "directive 2014/24/UE, article 4 d)"
SOCIAL_UTILITIES = "directive 2014/25/UE, article 15 c)"


@dataclass(frozen=True)
class Period:
    valid_from: date
    valid_until: date
    works: int  # works and concessions, for every buyer
    central: int  # supplies and services of the central government authorities
    other: int  # of the other contracting authorities
    utilities: int  # of the contracting entities and of the defence and security contracts
    sources: tuple[str, str, str, str]  # classic, utilities, concessions, defence


def _period_thresholds(period: Period) -> list[Threshold]:
    """The thresholds of a period: works for every buyer type, supplies and services by buyer type, social and
    specific services of the contracting authorities and entities (none for defence: outside the obligation)."""
    classic, utilities, concessions, defence = period.sources
    W, SOC = ThresholdPurchase.WORKS, ThresholdPurchase.SOCIAL_SERVICES
    rows = [
        (W, ThresholdBuyer.CENTRAL, period.works, f"{classic} ; {concessions}"),
        (W, ThresholdBuyer.CONTRACTING_AUTHORITY, period.works, f"{classic} ; {concessions}"),
        (W, ThresholdBuyer.CONTRACTING_ENTITY, period.works, f"{utilities} ; {concessions}"),
        (W, ThresholdBuyer.DEFENCE, period.works, defence),
        (SOC, ThresholdBuyer.CENTRAL, 750_000, SOCIAL_CLASSIC),
        (SOC, ThresholdBuyer.CONTRACTING_AUTHORITY, 750_000, SOCIAL_CLASSIC),
        (SOC, ThresholdBuyer.CONTRACTING_ENTITY, 1_000_000, SOCIAL_UTILITIES),
    ]
    for kind in (ThresholdPurchase.SUPPLIES, ThresholdPurchase.SERVICES):
        rows += [
            (kind, ThresholdBuyer.CENTRAL, period.central, classic),
            (kind, ThresholdBuyer.CONTRACTING_AUTHORITY, period.other, classic),
            (kind, ThresholdBuyer.CONTRACTING_ENTITY, period.utilities, utilities),
            (kind, ThresholdBuyer.DEFENCE, period.utilities, defence),
        ]
    return [
        Threshold(period.valid_from, period.valid_until, purchase, buyer, Decimal(amount), source)
        for purchase, buyer, amount, source in rows
    ]


PERIODS = (
    Period(
        date(2024, 1, 1),
        date(2025, 12, 31),
        5_538_000,
        143_000,
        221_000,
        443_000,
        (CLASSIC_2024, UTILITIES_2024, CONCESSIONS_2024, DEFENCE_2024),
    ),
    Period(
        date(2026, 1, 1),
        date(2027, 12, 31),
        5_404_000,
        140_000,
        216_000,
        432_000,
        (CLASSIC_2026, UTILITIES_2026, CONCESSIONS_2026, DEFENCE_2026),
    ),
)
DEFAULT_THRESHOLDS: tuple[Threshold, ...] = tuple(t for period in PERIODS for t in _period_thresholds(period))


# --- Which threshold a contract follows ---------------------------------------------------------------------------


def threshold_purchase(nature: str, contract_type: str, social_services: bool) -> str:
    """The purchase kind of the thresholds: a concession follows the works threshold whatever it buys (directive
    2014/23, art. 8); services that are social and other specific services (annex of the code, annex XIV of
    directive 2014/24) have their own; otherwise the contract's nature."""
    if contract_type == "concession":
        return ThresholdPurchase.WORKS
    if social_services and nature == ThresholdPurchase.SERVICES:
        return ThresholdPurchase.SOCIAL_SERVICES
    return nature


def threshold_buyer(buyer_category: str, contracting_entity: bool, defence_or_security: bool) -> str:
    """The buyer type of the thresholds: a defence or security contract (directive 2009/81), then a contract passed
    by an entité adjudicatrice for a network activity (directive 2014/25), then the State as a central government
    authority, every other buyer as a contracting authority (directive 2014/24)."""
    if defence_or_security:
        return ThresholdBuyer.DEFENCE
    if contracting_entity:
        return ThresholdBuyer.CONTRACTING_ENTITY
    if buyer_category == "etat":
        return ThresholdBuyer.CENTRAL
    return ThresholdBuyer.CONTRACTING_AUTHORITY


def applicable_threshold(
    thresholds: Iterable[Threshold], purchase: str, buyer_type: str, on_date: date
) -> Threshold | None:
    """The threshold in force on that date for this purchase kind and buyer type (the latest to start wins)."""
    candidates = [
        threshold
        for threshold in thresholds
        if threshold.purchase == purchase and threshold.buyer_type == buyer_type and threshold.is_valid_on(on_date)
    ]
    return max(candidates, key=lambda threshold: threshold.valid_from, default=None)


# --- The obligation -------------------------------------------------------------------------------------------------


def climate_status(
    amount,
    purchase: str,
    buyer_type: str,
    consultation_start: date | None,
    has_social_execution_condition: bool,
    exemption_reason: str | None,
    thresholds: Iterable[Threshold],
) -> ClimateStatus:
    """Where a contract stands against article L2112-2-1 (L3114-2-1 for a concession), in this order:

    a defence or security contract is outside the obligation; without its launch date, or launched from
    22 August 2026 without its amount, it cannot be judged; launched before, it is not concerned; when no
    threshold covers its launch date, the threshold is unknown (never compliant); below its threshold, it is not
    concerned; at or above it, it is compliant with a social execution condition, exempt with a recorded reason,
    and to be brought into line otherwise.
    """
    if buyer_type == ThresholdBuyer.DEFENCE:
        return ClimateStatus.DEFENCE
    if consultation_start is None:
        return ClimateStatus.MISSING_DATA
    if consultation_start < CLIMAT_RESILIENCE_START:
        return ClimateStatus.NOT_CONCERNED
    if amount is None:
        return ClimateStatus.MISSING_DATA
    threshold = applicable_threshold(thresholds, purchase, buyer_type, consultation_start)
    if threshold is None:
        return ClimateStatus.UNKNOWN_THRESHOLD
    if to_decimal(amount, "Le montant HT") < threshold.amount:
        return ClimateStatus.NOT_CONCERNED
    if has_social_execution_condition:
        return ClimateStatus.COMPLIANT
    if (exemption_reason or "").strip():
        return ClimateStatus.EXEMPT
    return ClimateStatus.TO_FIX


def climate_resilience_flag(
    amount,
    purchase: str,
    buyer_type: str,
    consultation_start: date | None,
    has_social_execution_condition: bool,
    exemption_reason: str | None,
    thresholds: Iterable[Threshold],
) -> bool:
    """True when the contract falls under the obligation without meeting it: at or above the EU threshold in force
    when its consultation is launched, from 22 August 2026, without a social execution condition nor a recorded
    reason. An unknown threshold is not a flag but its own status (climate_status)."""
    status = climate_status(
        amount,
        purchase,
        buyer_type,
        consultation_start,
        has_social_execution_condition,
        exemption_reason,
        thresholds,
    )
    return status == ClimateStatus.TO_FIX


def climate_article(contract_type: str) -> str:
    """The article that sets the obligation: L3114-2-1 for a concession, L2112-2-1 for the other contracts."""
    return CONCESSION_ARTICLE if contract_type == "concession" else MARKET_ARTICLE


def exemption_grounds(contract_type: str) -> dict[str, str]:
    """The reasons the contract's article allows, each with its paragraph: L2112-2-1 1° (a solution immediately
    available), 2° (no sufficient link with the object), 3° (competition restricted, or execution made technically
    or economically difficult); L3114-2-1 has the last two only, as its 1° and 2°."""
    if contract_type == "concession":
        numbered = {
            ExemptionReason.NO_LINK: "1°",
            ExemptionReason.COMPETITION: "2°",
            ExemptionReason.DIFFICULTY: "2°",
        }
    else:
        numbered = {
            ExemptionReason.IMMEDIATELY_AVAILABLE: "1°",
            ExemptionReason.NO_LINK: "2°",
            ExemptionReason.COMPETITION: "3°",
            ExemptionReason.DIFFICULTY: "3°",
        }
    article = climate_article(contract_type)
    return {reason: f"{article}, {paragraph}" for reason, paragraph in numbered.items()}
