"""Climat et Résilience: the SQL flag (clauses.queries) agrees with the pure function, on both sides of
22 August 2026 and of each threshold, and the thresholds come from a data migration."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from clauses.models import ClimateExemption, EuThreshold, LegalBasisReference
from clauses.queries import climate_flagged, has_social_consideration, with_climate_flag
from clauses.review import ReferenceData, climate_flag
from clauses.thresholds import CLIMAT_RESILIENCE_START, DEFAULT_THRESHOLDS
from markets.models import Market
from tests.factories import BuyerFactory, ConsiderationFactory, MarketFactory

START = CLIMAT_RESILIENCE_START
DAY = timedelta(days=1)


def flagged(market) -> bool:
    """The SQL flag, checked against the Python one."""
    sql = with_climate_flag(Market.objects.filter(pk=market.pk)).get().climate_flagged
    python_market = (
        Market.objects.select_related("buyer", "climate_exemption").prefetch_related("considerations").get(pk=market.pk)
    )
    python = climate_flag(
        python_market, python_market.considerations.all(), ReferenceData.load(python_market.territory)
    )
    assert sql == python
    return sql


def test_thresholds_are_loaded_by_the_data_migration(db):
    assert EuThreshold.objects.count() == len(DEFAULT_THRESHOLDS)
    assert LegalBasisReference.satisfying() == {"execution"}


@pytest.mark.parametrize(
    ("nature", "category", "contract_type", "threshold"),
    [
        ("travaux", "collectivite", "marche", 5_404_000),
        ("services", "etat", "marche", 140_000),
        ("fournitures", "bailleur_social", "marche", 216_000),
        ("services", "collectivite", "concession", 5_404_000),  # concessions follow the works threshold
    ],
)
def test_flag_on_both_sides_of_each_threshold(db, nature, category, contract_type, threshold):
    buyer = BuyerFactory(buyer_category=category)
    at = MarketFactory(
        buyer=buyer, nature=nature, contract_type=contract_type, amount=Decimal(threshold), publication_date=START
    )
    below = MarketFactory(
        buyer=buyer,
        nature=nature,
        contract_type=contract_type,
        amount=Decimal(threshold) - Decimal("0.01"),
        publication_date=START,
    )
    assert flagged(at) is True
    assert flagged(below) is False


def test_flag_on_both_sides_of_22_august_2026(db):
    assert flagged(MarketFactory(amount=Decimal("9000000"), publication_date=START)) is True
    assert flagged(MarketFactory(amount=Decimal("9000000"), publication_date=START - DAY)) is False
    assert flagged(MarketFactory(amount=Decimal("9000000"), publication_date=None)) is False
    assert flagged(MarketFactory(amount=None, publication_date=START)) is False


def test_social_execution_condition_or_exemption_lifts_the_flag(db):
    market = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    ConsiderationFactory(market=market, legal_basis="critere")
    assert flagged(market) is True  # an award criterion is not an execution condition
    abandoned = ConsiderationFactory(market=market, status="abandonnee")
    assert flagged(market) is True
    abandoned.status = "retenue"
    abandoned.save()
    assert flagged(market) is False
    other = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    ClimateExemption.objects.create(market=other, reason="difficulte")
    assert flagged(other) is False


def test_which_legal_basis_satisfies_is_reference_data(db):
    market = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    ConsiderationFactory(market=market, kind="reserved_market", legal_basis="L2113-13")
    assert flagged(market) is True
    LegalBasisReference.objects.filter(legal_basis="L2113-13").update(satisfies_climate_obligation=True)
    assert flagged(market) is False


def test_climate_flagged_and_has_social_consideration_querysets(db):
    flagged_market = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    with_clause = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    ConsiderationFactory(market=with_clause)
    MarketFactory(amount=Decimal("1000"), publication_date=START)
    assert list(climate_flagged(Market.objects.all())) == [flagged_market]
    assert list(has_social_consideration(Market.objects.all())) == [with_clause]


def test_thresholds_of_a_new_period_apply_from_their_date(db):
    EuThreshold.objects.create(
        valid_from=date(2028, 1, 1), nature="services", buyer_category="collectivite", amount=Decimal("220000")
    )
    assert flagged(MarketFactory(nature="services", amount=Decimal("218000"), publication_date=date(2027, 12, 31)))
    assert not flagged(MarketFactory(nature="services", amount=Decimal("218000"), publication_date=date(2028, 1, 1)))
