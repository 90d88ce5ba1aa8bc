from django.template import engines

from reporting.charts import bar_chart, render_bar_chart
from reporting.pdf import html_to_pdf

from .pdftext import pdf_fonts, pdf_text


def test_bar_chart_keeps_its_figures_in_table_order():
    chart = bar_chart("Heures", ["Lot 1", "Lot 2"], [("Objectif", [1200, 300]), ("Réalisé", [800, None])])
    assert chart.rows == [("Lot 1", [1200, 800]), ("Lot 2", [300, None])]
    assert chart.svg.startswith("<svg") and "1\xa0200" in chart.svg
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert not chart.is_empty
    assert bar_chart("Vide", ["a"], [("x", [0])]).is_empty


def test_the_same_figures_are_drawn_once_and_new_figures_redrawn():
    render_bar_chart.cache_clear()
    first = bar_chart("Marchés par statut", ["En cours"], [("Marchés", [3])])
    again = bar_chart("Marchés par statut", ["En cours"], [("Marchés", [3])])
    changed = bar_chart("Marchés par statut", ["En cours"], [("Marchés", [4])])
    assert again.svg is first.svg and changed.svg != first.svg
    assert render_bar_chart.cache_info()[:2] == (1, 2)  # (hits, misses)


def test_pdf_uses_the_vendored_font_numbers_pages_and_shows_the_chart_figures():
    chart = bar_chart("Heures d'insertion", ["Lot 1 – Gros œuvre"], [("Objectif", [1234567])])
    template = engines["django"].from_string(
        '{% extends "reporting/pdf/base.html" %}{% block heading %}Bilan{% endblock %}'
        '{% block content %}{% include "reporting/includes/chart.html" %}{% endblock %}'
    )
    pdf = html_to_pdf(template.render({"chart": chart}))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Lot 1 – Gros œuvre" in text and "1 234 567" in text.replace("\xa0", " ")
    assert "Page 1 sur 1" in text
    assert "Source-Sans-3" in pdf_fonts(pdf)
