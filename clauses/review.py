"""Facts about contracts for the rules and the market review, computed in Python from prefetched data."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from markets.enums import Status
from markets.models import Market
from territories.models import CountingUnit, Territory

from .counting import PUBLISHED_EXECUTION_CONDITION, counts, covers
from .enums import ClimateStatus, ConsiderationStatus, Kind
from .models import (
    Consideration,
    Dismissal,
    EuThreshold,
    LegalBasisReference,
    TradeLabourShare,
    labour_share_for,
)
from .recommendations import ContractFacts, Recommendation, computed_hours, cpv_division, recommend
from .thresholds import Threshold, climate_status, threshold_buyer, threshold_key_label, threshold_purchase


@dataclass(frozen=True)
class ReferenceData:
    territory: Territory
    trades: list[TradeLabourShare]
    thresholds: list[Threshold] = field(default_factory=list)
    satisfying_bases: frozenset[str] = frozenset()

    @classmethod
    def load(cls, territory: Territory | None, *, climate: bool = True) -> "ReferenceData":
        """The national reference data with a territory's own values (the national defaults without one)."""
        territory = territory or Territory.national_defaults()
        if not climate:
            return cls(territory, list(TradeLabourShare.objects.all()))
        return cls(
            territory,
            list(TradeLabourShare.objects.all()),
            [threshold.as_threshold() for threshold in EuThreshold.objects.all()],
            frozenset(LegalBasisReference.satisfying()),
        )


def contract_facts(market: Market, reference: ReferenceData, has_prior_contract_in_sector: bool) -> ContractFacts:
    return ContractFacts(
        amount_excl_vat=market.amount,
        duration_months=market.duration_months,
        nature=market.nature,
        cpv=market.cpv,
        labour_share=labour_share_for(reference.trades, market.cpv),
        hourly_cost=reference.territory.hourly_cost,
        insertion_rate=reference.territory.insertion_rate,
        territory_minimum_hours=reference.territory.minimum_hours,
        buyer_category=market.buyer.buyer_category,
        buyer_has_prior_contract_in_sector=has_prior_contract_in_sector,
    )


def has_prior_contract_in_sector(market: Market) -> bool:
    """Whether the buyer has another contract in the same CPV division (else: a first attempt in a sector)."""
    division = cpv_division(market.cpv)
    others = Market.objects.filter(territory=market.territory_id, buyer_id=market.buyer_id).exclude(pk=market.pk)
    others = others.values_list("cpv", flat=True)
    return division is not None and any(cpv_division(cpv) == division for cpv in others)


def has_insertion_hours(considerations) -> bool:
    return any(c.kind == Kind.INSERTION_HOURS and c.status != ConsiderationStatus.ABANDONED for c in considerations)


def has_social_execution_condition(market: Market, considerations, reference: ReferenceData) -> bool:
    """Python twin of clauses.queries.social_execution_condition (``market.lots`` prefetched when the territory
    counts by lot)."""
    by_lot = reference.territory.counting_unit == CountingUnit.LOT
    return covers(
        reference.territory.counting_unit,
        [lot.pk for lot in market.lots.all()] if by_lot else (),
        [c.lot_id for c in considerations if counts(c.status) and c.legal_basis in reference.satisfying_bases],
        market.published_consideration_list,
        PUBLISHED_EXECUTION_CONDITION,
    )


def is_social_services_purchase(market: Market, considerations) -> bool:
    """Ticked on the contract, or an insertion purchase written into the tender documents for the whole contract
    (the twin of clauses.queries.social_services_purchase)."""
    return market.social_services or any(
        c.kind == Kind.INSERTION_PURCHASE and c.lot_id is None and counts(c.status) for c in considerations
    )


def threshold_key(market: Market, considerations) -> tuple[str, str]:
    """(purchase kind, buyer type) of the EU threshold the contract follows."""
    return (
        threshold_purchase(market.nature, market.contract_type, is_social_services_purchase(market, considerations)),
        threshold_buyer(market.buyer.buyer_category, market.contracting_entity, market.defence_or_security),
    )


def climate_check(market: Market, considerations, reference: ReferenceData) -> ClimateStatus:
    """The contract's Climat et Résilience status from its prefetched considerations and exemption."""
    exemption = getattr(market, "climate_exemption", None)
    return climate_status(
        market.amount,
        *threshold_key(market, considerations),
        market.publication_date,
        has_social_execution_condition(market, considerations, reference),
        exemption.reason if exemption else "",
        reference.thresholds,
    )


@dataclass
class ReviewRow:
    market: Market
    facts: ContractFacts
    hours: int | None
    considerations: list[Consideration]
    dismissals: list[Dismissal]
    recommendations: list[Recommendation]
    climate: ClimateStatus
    threshold_label: str

    @property
    def climate_flagged(self) -> bool:
        return self.climate == ClimateStatus.TO_FIX


def review_rows(markets, reference: ReferenceData) -> list[ReviewRow]:
    """One row per contract under review; the recommendations already followed or dismissed are left out."""
    markets = list(
        markets.filter(status__in=Status.under_review())
        .select_related("buyer", "climate_exemption")
        .prefetch_related(
            Prefetch(
                "considerations", queryset=Consideration.objects.annotate(category_count=Count("eligible_categories"))
            ),
            Prefetch("dismissals", queryset=Dismissal.objects.select_related("dismissed_by")),
            *(["lots"] if reference.territory.counting_unit == CountingUnit.LOT else []),
        )
        .order_by("publication_date", "pk")
    )
    sectors = defaultdict(set)
    buyer_ids = {market.buyer_id for market in markets}
    territories = {market.territory_id for market in markets}
    others = Market.objects.filter(territory__in=territories, buyer_id__in=buyer_ids)
    for pk, buyer_id, cpv in others.values_list("pk", "buyer_id", "cpv"):
        sectors[buyer_id, cpv_division(cpv)].add(pk)
    rows = []
    for market in markets:
        considerations = list(market.considerations.all())
        dismissals = list(market.dismissals.all())
        prior = bool(sectors[market.buyer_id, cpv_division(market.cpv)] - {market.pk})
        facts = contract_facts(market, reference, prior)
        taken = {c.kind for c in considerations if c.status != ConsiderationStatus.ABANDONED}
        taken |= {dismissal.kind for dismissal in dismissals}
        rows.append(
            ReviewRow(
                market=market,
                facts=facts,
                hours=computed_hours(facts),
                considerations=considerations,
                dismissals=dismissals,
                recommendations=[r for r in recommend(facts) if r.kind not in taken],
                climate=climate_check(market, considerations, reference),
                threshold_label=threshold_key_label(*threshold_key(market, considerations)),
            )
        )
    return rows


def recommendation_for(market: Market, kind: str) -> tuple[Recommendation, ContractFacts] | None:
    """The recommendation of this kind the review makes for the contract today, with the facts it rests on; None
    when it does not apply (or no longer: a consideration of that kind is already there)."""
    reference = ReferenceData.load(market.territory, climate=False)
    facts = contract_facts(market, reference, has_prior_contract_in_sector(market))
    recommendation = next((r for r in recommend(facts) if r.kind == kind), None)
    if recommendation is None or market.considerations.active().filter(kind=kind).exists():
        return None
    return recommendation, facts
