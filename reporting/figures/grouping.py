"""The same figure for one scope, or for each of its territories in the same query (GROUP BY territory): the
consolidated tables (reporting.figures.territories) call the dashboard's own functions with ``by_territory``, so
that a territory's row and its own dashboard read the same aggregates and can never disagree."""

from collections import defaultdict

from django.db.models import Count

from .scope import territory_path

__all__ = ["PerTerritory", "per", "split", "territory_path"]


class PerTerritory(dict):
    """Figures by territory id; a territory without any row reads the figures of nothing (``empty``)."""

    def __init__(self, rows, empty):
        super().__init__(rows)
        self.empty = empty

    def __missing__(self, territory):
        return self.empty


def _nothing(aggregates: dict) -> dict:
    """What ``aggregate()`` gives on no rows: 0 for a count, None for a sum."""
    return {name: 0 if isinstance(expression, Count) else None for name, expression in aggregates.items()}


def per(rows, lookup: str | None, by_territory: bool, finish, **aggregates):
    """``finish(rows.aggregate(**aggregates))``; with ``by_territory``, the same for each territory of the rows
    (their own column when they copy it, else their contract's through ``lookup``), in one query."""
    rows = rows.order_by()
    if not by_territory:
        return finish(rows.aggregate(**aggregates))
    path = territory_path(rows.model, lookup)
    grouped = rows.values(path).annotate(**aggregates)
    return PerTerritory({row.pop(path): finish(row) for row in grouped}, finish(_nothing(aggregates)))


def split(rows, path: str, finish) -> PerTerritory:
    """Rows (dicts) read with their territory at ``path``, grouped by it: ``finish`` of each territory's rows."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.pop(path)].append(row)
    return PerTerritory({territory: finish(group) for territory, group in grouped.items()}, finish([]))
