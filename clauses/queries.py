"""Queryset helpers over contracts, in SQL, for the pages and dashboards that list many of them.

with_climate_flag() is the bulk twin of clauses.thresholds.climate_status(), with clauses.review.climate_status for
one contract in Python; a property test checks they agree (tests/clauses/test_climate_agreement.py).
"""

from django.db.models import BooleanField, Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When

from .counting import PUBLISHED_EXECUTION_CONDITION, covered
from .enums import ClimateStatus, Kind, ThresholdBuyer, ThresholdPurchase
from .models import ClimateExemption, Consideration, EuThreshold, LegalBasisReference
from .thresholds import CLIMAT_RESILIENCE_START


def with_social_consideration(markets):
    """Annotates has_social_consideration, as clauses.counting defines it (the PNAD share, the dashboards, the
    survey): a consideration written into the tender documents, or a social value the buyer published in DECP."""
    return markets.annotate(
        has_social_consideration=Case(
            When(covered(Consideration.objects.counted()), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def has_social_consideration(markets):
    return with_social_consideration(markets).filter(has_social_consideration=True)


def social_execution_condition() -> Q:
    """The condition, on contracts, that they carry a social execution condition (L2112-2-1): a counting
    consideration on a legal basis that satisfies the obligation (LegalBasisReference), or « Clause sociale »
    published in DECP; covering the contract or each lot, as the territory counts (clauses.counting). The twin of
    clauses.review.has_social_execution_condition."""
    satisfying = LegalBasisReference.objects.filter(satisfies_climate_obligation=True).values("legal_basis")
    return covered(Consideration.objects.counted().filter(legal_basis__in=satisfying), PUBLISHED_EXECUTION_CONDITION)


def social_services_purchase():
    """Whether the contract buys social and specific services: ticked on the contract, or an insertion purchase
    written into the tender documents for the whole contract (an insertion purchase is one: R2123-1 3°)."""
    insertion_purchase = Consideration.objects.counted().filter(
        market=OuterRef("pk"), kind=Kind.INSERTION_PURCHASE, lot__isnull=True
    )
    return Q(social_services=True) | Exists(insertion_purchase)


def with_climate_flag(markets, selected: bool = True):
    """Annotates threshold_purchase, threshold_buyer, eu_threshold, climate_status and climate_flagged (Climat et
    Résilience, article L2112-2-1), in the order of clauses.thresholds.climate_status; with selected=False, only to
    filter on: not read back, so that the rows a page shows do not evaluate them again."""

    def add(queryset, **expressions):
        return queryset.annotate(**expressions) if selected else queryset.alias(**expressions)

    with_keys = add(
        markets,
        threshold_purchase=Case(
            When(contract_type="concession", then=Value(ThresholdPurchase.WORKS)),
            When(
                Q(nature=ThresholdPurchase.SERVICES) & social_services_purchase(),
                then=Value(ThresholdPurchase.SOCIAL_SERVICES),
            ),
            default=F("nature"),
            output_field=CharField(),
        ),
        threshold_buyer=Case(
            When(defence_or_security=True, then=Value(ThresholdBuyer.DEFENCE)),
            When(contracting_entity=True, then=Value(ThresholdBuyer.CONTRACTING_ENTITY)),
            When(buyer__buyer_category="etat", then=Value(ThresholdBuyer.CENTRAL)),
            default=Value(ThresholdBuyer.CONTRACTING_AUTHORITY),
            output_field=CharField(),
        ),
    )
    threshold = EuThreshold.objects.covering(
        OuterRef("threshold_purchase"), OuterRef("threshold_buyer"), OuterRef("publication_date")
    )
    with_threshold = add(with_keys, eu_threshold=Subquery(threshold.values("amount")[:1]))
    exemption = ClimateExemption.objects.filter(market=OuterRef("pk")).exclude(reason="")
    with_status = add(
        with_threshold,
        climate_status=Case(
            When(defence_or_security=True, then=Value(ClimateStatus.DEFENCE)),
            When(publication_date__isnull=True, then=Value(ClimateStatus.MISSING_DATA)),
            When(publication_date__lt=CLIMAT_RESILIENCE_START, then=Value(ClimateStatus.NOT_CONCERNED)),
            When(amount__isnull=True, then=Value(ClimateStatus.MISSING_DATA)),
            When(eu_threshold__isnull=True, then=Value(ClimateStatus.UNKNOWN_THRESHOLD)),
            When(amount__lt=F("eu_threshold"), then=Value(ClimateStatus.NOT_CONCERNED)),
            When(social_execution_condition(), then=Value(ClimateStatus.COMPLIANT)),
            When(Exists(exemption), then=Value(ClimateStatus.EXEMPT)),
            default=Value(ClimateStatus.TO_FIX),
            output_field=CharField(),
        ),
    )
    return add(
        with_status,
        climate_flagged=Case(
            When(climate_status=ClimateStatus.TO_FIX, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def launched_under_obligation(markets):
    """The contracts launched from 22 August 2026 with an amount, outside defence and security: the only ones that
    may be concerned, or whose threshold may be unknown."""
    return markets.filter(
        publication_date__gte=CLIMAT_RESILIENCE_START, amount__isnull=False, defence_or_security=False
    )


def may_be_concerned(markets):
    """Those of them at or above the lowest EU threshold: the only ones that may be flagged, whose own threshold is
    then looked up one by one (at scale 1, 1,000 of 1,700 launched)."""
    lowest = EuThreshold.objects.order_by("amount").values("amount")[:1]
    return launched_under_obligation(markets).filter(amount__gte=Subquery(lowest))


def climate_flagged(markets):
    """Contracts at or above their EU threshold, launched from 22 August 2026, without a social execution
    condition nor a recorded exemption."""
    return with_climate_flag(may_be_concerned(markets), selected=False).filter(climate_flagged=True)


def unknown_threshold(markets):
    """Contracts launched from 22 August 2026 on a date no EU threshold of their kind covers (« seuil inconnu »)."""
    return with_climate_flag(launched_under_obligation(markets), selected=False).filter(
        climate_status=ClimateStatus.UNKNOWN_THRESHOLD
    )
