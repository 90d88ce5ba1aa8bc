"""Contracts and their social considerations: counts, the PNAD share and Climat et Résilience."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear

from clauses.enums import Kind
from clauses.models import Consideration
from clauses.queries import with_climate_flag, with_social_consideration
from clauses.thresholds import CLIMAT_RESILIENCE_START
from markets.enums import Status
from markets.models import Contractor

PNAD_TARGET = Decimal("30")  # % of the contracts of a year with at least one social consideration (PNAD 2022-2025)


def percent(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def status_counts(markets) -> list[dict]:
    counts = dict(markets.order_by().values_list("status").annotate(n=Count("pk")))
    return [{"status": status, "label": status.label, "count": counts.get(status.value, 0)} for status in Status]


def key_figures(markets) -> dict:
    """Number and amount of the contracts, those with a social consideration and the companies holding them."""
    totals = with_social_consideration(markets.order_by()).aggregate(
        count=Count("pk"), amount=Sum("amount"), social=Count("pk", filter=Q(has_social_consideration=True)))
    companies = Contractor.objects.filter(lot__market__in=markets).order_by().aggregate(
        count=Count("organisation", distinct=True))["count"]
    return {"market_count": totals["count"], "total_amount": totals["amount"] or 0,
            "social_count": totals["social"], "company_count": companies}


@dataclass(frozen=True)
class PnadShare:
    year: int
    total: int
    social: int

    @property
    def share(self) -> Decimal | None:
        return percent(self.social, self.total)

    @property
    def target(self) -> Decimal:
        return PNAD_TARGET

    @property
    def reached(self) -> bool:
        return self.share is not None and self.share >= PNAD_TARGET


def pnad_by_year(markets) -> list[PnadShare]:
    """Per year of notification: contracts with at least one social consideration ÷ all contracts."""
    rows = (
        with_social_consideration(markets.order_by().filter(notification_date__isnull=False))
        .annotate(year=ExtractYear("notification_date")).values("year")
        .annotate(total=Count("pk"), social=Count("pk", filter=Q(has_social_consideration=True)))
        .order_by("year")
    )
    return [PnadShare(row["year"], row["total"], row["social"]) for row in rows]


def pnad_share(markets, year: int) -> PnadShare:
    by_year = {share.year: share for share in pnad_by_year(markets.filter(notification_date__year=year))}
    return by_year.get(year, PnadShare(year, 0, 0))


def climate_compliance(markets) -> dict:
    """Contracts the Climat et Résilience obligation applies to (at or above their EU threshold, launched from
    22 August 2026) and those among them without a social execution condition nor a recorded exemption."""
    launched = markets.order_by().filter(publication_date__gte=CLIMAT_RESILIENCE_START)  # no threshold for others
    totals = with_climate_flag(launched).aggregate(
        concerned=Count("pk", filter=Q(amount__gte=F("eu_threshold"))),
        flagged=Count("pk", filter=Q(climate_flagged=True)),
    )
    return {**totals, "compliant": totals["concerned"] - totals["flagged"],
            "share": percent(totals["concerned"] - totals["flagged"], totals["concerned"])}


def considerations_of(markets):
    return Consideration.objects.active().filter(market__in=markets)


def considerations_by_kind(markets) -> list[dict]:
    """Considerations not abandoned, by kind, with the contracts they are on."""
    rows = {row["kind"]: row for row in considerations_of(markets).order_by().values("kind").annotate(
        count=Count("pk"), contracts=Count("market", distinct=True))}
    return [{"kind": kind, "label": kind.label, "count": rows.get(kind.value, {}).get("count", 0),
             "contracts": rows.get(kind.value, {}).get("contracts", 0)} for kind in Kind]


def hours_target(markets) -> Decimal:
    """The insertion hours the contracts' insertion clauses require (considerations not abandoned)."""
    total = considerations_of(markets).filter(kind=Kind.INSERTION_HOURS).aggregate(
        hours=Sum("target"))["hours"]
    return total or Decimal(0)
