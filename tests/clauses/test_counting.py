"""When a contract counts as having a social consideration (clauses.counting): the one definition the PNAD share,
the dashboards, Climat et Résilience, the survey and the DECP export read, in SQL and in Python alike."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clauses.counting import covers
from clauses.models import PnadTarget
from clauses.queries import with_climate_flag, with_social_consideration
from clauses.thresholds import CLIMAT_RESILIENCE_START
from markets.models import Market
from reporting.figures.markets import ContractCounts
from territories.models import CountingUnit
from tests.factories import ConsiderationFactory, LotFactory, MarketFactory

pytestmark = pytest.mark.django_db


def counts(market) -> bool:
    """The SQL definition, checked against the Python one."""
    sql = with_social_consideration(Market.objects.filter(pk=market.pk)).get().has_social_consideration
    market = Market.objects.select_related("territory").prefetch_related("lots", "considerations").get(pk=market.pk)
    python = covers(
        market.territory.counting_unit,
        [lot.pk for lot in market.lots.all()],
        [c.lot_id for c in market.considerations.all() if c.status in ("retenue", "en_cours", "soldee")],
        market.published_consideration_list,
    )
    assert sql == python
    return sql


def by_lot(market):
    market.territory.counting_unit = CountingUnit.LOT
    market.territory.save()
    return market


def test_envisaged_only_consideration_does_not_count():
    market = MarketFactory()
    ConsiderationFactory(market=market, status="envisagee")
    assert not counts(market)


@pytest.mark.parametrize("status", ["retenue", "en_cours", "soldee"])
def test_consideration_written_into_the_tender_documents_counts(status):
    market = MarketFactory()
    ConsiderationFactory(market=market, status=status)
    assert counts(market)


def test_abandoned_consideration_no_longer_counts():
    market = MarketFactory()
    ConsiderationFactory(market=market, status="abandonnee")
    assert not counts(market)


def test_decp_published_clause_sociale_counts():
    assert counts(MarketFactory(published_considerations="Clause sociale"))


@pytest.mark.parametrize("published", ["Critère social", "Marché réservé", "Clause sociale, Critère social"])
def test_every_decp_published_social_value_counts(published):
    assert counts(MarketFactory(published_considerations=published))


def test_decp_published_pas_de_consideration_sociale_does_not_count():
    assert not counts(MarketFactory(published_considerations="Pas de considération sociale"))


def test_by_contract_a_clause_on_one_lot_counts_for_the_whole_contract():
    market = MarketFactory()
    first, _second = LotFactory(market=market), LotFactory(market=market)
    ConsiderationFactory(market=market, lot=first)
    assert counts(market)


def test_by_lot_a_clause_on_one_lot_of_two_does_not_count():
    market = by_lot(MarketFactory())
    first, _second = LotFactory(market=market), LotFactory(market=market)
    ConsiderationFactory(market=market, lot=first)
    assert not counts(market)


def test_by_lot_a_clause_on_every_lot_counts():
    market = by_lot(MarketFactory())
    for lot in (LotFactory(market=market), LotFactory(market=market)):
        ConsiderationFactory(market=market, lot=lot)
    assert counts(market)


def test_by_lot_a_clause_on_the_whole_contract_covers_every_lot():
    market = by_lot(MarketFactory())
    LotFactory.create_batch(2, market=market)
    ConsiderationFactory(market=market, lot=None)
    assert counts(market)


def test_by_lot_an_envisaged_clause_does_not_cover_its_lot():
    market = by_lot(MarketFactory())
    first, second = LotFactory(market=market), LotFactory(market=market)
    ConsiderationFactory(market=market, lot=first)
    ConsiderationFactory(market=market, lot=second, status="envisagee")
    assert not counts(market)


@settings(max_examples=40, deadline=None)
@given(
    unit=st.sampled_from(CountingUnit.values),
    lots=st.integers(0, 3),
    considerations=st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 2)), st.sampled_from(["envisagee", "retenue", "abandonnee"])),
        max_size=4,
    ),
    published=st.sampled_from(["", "Clause sociale", "Pas de considération sociale", "Critère social"]),
)
def test_sql_and_python_definitions_agree(unit, lots, considerations, published):
    market = MarketFactory(published_considerations=published)
    market.territory.counting_unit = unit
    market.territory.save()
    lots = [LotFactory(market=market) for _ in range(lots)]
    for lot_index, status in considerations:
        lot = lots[lot_index] if lot_index is not None and lot_index < len(lots) else None
        ConsiderationFactory(market=market, lot=lot, status=status)
    counts(market)  # asserts that they agree


# --- Climat et Résilience reads the same definition ----------------------------------------------------------


def climate_flagged(market) -> bool:
    return with_climate_flag(Market.objects.filter(pk=market.pk)).get().climate_flagged


def above_threshold(**fields):
    return MarketFactory(amount=Decimal("6000000"), publication_date=CLIMAT_RESILIENCE_START, **fields)


def test_envisaged_only_execution_condition_does_not_satisfy_climat_et_resilience():
    market = above_threshold()
    ConsiderationFactory(market=market, status="envisagee")
    assert climate_flagged(market)


def test_retained_execution_condition_satisfies_climat_et_resilience():
    market = above_threshold()
    ConsiderationFactory(market=market)
    assert not climate_flagged(market)


def test_decp_published_clause_sociale_satisfies_climat_et_resilience():
    assert not climate_flagged(above_threshold(published_considerations="Clause sociale"))


def test_decp_published_social_criterion_is_not_an_execution_condition():
    assert climate_flagged(above_threshold(published_considerations="Critère social"))


def test_by_lot_climat_et_resilience_needs_a_condition_on_every_lot():
    market = by_lot(above_threshold())
    first, _second = LotFactory(market=market), LotFactory(market=market)
    ConsiderationFactory(market=market, lot=first)
    assert climate_flagged(market)


# --- The PNAD share: its target and perimeter are dated reference data -------------------------------------------


def pnad(year):
    return ContractCounts.of(Market.objects.all()).pnad(year)


def test_pnad_target_of_30_percent_applies_to_2025_only():
    assert PnadTarget.objects.get(year=2025).target == 30
    MarketFactory(notification_date=date(2024, 5, 1))
    MarketFactory(notification_date=date(2026, 5, 1))
    assert pnad(2024).target is None and pnad(2026).target is None
    assert pnad(2025).target == 30


def test_pnad_2025_counts_contracts_of_at_least_40_000_euros():
    ConsiderationFactory(market=MarketFactory(notification_date=date(2025, 5, 1), amount=Decimal("39999.99")))
    MarketFactory(notification_date=date(2025, 5, 1), amount=Decimal("40000"))
    share = pnad(2025)
    assert (share.total, share.social, share.share, share.reached) == (1, 0, Decimal("0.0"), False)


def test_pnad_year_without_reference_counts_every_contract():
    ConsiderationFactory(market=MarketFactory(notification_date=date(2026, 5, 1), amount=Decimal("1000")))
    MarketFactory(notification_date=date(2026, 5, 1), amount=Decimal("100000"))
    share = pnad(2026)
    assert (share.total, share.social, share.target, share.reached) == (2, 1, None, None)
    assert share.perimeter == "tous les marchés notifiés"


def test_pnad_target_added_for_a_year_is_read_against():
    PnadTarget.objects.create(year=2026, target=Decimal("40"), perimeter="tous", source="essai")
    ConsiderationFactory(market=MarketFactory(notification_date=date(2026, 5, 1)))
    MarketFactory(notification_date=date(2026, 5, 1))
    share = pnad(2026)
    assert (share.share, share.target, share.reached) == (Decimal("50.0"), 40, True)


def test_envisaged_only_consideration_is_not_in_the_pnad_share():
    ConsiderationFactory(market=MarketFactory(notification_date=date(2026, 5, 1)), status="envisagee")
    assert pnad(2026).social == 0
