from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("nouveau/", views.OrganisationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", views.OrganisationUpdateView.as_view(), name="update"),
    path("<int:pk>/contacts/nouveau/", views.ContactCreateView.as_view(), name="contact_create"),
]
