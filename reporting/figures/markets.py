"""Contracts and their social considerations: counts, the PNAD share and Climat et Résilience."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import ExtractYear

from clauses.enums import ClimateStatus, Kind, PnadPerimeter
from clauses.models import DECP_MINIMUM_AMOUNT, Consideration, PnadTarget
from clauses.queries import launched_under_obligation, with_climate_flag, with_social_consideration
from markets.enums import Status
from markets.models import Contractor

from .grouping import per, split, territory_path
from .scope import of_markets


def percent(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PnadShare:
    """A year's share of the notified contracts with a social consideration (clauses.counting), over the perimeter
    and against the target of that year's PnadTarget (all contracts and no target without one)."""

    year: int
    total: int
    social: int
    reference: PnadTarget | None = None

    @property
    def share(self) -> Decimal | None:
        return percent(self.social, self.total)

    @property
    def target(self) -> Decimal | None:
        return self.reference.target if self.reference else None

    @property
    def perimeter(self) -> str:
        return self.reference.get_perimeter_display() if self.reference else PnadPerimeter.ALL.label

    @property
    def reached(self) -> bool | None:
        """Whether the target is reached; None without a target (or a contract)."""
        if self.target is None or self.share is None:
            return None
        return self.share >= self.target


@dataclass(frozen=True)
class ContractCounts:
    """The contracts counted by year of notification (None: not notified) and status, with their amount and
    those with a social consideration (clauses.counting), in all and among those of at least 40,000 € HT: the
    status chart, the headline figures and the PNAD shares all read this one query (and the PNAD targets)."""

    rows: list[dict]
    targets: dict[int, PnadTarget] = field(default_factory=dict)

    @classmethod
    def of(cls, markets, by_territory: bool = False):
        """The counts of the contracts; with ``by_territory``, those of each territory (PerTerritory)."""
        keys = ("territory", "year", "status") if by_territory else ("year", "status")
        rows = list(
            with_social_consideration(markets.order_by())
            .annotate(
                year=ExtractYear("notification_date"),
                in_decp=ExpressionWrapper(Q(amount__gte=DECP_MINIMUM_AMOUNT), output_field=BooleanField()),
            )
            .values(*keys)
            .annotate(
                count=Count("pk"),
                amount=Sum("amount"),
                social=Count("pk", filter=Q(has_social_consideration=True)),
                decp_count=Count("pk", filter=Q(in_decp=True)),
                decp_social=Count("pk", filter=Q(has_social_consideration=True, in_decp=True)),
            )
            .order_by(*keys)
        )
        targets = {target.year: target for target in PnadTarget.objects.all()}
        if by_territory:
            return split(rows, "territory", lambda rows: cls(rows, targets))
        return cls(rows, targets)

    @classmethod
    def summed(cls, per_territory, territory_ids) -> "ContractCounts":
        """The counts of these territories together, from ``of(..., by_territory=True)``."""
        rows = [row for pk in territory_ids for row in per_territory[pk].rows]
        return cls(rows, per_territory.empty.targets)

    def by_status(self) -> list[dict]:
        counts = Counter()
        for row in self.rows:
            counts[row["status"]] += row["count"]
        return [{"status": status, "label": status.label, "count": counts[status.value]} for status in Status]

    def totals(self) -> dict:
        """Number and amount of the contracts, and those with a social consideration."""
        return {
            "market_count": sum(row["count"] for row in self.rows),
            "total_amount": sum(row["amount"] or 0 for row in self.rows),
            "social_count": sum(row["social"] for row in self.rows),
        }

    def pnad_by_year(self) -> list[PnadShare]:
        """Per year of notification: contracts with a social consideration ÷ contracts, over the year's perimeter."""
        totals, social = Counter(), Counter()
        for row in self.rows:
            year = row["year"]
            if year is not None:
                decp = year in self.targets and self.targets[year].perimeter == PnadPerimeter.DECP
                totals[year] += row["decp_count" if decp else "count"]
                social[year] += row["decp_social" if decp else "social"]
        return [PnadShare(year, totals[year], social[year], self.targets.get(year)) for year in sorted(totals)]

    def pnad(self, year: int) -> PnadShare:
        default = PnadShare(year, 0, 0, self.targets.get(year))
        return next((share for share in self.pnad_by_year() if share.year == year), default)


