import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from followup.models import PenaltyDecision, ProgressPlanEntry, RealisedAction, RealisedHours
from markets.models import Market
from partners.models import Participant

COUNTED = [Participant, RealisedHours, RealisedAction, ProgressPlanEntry, PenaltyDecision]


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_demo_followup_is_idempotent_and_shows_real_figures(client):
    call_command("seed_demo")
    first = {model.__name__: model.objects.count() for model in COUNTED}
    call_command("seed_demo")
    assert {model.__name__: model.objects.count() for model in COUNTED} == first
    assert {"validee", "declaree"} <= set(RealisedHours.objects.values_list("status", flat=True))
    assert RealisedHours.objects.filter(eligible=False).exists()
    assert ProgressPlanEntry.objects.filter(evaluation="").filter(year__lt=2026).exists()

    client.force_login(User.objects.get(username="acheteur"))
    market = Market.objects.get(reference="2026-TRX-001")
    content = client.get(reverse("followup:market", args=[market.pk])).content.decode()
    assert "Heures par modalité" in content and "Haddouche" not in content


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_each_demo_territory_follows_its_own_contracts(client, django_assert_num_queries):
    call_command("seed_demo")
    own, other = Market.objects.get(reference="CCLST-2026-004"), Market.objects.get(reference="2026-TRX-001")
    client.force_login(User.objects.get(username="facilitateur-sud"))
    with django_assert_num_queries(10):
        content = client.get(reverse("followup:market", args=[own.pk])).content.decode()
    assert "3 participant(s)" in content and "Visite du chantier de la maison de santé" in content
    with django_assert_num_queries(5):
        assert client.get(reverse("followup:market", args=[other.pk])).status_code == 404
