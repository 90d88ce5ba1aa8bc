"""The EU thresholds and the Climat et Résilience status as pure functions (clauses.thresholds), over the thresholds
the code holds (the same the data migration loads)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from clauses.enums import ClimateStatus, ExemptionReason, ThresholdBuyer, ThresholdPurchase
from clauses.thresholds import (
    CLIMAT_RESILIENCE_START,
    DEFAULT_THRESHOLDS,
    Threshold,
    applicable_threshold,
    climate_article,
    climate_resilience_flag,
    climate_status,
    exemption_grounds,
    threshold_buyer,
    threshold_purchase,
)

AFTER_START = date(2026, 9, 1)
DAY = timedelta(days=1)
CENTRAL, AUTHORITY = ThresholdBuyer.CENTRAL, ThresholdBuyer.CONTRACTING_AUTHORITY
ENTITY, DEFENCE = ThresholdBuyer.CONTRACTING_ENTITY, ThresholdBuyer.DEFENCE
WORKS, SUPPLIES, SERVICES = ThresholdPurchase.WORKS, ThresholdPurchase.SUPPLIES, ThresholdPurchase.SERVICES
SOCIAL = ThresholdPurchase.SOCIAL_SERVICES


def status(amount, purchase=SERVICES, buyer_type=AUTHORITY, consultation_start=AFTER_START, **kwargs):
    options = {"has_social_execution_condition": False, "exemption_reason": "", "thresholds": DEFAULT_THRESHOLDS}
    return climate_status(amount, purchase, buyer_type, consultation_start, **{**options, **kwargs})


@pytest.mark.parametrize(
    ("purchase", "buyer_type", "amounts"),
    [
        (WORKS, CENTRAL, (5_538_000, 5_404_000)),
        (WORKS, AUTHORITY, (5_538_000, 5_404_000)),
        (WORKS, ENTITY, (5_538_000, 5_404_000)),
        (WORKS, DEFENCE, (5_538_000, 5_404_000)),
        (SUPPLIES, CENTRAL, (143_000, 140_000)),
        (SERVICES, CENTRAL, (143_000, 140_000)),
        (SUPPLIES, AUTHORITY, (221_000, 216_000)),
        (SERVICES, AUTHORITY, (221_000, 216_000)),
        (SUPPLIES, ENTITY, (443_000, 432_000)),
        (SERVICES, ENTITY, (443_000, 432_000)),
        (SUPPLIES, DEFENCE, (443_000, 432_000)),
        (SERVICES, DEFENCE, (443_000, 432_000)),
        (SOCIAL, CENTRAL, (750_000, 750_000)),
        (SOCIAL, AUTHORITY, (750_000, 750_000)),
        (SOCIAL, ENTITY, (1_000_000, 1_000_000)),
    ],
)
def test_every_eu_threshold_of_2024_2025_and_2026_2027(purchase, buyer_type, amounts):
    for day, amount in zip((date(2024, 1, 1), date(2026, 1, 1)), amounts, strict=True):
        threshold = applicable_threshold(DEFAULT_THRESHOLDS, purchase, buyer_type, day)
        assert threshold.amount == Decimal(amount)
        assert threshold.source  # each row names its text
    assert applicable_threshold(DEFAULT_THRESHOLDS, purchase, buyer_type, date(2025, 12, 31)).amount == amounts[0]
    assert applicable_threshold(DEFAULT_THRESHOLDS, purchase, buyer_type, date(2027, 12, 31)).amount == amounts[1]


def test_thresholds_cite_the_delegated_regulations_and_the_directives():
    sources = {(t.valid_from.year, t.purchase, t.buyer_type): t.source for t in DEFAULT_THRESHOLDS}
    assert "2023/2495" in sources[2024, SERVICES, AUTHORITY]
    assert "2023/2496" in sources[2024, SUPPLIES, ENTITY]
    assert "2023/2497" in sources[2024, WORKS, AUTHORITY]  # concessions follow the works threshold
    assert "2025/2152" in sources[2026, SERVICES, CENTRAL]
    assert "2025/2150" in sources[2026, SERVICES, ENTITY]
    assert "2025/2487" in sources[2026, SERVICES, DEFENCE]
    assert sources[2026, SOCIAL, AUTHORITY] == "directive 2014/24/UE, article 4 d)"
    assert sources[2026, SOCIAL, ENTITY] == "directive 2014/25/UE, article 15 c)"


def test_one_threshold_per_key_and_period_and_none_for_defence_social_services():
    keys = [(t.valid_from, t.purchase, t.buyer_type) for t in DEFAULT_THRESHOLDS]
    assert len(keys) == len(set(keys)) == 2 * 15
    assert applicable_threshold(DEFAULT_THRESHOLDS, SOCIAL, DEFENCE, AFTER_START) is None


@pytest.mark.parametrize(
    ("nature", "contract_type", "social_services", "purchase"),
    [
        ("travaux", "marche", False, WORKS),
        ("fournitures", "accord_cadre", False, SUPPLIES),
        ("services", "marche", False, SERVICES),
        ("services", "marche", True, SOCIAL),
        ("services", "concession", True, WORKS),  # a concession follows the works threshold whatever it buys
        ("fournitures", "marche", True, SUPPLIES),  # social and specific services are services
    ],
)
def test_purchase_kind_of_the_thresholds(nature, contract_type, social_services, purchase):
    assert threshold_purchase(nature, contract_type, social_services) == purchase


@pytest.mark.parametrize(
    ("buyer_category", "contracting_entity", "defence", "buyer_type"),
    [
        ("etat", False, False, CENTRAL),
        ("collectivite", False, False, AUTHORITY),
        ("bailleur_social", False, False, AUTHORITY),
        ("etablissement_public", False, False, AUTHORITY),
        ("autre", False, False, AUTHORITY),
        ("collectivite", True, False, ENTITY),
        ("etat", True, False, ENTITY),
        ("etat", False, True, DEFENCE),
        ("collectivite", True, True, DEFENCE),  # defence and security first
    ],
)
def test_buyer_type_of_the_thresholds(buyer_category, contracting_entity, defence, buyer_type):
    assert threshold_buyer(buyer_category, contracting_entity, defence) == buyer_type


def test_works_contract_of_6_meur_from_3_march_2028_has_an_unknown_threshold_never_compliant():
    for condition in (False, True):
        result = status(6_000_000, WORKS, consultation_start=date(2028, 3, 3), has_social_execution_condition=condition)
        assert result == ClimateStatus.UNKNOWN_THRESHOLD
    assert not climate_resilience_flag(
        6_000_000, WORKS, AUTHORITY, date(2028, 3, 3), False, "", DEFAULT_THRESHOLDS
    )  # unknown is its own status, not a flag


def test_works_contract_of_6_meur_from_3_march_2028_is_flagged_once_a_2028_threshold_exists():
    from_2028 = Threshold(date(2028, 1, 1), date(2029, 12, 31), WORKS, AUTHORITY, Decimal("5500000"))
    thresholds = [*DEFAULT_THRESHOLDS, from_2028]
    assert status(6_000_000, WORKS, consultation_start=date(2028, 3, 3), thresholds=thresholds) == ClimateStatus.TO_FIX


def test_same_contract_marked_defence_is_outside_the_obligation():
    for day in (date(2028, 3, 3), AFTER_START, date(2025, 1, 1), None):
        assert status(6_000_000, WORKS, DEFENCE, consultation_start=day) == ClimateStatus.DEFENCE
    assert status(None, WORKS, DEFENCE) == ClimateStatus.DEFENCE


def test_insertion_purchase_of_300_keur_is_below_the_social_services_threshold():
    assert status(300_000, SOCIAL) == ClimateStatus.NOT_CONCERNED
    assert status(300_000, SERVICES) == ClimateStatus.TO_FIX  # judged as ordinary services, it would be flagged
    assert status(750_000, SOCIAL) == ClimateStatus.TO_FIX
    assert status(999_999, SOCIAL, ENTITY) == ClimateStatus.NOT_CONCERNED


def test_entite_adjudicatrice_supplies_of_300_keur_are_below_432_keur():
    assert status(300_000, SUPPLIES, ENTITY) == ClimateStatus.NOT_CONCERNED
    assert status(432_000, SUPPLIES, ENTITY) == ClimateStatus.TO_FIX
    assert status(300_000, SUPPLIES, AUTHORITY) == ClimateStatus.TO_FIX


@pytest.mark.parametrize(
    ("purchase", "buyer_type", "threshold"),
    [(WORKS, AUTHORITY, 5_404_000), (SERVICES, CENTRAL, 140_000), (SUPPLIES, AUTHORITY, 216_000)],
)
def test_exactly_at_the_threshold_counts_one_cent_below_does_not(purchase, buyer_type, threshold):
    assert status(Decimal(threshold), purchase, buyer_type) == ClimateStatus.TO_FIX
    assert status(Decimal(threshold) - Decimal("0.01"), purchase, buyer_type) == ClimateStatus.NOT_CONCERNED


def test_threshold_of_31_december_2025_and_of_1_january_2026():
    def applicable(day):
        return applicable_threshold(DEFAULT_THRESHOLDS, SERVICES, AUTHORITY, day).amount

    assert (applicable(date(2025, 12, 31)), applicable(date(2026, 1, 1))) == (221_000, 216_000)
    assert applicable_threshold(DEFAULT_THRESHOLDS, SERVICES, AUTHORITY, date(2023, 12, 31)) is None
    assert applicable_threshold(DEFAULT_THRESHOLDS, SERVICES, AUTHORITY, date(2028, 1, 1)) is None


def test_launched_on_21_august_2026_is_not_concerned_on_22_august_2026_it_is():
    assert status(500_000, consultation_start=CLIMAT_RESILIENCE_START - DAY) == ClimateStatus.NOT_CONCERNED
    assert status(500_000, consultation_start=CLIMAT_RESILIENCE_START) == ClimateStatus.TO_FIX
    assert date(2026, 8, 22) == CLIMAT_RESILIENCE_START


def test_open_ended_threshold_and_latest_start_wins():
    old = Threshold(date(2024, 1, 1), None, SERVICES, CENTRAL, Decimal("1"))
    new = Threshold(date(2026, 1, 1), None, SERVICES, CENTRAL, Decimal("2"))
    assert applicable_threshold([new, old], SERVICES, CENTRAL, date(2025, 1, 1)) == old
    assert applicable_threshold([old, new], SERVICES, CENTRAL, date(2030, 1, 1)) == new


def test_social_execution_condition_makes_it_compliant_a_recorded_reason_exempt():
    assert status(500_000, has_social_execution_condition=True) == ClimateStatus.COMPLIANT
    assert status(500_000, exemption_reason=ExemptionReason.NO_LINK) == ClimateStatus.EXEMPT
    assert status(500_000, has_social_execution_condition=True, exemption_reason="lien") == ClimateStatus.COMPLIANT
    assert status(500_000, exemption_reason="   ") == ClimateStatus.TO_FIX
    assert status(500_000, exemption_reason=None) == ClimateStatus.TO_FIX


def test_without_launch_date_or_amount_the_contract_cannot_be_judged():
    assert status(500_000, consultation_start=None) == ClimateStatus.MISSING_DATA
    assert status(None) == ClimateStatus.MISSING_DATA
    assert status(None, consultation_start=date(2025, 1, 1)) == ClimateStatus.NOT_CONCERNED
    assert status(500_000, thresholds=[]) == ClimateStatus.UNKNOWN_THRESHOLD


def test_the_flag_is_the_status_to_fix():
    assert climate_resilience_flag(500_000, SERVICES, AUTHORITY, AFTER_START, False, "", DEFAULT_THRESHOLDS)
    assert not climate_resilience_flag(500_000, SERVICES, AUTHORITY, AFTER_START, True, "", DEFAULT_THRESHOLDS)


def test_exemption_grounds_of_l2112_2_1_and_of_l3114_2_1_for_a_concession():
    assert climate_article("marche") == climate_article("accord_cadre") == "L2112-2-1"
    assert climate_article("concession") == "L3114-2-1"
    assert exemption_grounds("marche") == {
        ExemptionReason.IMMEDIATELY_AVAILABLE: "L2112-2-1, 1°",
        ExemptionReason.NO_LINK: "L2112-2-1, 2°",
        ExemptionReason.COMPETITION: "L2112-2-1, 3°",
        ExemptionReason.DIFFICULTY: "L2112-2-1, 3°",
    }
    assert exemption_grounds("concession") == {
        ExemptionReason.NO_LINK: "L3114-2-1, 1°",
        ExemptionReason.COMPETITION: "L3114-2-1, 2°",
        ExemptionReason.DIFFICULTY: "L3114-2-1, 2°",
    }
