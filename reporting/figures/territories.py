"""The consolidated figures of several territories for a year, side by side and in total: what coordinations, the
platform admin and the open data read. Each figure is the dashboard's own function with ``by_territory`` (one
query, GROUP BY territory, whatever the number of territories), so a territory's row is what its own dashboard
shows; the total adds the rows up, except the companies (one holding contracts in two territories counts once),
read once more over every territory. Counts of people and companies go through partners.secrecy."""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count

from partners import secrecy

from . import followup
from . import markets as market_figures

# The counts of people and companies of a row, which statistical secrecy covers.
PROTECTED = ("people", "people_of_year", "companies", "companies_of_year")


@dataclass(frozen=True)
class Row:
    """One territory's figures (``territory`` None: the total of the table)."""

    territory: object
    contracts: int
    social: int
    pnad: market_figures.PnadShare
    climate: dict
    kinds: list[dict]
    hours: dict  # total, year (counted during the year), declared
    people: int | secrecy.Secret  # counted participants (all years)
    people_of_year: int | secrecy.Secret  # participants with hours counted during the year
    companies: int | secrecy.Secret  # holding the contracts (holders, co- and subcontractors)
    companies_of_year: int | secrecy.Secret  # with hours counted during the year
    outcomes: list[dict] = field(default_factory=list)  # the counted participants by exit outcome

    @property
    def label(self) -> str:
        return str(self.territory) if self.territory is not None else "Total"

    @property
    def key(self):
        return self.territory.pk if self.territory is not None else "total"

    @property
    def social_share(self) -> Decimal | None:
        return market_figures.percent(self.social, self.contracts)


@dataclass(frozen=True)
class Consolidated:
    year: int
    rows: list[Row]  # one per territory, by name
    total: Row
    threshold: int

    @property
    def outcome_labels(self) -> list[str]:
        return [row["label"] for row in self.total.outcomes]


def _summed(dicts: list[dict], keys) -> dict:
    return {key: sum(values[key] for values in dicts) for key in keys}


def _summed_kinds(kind_lists: list[list[dict]]) -> list[dict]:
    kinds = market_figures.kind_rows([])
    for kind in kinds:
        for key in market_figures.KIND_FIGURES:
            kind[key] = sum(row[key] for rows in kind_lists for row in rows if row["kind"] == kind["kind"])
    return kinds


def consolidated(markets, territories, year: int, limit: int | None = None) -> Consolidated:
    """The figures of ``territories`` (ordered), ``markets`` being every contract of them (Market.objects
    .visible_to(user) for a coordination or the platform admin, or of one territory), in 10 queries."""
    counts = market_figures.ContractCounts.of(markets, by_territory=True)
    climate = market_figures.climate_compliance(markets, by_territory=True)
    kinds = market_figures.considerations_by_kind(markets, year, by_territory=True)
    hours = followup.hours(markets, year, by_territory=True)
    people = followup.participant_breakdown(followup.participant_ids(markets), date(year, 1, 1), by_territory=True)
    activity = followup.activity(markets, year, by_territory=True)
    companies = market_figures.company_count(markets, by_territory=True)

    def row(territory, counts, climate, kinds, hours, people, activity, companies) -> Row:
        totals = counts.totals()
        return Row(
            territory=territory,
            contracts=totals["market_count"],
            social=totals["social_count"],
            pnad=counts.pnad(year),
            climate=climate,
            kinds=kinds,
            hours=hours,
            people=people["total"],
            people_of_year=activity["participants"],
            companies=companies,
            companies_of_year=activity["companies"],
            outcomes=people["outcome"],
        )

    rows = [
        row(t, counts[t.pk], climate[t.pk], kinds[t.pk], hours[t.pk], people[t.pk], activity[t.pk], companies[t.pk])
        for t in territories
    ]
    ids = [t.pk for t in territories]
    total = row(
        None,
        market_figures.ContractCounts.summed(counts, ids),
        market_figures.compliance(_summed([climate[pk] for pk in ids], ("concerned", "flagged", "unknown"))),
        _summed_kinds([kinds[pk] for pk in ids]),
        _summed([hours[pk] for pk in ids], ("total", "year", "declared")),
        {  # a participant belongs to one territory: they add up
            "total": sum(people[pk]["total"] for pk in ids),
            "outcome": [
                {"label": outcome["label"], "count": sum(people[pk]["outcome"][index]["count"] for pk in ids)}
                for index, outcome in enumerate(people.empty["outcome"])
            ],
        },
        followup.activity(markets, year),
        market_figures.company_count(markets),
    )
    limit = secrecy.threshold() if limit is None else limit
    rows, total = protected(rows, total, limit)
    return Consolidated(year=year, rows=rows, total=total, threshold=limit)


def cells_and_lines(rows: list[Row], total: Row) -> tuple[dict, list[secrecy.Line]]:
    """The table's counts of people and companies as cells (row key, column) and the lines they add up in: each
    row's outcomes to its participants, and each column of the territories to the total (by_total: a territory's
    figures never depend on the others')."""
    cells = {}
    for line in [*rows, total]:
        cells.update({(line.key, name): getattr(line, name) for name in PROTECTED})
        cells.update({(line.key, ("outcome", index)): row["count"] for index, row in enumerate(line.outcomes)})
    columns = [*PROTECTED, *(("outcome", index) for index in range(len(total.outcomes)))]
    lines = [
        secrecy.Line((line.key, "people"), tuple((line.key, ("outcome", i)) for i in range(len(line.outcomes))))
        for line in [*rows, total]
    ]
    lines += [
        secrecy.Line((total.key, column), tuple((line.key, column) for line in rows), by_total=True)
        for column in columns
    ]
    return cells, lines


def protected(rows: list[Row], total: Row, limit: int) -> tuple[list[Row], Row]:
    """The rows with their hidden counts of people and companies replaced by SECRET (partners.secrecy)."""
    cells, lines = cells_and_lines(rows, total)
    shown = secrecy.protect(cells, lines, limit)

    def masked(line: Row) -> Row:
        return replace(
            line,
            **{name: shown[line.key, name] for name in PROTECTED},
            outcomes=[{**row, "count": shown[line.key, ("outcome", index)]} for index, row in enumerate(line.outcomes)],
        )

    return [masked(line) for line in rows], masked(total)


def services(markets, year: int) -> list[dict]:
    """The services (territories) that follow these contracts (a buyer's, in every territory): how many each and
    the hours counted on them, in all and during the year, in 2 queries. A buyer reads its own contracts' figures:
    no statistical secrecy here (no count of people)."""
    hours = followup.hours(markets, year, by_territory=True)
    rows = markets.order_by().values("territory", "territory__name").annotate(contracts=Count("pk"))
    return sorted(
        (
            {"name": row["territory__name"], "contracts": row["contracts"], "hours": hours[row["territory"]]}
            for row in rows
        ),
        key=lambda row: row["name"],
    )
