"""The territorial action plan: written in the browser by facilitators, read by the buyer's users, as a PDF."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from plans.models import ActionPlan, PlanAxis, PlanIndicator, PlanLine
from tests.factories import ActionPlanFactory, PlanAxisFactory

from .pdftext import pdf_text

PLAN = {
    "title": "Plan 2026",
    "area": "Saint-Aubin",
    "start_date": "2026-01-01",
    "end_date": "2026-12-31",
    "stakeholders": "Revue de marchés trimestrielle",
    "successes": "Premières heures réalisées",
}


def test_facilitator_writes_a_plan_part_by_part(client, facilitator, buyer, dataset):
    client.force_login(facilitator)
    response = client.post(reverse("plans:create"), {**PLAN, "buyer": buyer.pk})
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    parts = {
        "axes": {"number": 1, "title": "Égalité", "objectives": "30 % de femmes", "themes": ["egalite", "jeunes"]},
        "marches": {"market": dataset["m5"].pk, "kinds": ["insertion_hours", "social_actions"]},
        "indicateurs": {"label": "Heures", "metric": "heures_realisees", "target": "300"},
    }
    for part, data in parts.items():
        response = client.post(reverse("plans:part_create", args=[plan.pk, part]), data)
        assert response.status_code == 302, part
    client.post(
        reverse("plans:part_create", args=[plan.pk, "indicateurs"]),
        {"label": "Réunions", "metric": "manuel", "target": "4", "manual_actual": "3"},
    )
    assert PlanAxis.objects.get().theme_labels == ["égalité femmes-hommes", "jeunes"]
    assert PlanLine.objects.get().kind_labels == ["clause sociale d'insertion (heures)", "clause d'actions sociales"]
    response = client.get(plan.get_absolute_url())
    rows = {row["indicator"].label: (row["actual"], row["share"]) for row in response.context["indicators"]}
    # the buyer's contracts notified or published in 2026 (M1, M2, M3, M5): M1's counted hours
    assert rows == {"Heures": (Decimal("150"), Decimal("50.0")), "Réunions": (Decimal("3"), Decimal("75.0"))}
    axis = PlanAxis.objects.get()
    client.post(
        reverse("plans:part_update", args=[plan.pk, "axes", axis.pk]),
        {"number": 1, "title": "Égalité F/H", "themes": ["egalite"]},
    )
    axis.refresh_from_db()
    assert axis.title == "Égalité F/H" and axis.themes == ["egalite"]
    client.post(reverse("plans:part_delete", args=[plan.pk, "axes", axis.pk]))
    assert not PlanAxis.objects.exists()


def test_plan_bad_input_saves_nothing(client, facilitator, market):
    client.force_login(facilitator)
    response = client.post(reverse("plans:create"), {**PLAN, "end_date": "2025-01-01"})
    assert response.status_code == 200 and not ActionPlan.objects.exists()
    assert "La fin de la période ne peut pas précéder son début." in response.content.decode()
    plan = ActionPlanFactory()
    PlanAxisFactory(plan=plan, number=1)
    response = client.post(reverse("plans:part_create", args=[plan.pk, "axes"]), {"number": 1, "title": "x"})
    assert "Ce plan a déjà un axe portant ce numéro." in response.content.decode()
    assert client.get(reverse("plans:part_create", args=[plan.pk, "inconnu"])).status_code == 404
    other_plan = ActionPlanFactory()
    axis = PlanAxisFactory(plan=other_plan)
    assert client.get(reverse("plans:part_update", args=[plan.pk, "axes", axis.pk])).status_code == 404


def test_buyer_user_reads_its_organisation_plans_only(
    client, buyer_user, buyer, other_buyer, django_assert_num_queries
):
    own = [ActionPlanFactory(buyer=buyer) for _ in range(3)]
    ActionPlanFactory(buyer=other_buyer)
    ActionPlanFactory(buyer=None)
    client.force_login(buyer_user)
    with django_assert_num_queries(6):  # session, user, plans (buyer, facilitator), the organisation (menu)
        response = client.get(reverse("plans:list"))
    assert list(response.context["plans"]) == sorted(
        own, key=lambda plan: (-plan.start_date.toordinal(), plan.title, plan.pk)
    )
    assert "Modifier" not in client.get(own[0].get_absolute_url()).content.decode()


def test_plan_pdf(client, buyer_user, buyer):
    plan = ActionPlanFactory(
        buyer=buyer, title="Plan d'actions des Varennes", start_date=date(2026, 1, 1), difficulties="Peu de candidates"
    )
    PlanAxisFactory(plan=plan, title="Diversifier les considérations", themes=["illettrisme"])
    PlanIndicator.objects.create(plan=plan, label="Marchés sociaux", metric="marches_sociaux", target=Decimal("2"))
    client.force_login(buyer_user)
    response = client.get(reverse("reporting:plan_pdf", args=[plan.pk]))
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Plan d'actions des Varennes",
        "1. État des lieux",
        "Diversifier les considérations",
        "lutte contre l'illettrisme",
        "Marchés sociaux",
        "Peu de candidates",
        "Page 1 sur",
    ):
        assert expected in text, expected
