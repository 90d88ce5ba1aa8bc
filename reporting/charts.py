"""Charts drawn on the server as SVG (pygal), so they read the same in the browser, in PDFs and without
JavaScript. Each chart keeps its figures so that templates show them in a table beside it."""

import base64
import sys
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.utils.formats import number_format
from pygal.style import Style

from partners.secrecy import SECRET

# pygal appends a legacy import hook (for its optional map plugins, unused here) that lacks find_spec and makes
# every later import emit an ImportWarning; take it out.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]

STYLE = Style(
    font_family="'Source Sans 3', 'DejaVu Sans', sans-serif",
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#666666",
    colors=("#1d4e89", "#e07a1f", "#2a9d8f", "#8d5fd3", "#c1121f", "#6c757d", "#ffb703", "#0b6e4f"),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)


def french_number(value) -> str:
    """1 234 567 for whole numbers, 22,3 for a share: the same text as the table beside the chart."""
    value = value or 0
    return number_format(value, decimal_pos=0 if value == int(value) else 1, use_l10n=True, force_grouping=True)


def short_label(label: str, length: int = 36) -> str:
    """The chart's label (the table beside it keeps the whole label)."""
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def drawn(value):
    """A bar's value: none for a secret count (partners.secrecy: no bar, no number), 0 for a missing one."""
    return None if value is SECRET else value or 0


@dataclass(frozen=True)
class Chart:
    title: str
    labels: list[str]
    series: list[tuple[str, list]]  # (series name, one value per label)
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    @property
    def rows(self) -> list[tuple[str, list]]:
        """One row per label with its value in each series, for the table beside the chart."""
        return [(label, [values[index] for _, values in self.series]) for index, label in enumerate(self.labels)]

    @property
    def is_empty(self) -> bool:
        """No figure at all (a secret one is a figure: its table says so)."""
        return not any(value for _, values in self.series for value in values)

    @property
    def is_drawn(self) -> bool:
        """At least one bar: not only zeros and secret figures."""
        return any(value for _, values in self.series for value in values if value is not SECRET)


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list]], horizontal: bool = True) -> Chart:
    """A bar chart: one bar per label, grouped when there are several series (target and realised…)."""
    svg = render_bar_chart(title, tuple(labels), tuple((name, tuple(values)) for name, values in series), horizontal)
    return Chart(title=title, labels=labels, series=series, svg=svg)


@lru_cache(maxsize=256)
def render_bar_chart(title: str, labels: tuple, series: tuple, horizontal: bool) -> str:
    """The SVG of a bar chart. pygal takes ~10 ms a chart and a dashboard has ten; the same figures give the same
    drawing, so each process keeps the last drawings (a few MB at most) and redraws only what changed."""
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(220, 60 + 34 * len(labels) * max(1, len(series))) if horizontal else 320
    chart = chart_class(
        style=STYLE,
        width=720,
        height=height,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=True,
        value_formatter=french_number,
        js=[],
        disable_xml_declaration=True,
        truncate_label=40,
        margin=12,
        no_data_text="Aucune donnée",
        show_y_guides=not horizontal,
        show_x_guides=False,
        print_values_position="top",
        # a horizontal bar prints its value: no scale under the bars (in a PDF, half the text WeasyPrint lays out)
        show_x_labels=not horizontal,
    )
    values = [drawn(value) for _, series_values in series for value in series_values if value is not SECRET]
    if values and all(value == int(value) for value in values) and max(values) <= 10:
        chart.y_labels = list(range(0, int(max(values)) + 2))  # counts: whole-number ticks, not 0.2 steps
    # pygal draws horizontal bars from the bottom up: reverse them so they read in the table's order.
    order = slice(None, None, -1) if horizontal else slice(None)
    chart.x_labels = [short_label(label) for label in labels][order]
    for name, values in series:
        chart.add(name, [drawn(value) for value in values][order])
    return chart.render(is_unicode=True)
