from django.urls import path

from . import decp_views, views

app_name = "markets"
urlpatterns = [
    path("", views.MarketListView.as_view(), name="list"),
    path("nouveau/", views.MarketCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MarketDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.MarketUpdateView.as_view(), name="update"),
    path("<int:pk>/publication-decp/", views.DecpPublicationView.as_view(), name="decp_publication"),
    path("<int:pk>/statut/", views.MarketStatusView.as_view(), name="status"),
    path("<int:pk>/lots/nouveau/", views.LotCreateView.as_view(), name="lot_create"),
    path("lots/<int:lot_pk>/titulaires/nouveau/", views.ContractorCreateView.as_view(), name="contractor_create"),
    path("decp/import/", decp_views.DecpImportView.as_view(), name="decp_import"),
    path("decp/import/rapport/", decp_views.DecpReportView.as_view(), name="decp_report"),
    path("decp/differences/", decp_views.DecpConflictsView.as_view(), name="decp_conflicts"),
]
