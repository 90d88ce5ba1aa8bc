"""Queryset helpers over contracts, in SQL, for the pages and dashboards that list many of them.

climate_flagged() is the bulk twin of clauses.thresholds.climate_resilience_flag(); a test checks they agree.
"""

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When

from .counting import PUBLISHED_EXECUTION_CONDITION, covered
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


def with_climate_flag(markets, selected: bool = True):
    """Annotates eu_threshold and climate_flagged (Climat et Résilience, article L2112-2-1); with selected=False,
    only to filter on: not read back, so that the rows a page shows do not evaluate them again."""

    def add(queryset, **expressions):
        return queryset.annotate(**expressions) if selected else queryset.alias(**expressions)

    condition = social_execution_condition()
    exemption = ClimateExemption.objects.filter(market=OuterRef("pk")).exclude(reason="")
    threshold = (
        EuThreshold.objects.filter(
            nature=OuterRef("threshold_nature"),
            buyer_category=OuterRef("buyer__buyer_category"),
            valid_from__lte=OuterRef("publication_date"),
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("publication_date")))
        .order_by("-valid_from")
        .values("amount")[:1]
    )
    with_threshold = add(
        markets,
        threshold_nature=Case(When(contract_type="concession", then=Value("travaux")), default=F("nature")),
        eu_threshold=Subquery(threshold),
    )
    return add(
        with_threshold,
        climate_flagged=Case(
            When(
                Q(publication_date__gte=CLIMAT_RESILIENCE_START, amount__gte=F("eu_threshold"))
                & ~condition
                & ~Exists(exemption),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def social_execution_condition() -> Q:
    """The condition, on contracts, that they carry a social execution condition (L2112-2-1): a counting
    consideration on a legal basis that satisfies the obligation (LegalBasisReference), or « Clause sociale »
    published in DECP; covering the contract or each lot, as the territory counts (clauses.counting)."""
    satisfying = LegalBasisReference.objects.filter(satisfies_climate_obligation=True).values("legal_basis")
    return covered(Consideration.objects.counted().filter(legal_basis__in=satisfying), PUBLISHED_EXECUTION_CONDITION)


def may_be_concerned(markets):
    """The contracts launched from 22 August 2026 at or above the lowest EU threshold: the only ones the obligation
    may apply to, whose own threshold is then looked up one by one (at scale 1, 1,000 of 1,700 launched)."""
    lowest = EuThreshold.objects.order_by("amount").values("amount")[:1]
    return markets.filter(publication_date__gte=CLIMAT_RESILIENCE_START, amount__gte=Subquery(lowest))


def climate_flagged(markets):
    """Contracts at or above their EU threshold, launched from 22 August 2026, without a social execution
    condition nor a recorded exemption."""
    return with_climate_flag(may_be_concerned(markets), selected=False).filter(climate_flagged=True)