def company_count(markets, by_territory: bool = False):
    """The companies holding these contracts (holders, co- and subcontractors); with ``by_territory``, those of
    each territory's contracts (a company holding contracts in two territories counts in both)."""
    contractors = of_markets(Contractor.objects.all(), markets, "lot__market")
    return per(
        contractors, "lot__market", by_territory, lambda row: row["count"], count=Count("organisation", distinct=True)
    )


def amounts(markets) -> dict:
    """Number and amount of the contracts."""
    totals = markets.order_by().aggregate(count=Count("pk"), amount=Sum("amount"))
    return {"market_count": totals["count"], "total_amount": totals["amount"] or 0}


def climate_compliance(markets, by_territory: bool = False):
    """Contracts the Climat et Résilience obligation applies to (at or above their EU threshold, launched from
    22 August 2026, outside defence and security), those among them without a social execution condition nor a
    recorded exemption, and those whose threshold is unknown (no threshold covers their launch date)."""
    return per(
        with_climate_flag(launched_under_obligation(markets), selected=False),
        None,
        by_territory,
        compliance,
        concerned=Count("pk", filter=Q(climate_status__in=ClimateStatus.concerned())),
        flagged=Count("pk", filter=Q(climate_flagged=True)),
        unknown=Count("pk", filter=Q(climate_status=ClimateStatus.UNKNOWN_THRESHOLD)),
    )


def compliance(totals: dict) -> dict:
    """The figures of climate_compliance from its three counts (which add up across territories)."""
    concerned, flagged = totals["concerned"], totals["flagged"]
    return {
        "concerned": concerned,
        "flagged": flagged,
        "compliant": concerned - flagged,
        "share": percent(concerned - flagged, concerned),
        "unknown": totals["unknown"],
    }


def considerations_of(markets):
    """The considerations the figures count (clauses.counting): written into the tender documents."""
    return of_markets(Consideration.objects.counted(), markets)


KIND_FIGURES = ("count", "contracts", "total_target", "target_of_year")


def considerations_by_kind(markets, year: int, by_territory: bool = False):
    """Considerations counted (written into the tender documents), by kind, with the contracts they are on and their
    targets, in all and on the contracts notified in the year: the kind chart and the insertion hours' targets
    (hours_targets) in one query; with ``by_territory``, those of each territory (their figures add up: a contract is
    in one territory)."""
    considerations = considerations_of(markets)
    path = territory_path(considerations.model, "market")
    keys = (path, "kind") if by_territory else ("kind",)
    rows = (
        considerations.order_by()
        .values(*keys)
        .annotate(
            count=Count("pk"),
            contracts=Count("market", distinct=True),
            total_target=Sum("target"),
            target_of_year=Sum("target", filter=Q(market__notification_date__year=year)),
        )
    )
    return split(rows, path, kind_rows) if by_territory else kind_rows(rows)


def kind_rows(rows) -> list[dict]:
    """Every kind with its figures (0 without a consideration), from rows by kind."""
    rows = {row["kind"]: row for row in rows}
    return [
        {
            "kind": kind,
            "label": kind.label,
            **{key: rows.get(kind.value, {}).get(key) or 0 for key in KIND_FIGURES},
        }
        for kind in Kind
    ]


def hours_targets(kinds: list[dict]) -> tuple[Decimal, Decimal]:
    """The insertion hours the contracts' insertion clauses require, in all and on the contracts notified in the
    year (``kinds``: considerations_by_kind)."""
    row = next(row for row in kinds if row["kind"] == Kind.INSERTION_HOURS)
    return Decimal(row["total_target"]), Decimal(row["target_of_year"])
