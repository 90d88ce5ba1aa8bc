from django.urls import path

from . import organisation_views

app_name = "organisations"
# Included under /partenaires/ (config/urls.py): the page of an organisation lists its contracts, so it is markets'.
urlpatterns = [
    path("<int:pk>/", organisation_views.OrganisationDetailView.as_view(), name="detail"),
]
