"""Cells written to a CSV or XLSX file: a text that a spreadsheet would read as a formula is neutralised.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice
(``=HYPERLINK(…)`` sends the reader's click away, ``=cmd|' /C calc'!A0`` asks to run a program): a name, an object
or a DECP identifier typed by anyone may start so. ``safe_cell`` prefixes such a text with an apostrophe, which the
spreadsheet shows as text. Only texts are changed: numbers, dates and ``None`` are kept as they are, so a negative
amount stays a number in an XLSX file and a figure in a CSV file. Every export of Levier writes its cells through
it (reporting's tables and open data, the DECP rejects report, the statement template). It lives here, low in the
layers, because markets (the DECP report) and every app above write spreadsheets.
"""

from .secrecy import Secret

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value``, or ``"'" + value`` when it is a text a spreadsheet would run as a formula; « secret » for a count
    under statistical secrecy."""
    if isinstance(value, Secret):
        return str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
