from dataclasses import replace
from decimal import Decimal

from clauses.recommendations import (
    KINDS,
    ContractFacts,
    Recommendation,
    cpv_division,
    insertion_hours_rule,
    insertion_purchase_rule,
    new_sector_rule,
    progress_plan_rule,
    recommend,
    reserved_market_rule,
    small_contract_rule,
)

# 1 000 000 € × 50 % × 5 % ÷ 30 € = 833 h
WORKS = ContractFacts(
    amount_excl_vat=Decimal("1000000"),
    duration_months=12,
    nature="travaux",
    cpv="45000000-7",
    labour_share=Decimal("0.5"),
    hourly_cost=Decimal("30"),
    insertion_rate=Decimal("0.05"),
    territory_minimum_hours=70,
    buyer_category="collectivite",
    buyer_has_prior_contract_in_sector=True,
)


def kinds(facts):
    return [recommendation.kind for recommendation in recommend(facts)]


def test_cpv_division():
    assert cpv_division("45000000-7") == "45"
    assert cpv_division(" 77310000") == "77"
    assert cpv_division("") is None
    assert cpv_division("4") is None
    assert cpv_division("AB000000") is None


def test_insertion_hours_for_labour_intensive_works_or_services():
    recommendation = insertion_hours_rule(WORKS)
    assert recommendation == Recommendation("insertion_hours", recommendation.reason, 833, "hours")
    assert "833 h" in recommendation.reason
    assert insertion_hours_rule(replace(WORKS, nature="services")).target == 833


def test_no_insertion_hours_for_supplies_low_labour_share_or_too_few_hours():
    assert insertion_hours_rule(replace(WORKS, nature="fournitures")) is None
    assert insertion_hours_rule(replace(WORKS, labour_share=Decimal("0.29"))) is None
    assert insertion_hours_rule(replace(WORKS, labour_share=Decimal("0.3"))).target == 500
    assert insertion_hours_rule(replace(WORKS, territory_minimum_hours=834)) is None
    assert insertion_hours_rule(replace(WORKS, territory_minimum_hours=833)).target == 833


def test_social_actions_for_contract_too_small_for_insertion_clause():
    # 40 000 € × 50 % × 5 % ÷ 30 € = 33 h, sous le minimum de 70 h
    small = replace(WORKS, amount_excl_vat=Decimal("40000"))
    recommendation = small_contract_rule(small)
    assert recommendation.kind == "social_actions"
    assert (recommendation.target, recommendation.unit) == (2, "actions")
    assert "trop petit pour une clause sociale d'insertion" in recommendation.reason
    assert kinds(small) == ["social_actions"]
    assert small_contract_rule(WORKS) is None


def test_no_hours_based_recommendation_without_amount():
    unknown_amount = replace(WORKS, amount_excl_vat=None, duration_months=36)
    assert insertion_hours_rule(unknown_amount) is None
    assert small_contract_rule(unknown_amount) is None
    assert progress_plan_rule(unknown_amount) is None
    assert recommend(unknown_amount) == []


def test_insertion_purchase_and_reserved_market_for_support_activities():
    for cpv in ("77310000-6", "90910000-9"):
        facts = replace(WORKS, nature="services", cpv=cpv, amount_excl_vat=Decimal("300000"))
        assert insertion_purchase_rule(facts).kind == "insertion_purchase"
        reserved = reserved_market_rule(facts)
        assert reserved.kind == "reserved_market"
        assert "L2113-13" in reserved.reason
    assert insertion_purchase_rule(WORKS) is None
    assert reserved_market_rule(WORKS) is None


def test_social_actions_for_first_contract_in_a_new_sector():
    new_sector = replace(WORKS, buyer_has_prior_contract_in_sector=False)
    recommendation = new_sector_rule(new_sector)
    assert (recommendation.kind, recommendation.unit) == ("social_actions", "actions")
    assert "secteur CPV 45" in recommendation.reason
    assert kinds(new_sector) == ["insertion_hours", "social_actions"]
    assert new_sector_rule(WORKS) is None
    assert new_sector_rule(replace(new_sector, cpv="")) is None


def test_progress_plan_for_long_contract_with_insertion_hours():
    assert progress_plan_rule(replace(WORKS, duration_months=24)).kind == "progress_plan"
    assert progress_plan_rule(replace(WORKS, duration_months=23)) is None
    assert progress_plan_rule(replace(WORKS, duration_months=None)) is None
    assert progress_plan_rule(replace(WORKS, duration_months=48, nature="fournitures")) is None


def test_recommend_deduplicates_by_kind_keeping_first_reason():
    facts = replace(WORKS, amount_excl_vat=Decimal("40000"), cpv="90910000-9", buyer_has_prior_contract_in_sector=False)
    recommendations = recommend(facts)
    assert [r.kind for r in recommendations] == ["social_actions", "insertion_purchase", "reserved_market"]
    assert "trop petit" in recommendations[0].reason


def test_recommend_runs_all_rules_with_known_kinds():
    facts = replace(WORKS, duration_months=36, cpv="77310000-6", buyer_has_prior_contract_in_sector=False)
    assert kinds(facts) == [
        "insertion_hours",
        "social_actions",
        "insertion_purchase",
        "reserved_market",
        "progress_plan",
    ]
    assert set(kinds(facts)) <= set(KINDS)
