from django.urls import path

from . import views

app_name = "clauses"
urlpatterns = [
    path("calculateur/", views.CalculatorView.as_view(), name="calculator"),
    path("revue/", views.ReviewView.as_view(), name="review"),
    path("revue/<int:market_pk>/accepter/<str:kind>/", views.AcceptRecommendationView.as_view(), name="accept"),
    path("revue/<int:market_pk>/ecarter/<str:kind>/", views.DismissRecommendationView.as_view(), name="dismiss"),
    path("marche/<int:market_pk>/nouvelle/", views.ConsiderationCreateView.as_view(), name="create"),
    path("marche/<int:market_pk>/exemption/", views.ClimateExemptionView.as_view(), name="exemption"),
    path("<int:pk>/", views.ConsiderationDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.ConsiderationUpdateView.as_view(), name="update"),
    path("<int:pk>/texte/", views.ClauseTextView.as_view(), name="text"),
    path("<int:pk>/texte.docx", views.ClauseDocxView.as_view(), name="docx"),
]
