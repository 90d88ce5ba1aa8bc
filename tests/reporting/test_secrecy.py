"""Statistical secrecy: pure functions over cells and the lines they add up in."""

from hypothesis import given
from hypothesis import strategies as st

from partners.secrecy import SECRET, Line, hidden_cells, protect

LIMIT = 5


def test_a_small_count_is_secret_not_zero_and_a_zero_is_shown():
    shown = protect({"a": 3, "b": 0, "c": 12}, [], LIMIT)
    assert shown == {"a": SECRET, "b": 0, "c": 12}
    assert str(SECRET) == "secret"


def test_a_single_hidden_cell_of_a_line_gets_a_complement():
    cells = {"total": 30, "a": 2, "b": 8, "c": 20}
    assert hidden_cells(cells, [Line("total", ("a", "b", "c"))], LIMIT) == {"a", "b"}  # the smallest other


def test_hidden_cells_together_are_not_a_small_count():
    cells = {"total": 40, "a": 1, "b": 2, "c": 7, "d": 30}
    assert hidden_cells(cells, [Line("total", ("a", "b", "c", "d"))], LIMIT) == {"a", "b", "c"}


def test_a_line_whose_total_is_secret_hides_its_zeros():
    cells = {"total": 3, "a": 3, "b": 0, "c": 0}
    assert hidden_cells(cells, [Line("total", ("a", "b", "c"))], LIMIT) == {"total", "a", "b", "c"}


def test_by_total_hides_the_total_never_another_part():
    cells = {"total": 30, "a": 2, "b": 8, "c": 20}
    assert hidden_cells(cells, [Line("total", ("a", "b", "c"), by_total=True)], LIMIT) == {"a", "total"}


def test_a_territory_hidden_cell_hides_the_totals_it_is_in():
    # two territories × two categories: the small cell's row hides a complement; the columns hide their totals
    cells = {(0, 0): 2, (0, 1): 10, (0, "t"): 12, (1, 0): 10, (1, 1): 10, (1, "t"): 20}
    cells |= {("T", 0): 12, ("T", 1): 20, ("T", "t"): 32}
    lines = [Line((r, "t"), ((r, 0), (r, 1))) for r in (0, 1, "T")]
    lines += [Line(("T", c), ((0, c), (1, c)), by_total=True) for c in (0, 1, "t")]
    assert hidden_cells(cells, lines, LIMIT) == {(0, 0), (0, 1), ("T", 0), ("T", 1)}


counts = st.integers(min_value=0, max_value=12)


@st.composite
def tables(draw):
    """A table of territories × categories with its row totals, column totals and grand total."""
    rows, columns = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    cells = {(r, c): draw(counts) for r in range(rows) for c in range(columns)}
    for r in range(rows):
        cells[r, "total"] = sum(cells[r, c] for c in range(columns))
    for c in [*range(columns), "total"]:
        cells["total", c] = sum(cells[r, c] for r in range(rows))
    lines = [Line((r, "total"), tuple((r, c) for c in range(columns))) for r in [*range(rows), "total"]]
    lines += [Line(("total", c), tuple((r, c) for r in range(rows)), by_total=True) for c in [*range(columns), "total"]]
    return cells, lines


@given(tables())
def test_no_small_count_is_shown_and_no_line_gives_a_hidden_cell_back(table):
    cells, lines = table
    hidden = hidden_cells(cells, lines, LIMIT)
    assert all(not 0 < value < LIMIT for key, value in cells.items() if key not in hidden)
    for line in lines:
        parts = [key for key in line.parts if key in hidden]
        if line.total not in hidden:
            assert not parts or (len(parts) >= 2 and sum(cells[key] for key in parts) >= LIMIT)
        elif any(cells[key] for key in line.parts):
            assert parts  # else the total would be the sum of its shown parts


@given(tables())
def test_a_row_is_protected_whatever_the_other_rows(table):
    """Each territory's row (its cells and its total) is hidden the same way as on its own: its open data."""
    cells, lines = table
    hidden = hidden_cells(cells, lines, LIMIT)
    row_keys = [key for key in cells if key[0] == 0]
    alone_cells = {key: cells[key] for key in row_keys}
    alone_cells.update({("total", key[1]): cells[key] for key in row_keys})
    alone_lines = [line for line in lines if line.total[0] in (0, "total")]
    alone_lines = [
        Line(line.total, tuple(key for key in line.parts if key in alone_cells), line.by_total) for line in alone_lines
    ]
    alone = hidden_cells(alone_cells, alone_lines, LIMIT)
    assert {key for key in row_keys if key in hidden} == {key for key in row_keys if key in alone}
