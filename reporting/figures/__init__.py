"""The figures of the dashboards, PDFs and exports: database aggregates over an already-scoped queryset of
contracts (``Market.objects.visible_to(user)`` narrowed by the report filter), so that the page, the PDF
and the export read the same numbers. Each function runs a fixed number of queries, whatever the size."""
