from django.urls import path

from . import hiring_views, hours_views, penalty_views, views

app_name = "followup"
urlpatterns = [
    path("marche/<int:market_pk>/", views.MarketFollowupView.as_view(), name="market"),
    path("marche/<int:market_pk>/historique/", views.MarketHistoryView.as_view(), name="history"),
    path("clauses/<int:pk>/heures/", views.HoursListView.as_view(), name="hours"),
    path("clauses/<int:pk>/heures/nouvelles/", views.HoursCreateView.as_view(), name="hours_create"),
    path("clauses/<int:pk>/heures/decision/", hours_views.HoursDecisionView.as_view(), name="hours_decision"),
    path("heures/<int:pk>/modifier/", hours_views.HoursUpdateView.as_view(), name="hours_update"),
    path("heures/<int:pk>/supprimer/", hours_views.HoursDeleteView.as_view(), name="hours_delete"),
    path("heures/<int:pk>/devalider/", hours_views.HoursUnvalidateView.as_view(), name="hours_unvalidate"),
    path("clauses/<int:pk>/heures/import/", views.HoursImportView.as_view(), name="hours_import"),
    path(
        "clauses/<int:pk>/heures/import/confirmer/", views.HoursImportConfirmView.as_view(), name="hours_import_confirm"
    ),
    path("heures/modele-releve.csv", views.HoursTemplateView.as_view(), name="hours_template"),
    path("clauses/<int:pk>/actions/nouvelle/", views.ActionCreateView.as_view(), name="action_create"),
    path("clauses/<int:pk>/plan/nouveau/", views.PlanEntryCreateView.as_view(), name="plan_create"),
    path("actions/<int:pk>/modifier/", views.ActionUpdateView.as_view(), name="action_update"),
    path("actions/<int:pk>/supprimer/", views.ActionDeleteView.as_view(), name="action_delete"),
    path("plan/<int:pk>/modifier/", views.PlanEntryUpdateView.as_view(), name="plan_update"),
    path("plan/<int:pk>/supprimer/", views.PlanEntryDeleteView.as_view(), name="plan_delete"),
    path("plan/<int:pk>/evaluer/", views.PlanEntryEvaluateView.as_view(), name="plan_evaluate"),
    # hirings and their eligibility checks (followup.hiring_views)
    path("participants/<int:pk>/embauches/", hiring_views.HiringListView.as_view(), name="hirings"),
    path("participants/<int:pk>/embauches/nouvelle/", hiring_views.HiringCreateView.as_view(), name="hiring_create"),
    path("embauches/<int:pk>/", hiring_views.HiringUpdateView.as_view(), name="hiring_update"),
    # the penalty procedure (followup.penalty_views)
    path("clauses/<int:pk>/penalite/", penalty_views.PenaltyView.as_view(), name="penalty"),
    path(
        "clauses/<int:pk>/penalite/mise-en-demeure/",
        penalty_views.PenaltyNoticeView.as_view(),
        name="penalty_notice",
    ),
    path("clauses/<int:pk>/penalite/reponse/", penalty_views.PenaltyAnswerView.as_view(), name="penalty_answer"),
    path("clauses/<int:pk>/penalite/decision/", penalty_views.PenaltyDecisionView.as_view(), name="penalty_decision"),
]
