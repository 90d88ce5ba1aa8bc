"""Statistical secrecy (secret statistique) of the figures read from outside a territory's facilitators: the
coordinations' and the platform admin's consolidated tables, the consolidated PDF and the open data, and what a
buyer reads (see protect_breakdown below) show no count of people or companies that would single out a few of them.
It lives in partners, with the people it protects, so that the follow-up's pages apply it as reporting's do.

The rule is the one of public statistics' tables (the "frequency rule"):

- primary secrecy: a cell counting at least one and fewer than ``settings.LEVIER_SECRECY_THRESHOLD`` units is
  shown as « secret » (never as 0). Empty cells (0) are shown: nobody's data is in them (sdcTable, the R package
  of the European Centre of Excellence on SDC, by default: "empty cells are not considered primary sensitive",
  https://rdrr.io/pkg/sdcTable/man/primarySuppression.html), except in a line whose total is itself secret, where
  the zeros would tell in which cell the few people are;
- secondary secrecy: a table's lines add up (the territories to the total, the outcomes to the participants), so
  a line with a single hidden cell would give it back by subtraction. Other cells are hidden, the smallest first,
  until every line whose total is shown hides no cell or at least two cells of at least the threshold's worth of
  units together (their sum, which a reader gets by subtraction, is not a small count either, nor a telling 0),
  and every line whose total is hidden hides at least one of its parts (else the total is their sum). Between
  the territories and their total (``Line.by_total``) the complement is always the total: a territory's row is
  hidden exactly as on its own, so its open data and its row of any coordination's table agree and cannot be
  subtracted from one another.

The threshold: French public statistics (law no. 51-711 of 7 June 1951, article 6, on statistical secrecy, as
INSEE's confidentiality notes recall: https://insee.fr/en/metadonnees/source/operation/s2090/confidentialite)
publish no table cell of fewer than 3 units for businesses, the usual minimum of the frequency rule (sdcTable's
default ``maxN`` is 3, cells of 3 or fewer units being sensitive there); INSEE's gridded household data go up to 11
households for incomes. The default here is 5: the participants of insertion clauses are people in a vulnerable
situation (RSA, disability, long-term unemployment) in services of a few dozen people, and a regional observatory
publishes the file as is; a service may raise it (environment variable SECRECY_THRESHOLD), not lower it under 3
(config.settings refuses).

The suppression is a heuristic over the lines given, not an audit of every linear combination (τ-Argus does
that): tables published separately (each territory's open data and a coordination's consolidated table) are each
protected, not their combination; see the README.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

MINIMUM_THRESHOLD = 3


class Secret:
    """A hidden cell: « secret » on a page, in a PDF and in the open data; no number to sum nor to draw."""

    def __str__(self):
        return "secret"

    def __repr__(self):
        return "SECRET"


SECRET = Secret()


def threshold() -> int:
    return settings.LEVIER_SECRECY_THRESHOLD


def is_small(value, limit: int) -> bool:
    return 0 < value < limit


@dataclass(frozen=True)
class Line:
    """Cells that add up: ``total`` is the sum of ``parts`` (or at most it: companies holding contracts in two
    territories count once in all). With ``by_total``, the parts are published on their own (each territory's row,
    its open data): an unsafe line hides its total, never one of its parts, so a territory's figures do not depend
    on its neighbours'."""

    total: Hashable
    parts: tuple
    by_total: bool = False


