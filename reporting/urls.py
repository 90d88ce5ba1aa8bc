from django.urls import path, register_converter

from markets.filters import YEAR_MAX, YEAR_MIN

from . import consolidated_views, decp_views, letter_views, plan_views, views


class YearConverter:
    """A year of the reports' range in a URL: /rapports/donneurs-ordre/1/0/rapport.pdf is a 404, not a crash."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(year)  # the URL does not match: 404
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


register_converter(YearConverter, "year")

app_name = "reporting"
# Included at the root (config/urls.py): the contract's report lives under its contract's URL.
urlpatterns = [
    path("rapports/", views.ReportsView.as_view(), name="reports"),
    path("rapports/entreprises/<int:pk>/", views.CompanyReportView.as_view(), name="company"),
    path(
        "rapports/donneurs-ordre/<int:pk>/<year:year>/rapport.pdf", views.BuyerReportView.as_view(), name="buyer_report"
    ),
    path("rapports/export/<slug:dataset>.<slug:fmt>", views.ExportView.as_view(), name="export"),
    path("rapports/enquete/", views.SurveyView.as_view(), name="survey"),
    path(
        "rapports/consolide/<year:year>/rapport.pdf",
        consolidated_views.ConsolidatedPdfView.as_view(),
        name="consolidated_pdf",
    ),
    path(
        "rapports/donnees-ouvertes/<int:territory>/<year:year>.<slug:fmt>",
        consolidated_views.OpenDataView.as_view(),
        name="open_data",
    ),
    path("rapports/decp/", decp_views.DecpExportView.as_view(), name="decp_export"),
    path("marches/<int:pk>/rapport.pdf", views.MarketReportView.as_view(), name="market_report"),
    path(
        "suivi/clauses/<int:pk>/penalite/mise-en-demeure.pdf",
        letter_views.PenaltyNoticeLetterView.as_view(),
        name="penalty_notice_letter",
    ),
    path("rapports/plans/<int:pk>/", plan_views.PlanDetailView.as_view(), name="plan_detail"),
    path("rapports/plans/<int:pk>/plan.pdf", plan_views.PlanPdfView.as_view(), name="plan_pdf"),
]
