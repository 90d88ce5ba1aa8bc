"""The rows of a scope of contracts. Every figure filters its rows (considerations, contractors, hour summaries…)
by the contracts of the page; when those are every contract (a facilitator's scope, unfiltered) the rows are
all of them, and the semi-join over the 10,000 contracts is skipped (~10–15 ms a figure at scale 1)."""

from markets.models import Market


def is_every_contract(markets) -> bool:
    """Whether the queryset is every contract, unfiltered."""
    query = markets.query
    return markets.model is Market and not (query.where or query.is_sliced or query.combinator)


def of_markets(rows, markets, lookup: str = "market"):
    """The rows (a queryset) of these contracts, through ``lookup`` (a non-null foreign key path)."""
    return rows.all() if is_every_contract(markets) else rows.filter(**{f"{lookup}__in": markets})
