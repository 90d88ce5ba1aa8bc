from django.urls import path

from . import consolidated_views, decp_views, letter_views, plan_views, views

app_name = "reporting"
# Included at the root (config/urls.py): the contract's report lives under its contract's URL.
urlpatterns = [
    path("rapports/", views.ReportsView.as_view(), name="reports"),
    path("rapports/entreprises/<int:pk>/", views.CompanyReportView.as_view(), name="company"),
    path(
        "rapports/donneurs-ordre/<int:pk>/<int:year>/rapport.pdf", views.BuyerReportView.as_view(), name="buyer_report"
    ),
    path("rapports/export/<slug:dataset>.<slug:fmt>", views.ExportView.as_view(), name="export"),
    path("rapports/enquete/", views.SurveyView.as_view(), name="survey"),
    path(
        "rapports/consolide/<int:year>/rapport.pdf",
        consolidated_views.ConsolidatedPdfView.as_view(),
        name="consolidated_pdf",
    ),
    path(
        "rapports/donnees-ouvertes/<int:territory>/<int:year>.<slug:fmt>",
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
