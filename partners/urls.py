from django.urls import path

from . import participants_views, views

app_name = "partners"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="list"),
    path("nouveau/", views.OrganisationCreateView.as_view(), name="create"),
    path("<int:pk>/modifier/", views.OrganisationUpdateView.as_view(), name="update"),
    path("<int:pk>/contacts/nouveau/", views.ContactCreateView.as_view(), name="contact_create"),
    path("participants/", participants_views.ParticipantListView.as_view(), name="participant_list"),
    path("participants/nouveau/", participants_views.ParticipantCreateView.as_view(), name="participant_create"),
    path(
        "participants/<int:pk>/modifier/", participants_views.ParticipantUpdateView.as_view(), name="participant_update"
    ),
    path(
        "participants/<int:pk>/donnees.json", participants_views.ParticipantDataView.as_view(), name="participant_data"
    ),
    path("participants/journal-des-acces/", participants_views.AccessLogView.as_view(), name="access_log"),
    path("participants/<int:pk>/effacer/", participants_views.ParticipantEraseView.as_view(), name="participant_erase"),
]
