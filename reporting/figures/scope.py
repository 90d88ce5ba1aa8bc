"""The rows of a scope of contracts. Every figure filters its rows (considerations, contractors, hour summaries…)
by the contracts of the page. When those are every contract of some territories (a facilitator's or a
coordination's scope, unfiltered), the rows are filtered by territory instead, directly on the summaries, which
copy it: the semi-join over the territory's 10,000 contracts is skipped (~10–15 ms a figure at scale 1)."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.lookups import In

from markets.models import Market

EVERY_TERRITORY = ()  # the scope of the platform admin: no filter at all


def whole_territories(markets) -> tuple[int, ...] | None:
    """The territories whose every contract the queryset is (EVERY_TERRITORY when unfiltered), else None."""
    query = markets.query
    if markets.model is not Market or query.is_sliced or query.combinator:
        return None
    where = query.where
    if not where.children:
        return EVERY_TERRITORY
    only = where.children[0] if len(where.children) == 1 and not where.negated else None
    if isinstance(only, In) and getattr(only.lhs, "target", None) == Market._meta.get_field("territory"):
        return tuple(only.rhs)
    return None


def of_markets(rows, markets, lookup: str = "market"):
    """The rows (a queryset) of these contracts, through ``lookup`` (a non-null foreign key path)."""
    territories = whole_territories(markets)
    if territories is None:
        return rows.filter(**{f"{lookup}__in": markets})
    if territories == EVERY_TERRITORY:
        return rows.all()
    return rows.filter(**{f"{territory_path(rows.model, lookup)}__in": territories})


def territory_path(model, lookup: str) -> str:
    """The model's own territory column when it copies it (the summaries), else its contract's."""
    try:
        model._meta.get_field("territory")
    except FieldDoesNotExist:
        return f"{lookup}__territory"
    return "territory"
