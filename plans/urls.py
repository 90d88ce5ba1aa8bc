from django.urls import path

from . import views

app_name = "plans"
# Included at the root (config/urls.py), under the addresses users know; the plan's page is reporting's.
urlpatterns = [
    path("rapports/plans/", views.PlanListView.as_view(), name="list"),
    path("rapports/plans/nouveau/", views.PlanCreateView.as_view(), name="create"),
    path("rapports/plans/<int:pk>/modifier/", views.PlanUpdateView.as_view(), name="update"),
    path("rapports/plans/<int:pk>/<slug:part>/nouveau/", views.PlanPartCreateView.as_view(), name="part_create"),
    path(
        "rapports/plans/<int:pk>/<slug:part>/<int:part_pk>/modifier/",
        views.PlanPartUpdateView.as_view(),
        name="part_update",
    ),
    path(
        "rapports/plans/<int:pk>/<slug:part>/<int:part_pk>/supprimer/",
        views.PlanPartDeleteView.as_view(),
        name="part_delete",
    ),
]
