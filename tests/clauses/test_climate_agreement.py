"""The SQL status of Climat et Résilience (clauses.queries.with_climate_flag, the dashboards' and alerts') and the
Python one (clauses.review.climate_check over clauses.thresholds.climate_status, the review's) agree on generated
contracts: every buyer category and threshold fact, amounts and launch dates on both sides of each threshold and
date, with or without a condition, an insertion purchase, an exemption, and with a threshold of 2028 or not."""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clauses.enums import ExemptionReason
from clauses.models import ClimateExemption, EuThreshold
from clauses.queries import with_climate_flag
from clauses.review import ReferenceData, climate_check
from markets.models import Market
from partners.enums import BuyerCategory
from tests.factories import BuyerFactory, ConsiderationFactory, LotFactory, MarketFactory, home_territory

AMOUNTS = [140_000, 216_000, 221_000, 300_000, 432_000, 443_000, 750_000, 1_000_000, 5_404_000, 5_538_000]
# Mostly on either side of a threshold, sometimes anywhere, rarely unknown.
amounts = st.one_of(
    st.sampled_from(AMOUNTS).flatmap(lambda a: st.sampled_from([Decimal(a) - Decimal("0.01"), Decimal(a)])),
    st.sampled_from(AMOUNTS).map(Decimal),
    st.decimals(min_value=0, max_value=9_000_000, places=2),
    st.none(),
)
# Mostly from 22 August 2026 (where the obligation applies), on both sides of each date.
launches = st.sampled_from(
    [None, date(2025, 12, 31), date(2026, 1, 1), date(2026, 8, 21)]
    + [date(2026, 8, 22), date(2026, 11, 2), date(2027, 12, 31), date(2028, 1, 1), date(2028, 3, 3)] * 2
)
rarely = st.sampled_from([False, False, False, True])
condition = st.sampled_from([None, None, ("execution", "retenue"), ("execution", "abandonnee"), ("critere", "retenue")])
insertion_purchase = st.sampled_from([None, "retenue", "envisagee", "on_a_lot"])
contracts = st.fixed_dictionaries(
    {
        "category": st.sampled_from(BuyerCategory.values),
        "nature": st.sampled_from(["travaux", "fournitures", "services", "services"]),
        "contract_type": st.sampled_from(["marche", "accord_cadre", "concession"]),
        "contracting_entity": rarely,
        "defence_or_security": rarely,
        "social_services": rarely,
        "amount": amounts,
        "publication_date": launches,
        "condition": condition,
        "insertion_purchase": insertion_purchase,
        "exemption": st.sampled_from([None, None, *ExemptionReason.values]),
    }
)


def create(case, buyers) -> Market:
    market = MarketFactory(
        buyer=buyers[case["category"]],
        nature=case["nature"],
        contract_type=case["contract_type"],
        contracting_entity=case["contracting_entity"],
        defence_or_security=case["defence_or_security"],
        social_services=case["social_services"] and case["nature"] == "services",
        amount=case["amount"],
        publication_date=case["publication_date"],
    )
    if case["condition"]:
        legal_basis, status = case["condition"]
        ConsiderationFactory(market=market, legal_basis=legal_basis, status=status)
    if case["insertion_purchase"]:
        on_a_lot = case["insertion_purchase"] == "on_a_lot"
        ConsiderationFactory(
            market=market,
            kind="insertion_purchase",
            legal_basis="achat_insertion",
            status="retenue" if on_a_lot else case["insertion_purchase"],
            lot=LotFactory(market=market) if on_a_lot else None,
        )
    if case["exemption"]:
        ClimateExemption.objects.create(market=market, reason=case["exemption"])
    return market


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(contracts, min_size=1, max_size=15), with_2028=st.booleans())
def test_sql_and_python_climate_status_agree(db, cases, with_2028):
    EuThreshold.objects.filter(valid_from__year=2028).delete()
    if with_2028:
        EuThreshold.objects.create(
            valid_from=date(2028, 1, 1), purchase="travaux", buyer_type="pouvoir_adjudicateur", amount=5_500_000
        )
    buyers = {category: BuyerFactory(buyer_category=category) for category in BuyerCategory.values}
    pks = [create(case, buyers).pk for case in cases]
    markets = Market.objects.filter(pk__in=pks)
    sql = {market.pk: (market.climate_status, market.climate_flagged) for market in with_climate_flag(markets)}
    reference = ReferenceData.load(home_territory())
    for market in markets.select_related("buyer", "climate_exemption").prefetch_related("considerations"):
        python = climate_check(market, market.considerations.all(), reference)
        assert sql[market.pk] == (python, python == "a_mettre_en_conformite"), market.__dict__