def hidden_cells(cells: Mapping[Hashable, int], lines: Iterable[Line], limit: int | None = None) -> set[Hashable]:
    """The cells to hide: those under the threshold, then enough others that no line gives one back."""
    limit = threshold() if limit is None else limit
    lines = list(lines)
    hidden = {key for key, value in cells.items() if is_small(value, limit)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if is_small(cells[line.total], limit) and not line.by_total:
                added = set(line.parts) - hidden
                hidden |= added
                changed |= bool(added)
            elif _unsafe(cells, hidden, line, limit):
                complement = _complement(cells, hidden, line, lines)
                if complement is not None:
                    hidden.add(complement)
                    changed = True
    return hidden


def _unsafe(cells, hidden, line: Line, limit: int) -> bool:
    hidden_parts = [key for key in line.parts if key in hidden]
    if line.total in hidden:
        return not hidden_parts and any(cells[key] for key in line.parts)  # the total is the sum of the shown parts
    mass = sum(cells[key] for key in hidden_parts)  # what a reader gets: the total minus the shown parts
    return bool(hidden_parts) and (len(hidden_parts) < 2 or mass < limit)


def _complement(cells, hidden, line: Line, lines: list[Line]):
    """The cell to hide next in an unsafe line: its smallest shown part with units, else its total; never a cell
    that hiding would not hide (the total of a line of shown parts, which is their sum)."""
    known = {other.total for other in lines if other.by_total and not hidden.intersection(other.parts)}
    candidates = [] if line.by_total else [key for key in line.parts if key not in hidden | known and cells[key] > 0]
    if candidates:
        return min(candidates, key=lambda key: cells[key])
    return line.total if line.total not in hidden and (line.by_total or line.total not in known) else None


def masked(cells: Mapping[Hashable, int], hidden: set) -> dict:
    """The cells with SECRET in place of the hidden ones."""
    return {key: SECRET if key in hidden else value for key, value in cells.items()}


def protect(cells: Mapping[Hashable, int], lines: Iterable[Line], limit: int | None = None) -> dict:
    """The cells as they may be shown: hidden_cells replaced by SECRET."""
    return masked(cells, hidden_cells(cells, lines, limit))


# The pages read by a buyer (its dashboard and PDF, a company's page, a contract's follow-up and report): the
# figures about people are protected there as above, and the sensitive publics (EligibleCategory.sensitive:
# disability, justice, health) are never broken down for one company or one contract, however many people.
ADDITIVE_TABLES = ("sex", "age", "outcome", "prescriber")  # each adds up to the total (one row per person)


def protect_breakdown(breakdown: dict, per_unit: bool = False, limit=None) -> dict:
    """A participant breakdown (reporting.figures.followup.participant_breakdown) as a buyer may read it: the total
    and each additive table under primary and secondary secrecy (a table's rows add up to the total); the eligible
    publics, which overlap, each under primary secrecy; with ``per_unit`` (one company, one contract) the sensitive
    publics left out."""
    cells = {"total": breakdown["total"]}
    lines = []
    for table in ADDITIVE_TABLES:
        keys = tuple((table, index) for index in range(len(breakdown[table])))
        cells |= {key: breakdown[table][key[1]]["count"] for key in keys}
        lines.append(Line("total", keys))
    categories = [row for row in breakdown["category"] if not (per_unit and row.get("sensitive"))]
    cells |= {("category", index): row["count"] for index, row in enumerate(categories)}
    shown = protect(cells, lines, limit)
    hidden_publics = per_unit and len(categories) < len(breakdown["category"])
    result = {**breakdown, "total": shown["total"], "sensitive_hidden": hidden_publics}
    result["threshold"] = threshold() if limit is None else limit
    for table in ADDITIVE_TABLES:
        result[table] = [{**row, "count": shown[(table, index)]} for index, row in enumerate(breakdown[table])]
    result["category"] = [{**row, "count": shown[("category", index)]} for index, row in enumerate(categories)]
    return result


def protect_grid(rows: list[list[int]], limit=None) -> tuple[list[list], list, list, object]:
    """A two-way table of counts of people (one per cell, rows × columns) as a buyer may read it: its cells, row
    totals, column totals and grand total, under primary and secondary secrecy."""
    cells = {("cell", i, j): value for i, row in enumerate(rows) for j, value in enumerate(row)}
    cells |= {("row", i): sum(row) for i, row in enumerate(rows)}
    columns = range(len(rows[0])) if rows else range(0)
    cells |= {("column", j): sum(row[j] for row in rows) for j in columns}
    cells["total"] = sum(sum(row) for row in rows)
    lines = [Line(("row", i), tuple(("cell", i, j) for j in columns)) for i in range(len(rows))]
    lines += [Line(("column", j), tuple(("cell", i, j) for i in range(len(rows)))) for j in columns]
    lines.append(Line("total", tuple(("row", i) for i in range(len(rows)))))
    lines.append(Line("total", tuple(("column", j) for j in columns)))
    shown = protect(cells, lines, limit)
    return (
        [[shown[("cell", i, j)] for j in columns] for i in range(len(rows))],
        [shown[("row", i)] for i in range(len(rows))],
        [shown[("column", j)] for j in columns],
        shown["total"],
    )


def protect_count(value: int, limit=None):
    """One count of people shown on its own (a company's participants in a list): primary secrecy."""
    limit = threshold() if limit is None else limit
    return SECRET if is_small(value, limit) else value


def protect_action(row: dict, limit=None) -> dict:
    """A row of actions by type: the people it reached and the women among them under secrecy (the men, their
    difference, are a hidden cell of the same line)."""
    people, women = row["people"] or 0, row["women"] or 0
    cells = {"people": people, "women": women, "men": people - women}
    shown = protect(cells, [Line("people", ("women", "men"))], limit)
    return {**row, "people": shown["people"], "women": shown["women"]}
