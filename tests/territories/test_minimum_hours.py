"""A territory's minimum of hours never goes below 35 h (sheet C1.2, § I « Attention »): the model, the database and
the administration say so, in French."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from territories.models import MINIMUM_HOURS_MESSAGE, Territory
from tests.factories import TerritoryFactory

FRENCH = "ne peut pas descendre sous 35 h"


def test_territory_minimum_of_30_hours_is_refused(db):
    territory = TerritoryFactory.build(minimum_hours=30)
    with pytest.raises(ValidationError) as refused:
        territory.full_clean()
    assert refused.value.message_dict["minimum_hours"] == [MINIMUM_HOURS_MESSAGE]
    assert FRENCH in MINIMUM_HOURS_MESSAGE and "fiche C1.2" in MINIMUM_HOURS_MESSAGE


def test_database_refuses_a_territory_minimum_under_35_hours(db):
    territory = TerritoryFactory()
    with pytest.raises(IntegrityError, match="territory_minimum_hours_floor"), transaction.atomic():
        Territory.objects.filter(pk=territory.pk).update(minimum_hours=34)


def test_territory_minimum_of_35_hours_is_accepted(db):
    territory = TerritoryFactory(minimum_hours=35)
    territory.full_clean()
    assert Territory.national_defaults().minimum_hours == 70


def test_admin_form_refuses_30_hours_in_french_and_keeps_what_was_typed(client, admin_user):
    territory = admin_user.territory
    client.force_login(admin_user)
    url = reverse("admin:territories_territory_change", args=[territory.pk])
    form = client.get(url).content.decode()
    assert "jamais moins de 35 h" in form  # the help text says the floor
    response = client.post(url, {"hourly_cost": "32.50", "insertion_rate": "0.07", "minimum_hours": "30"})
    assert response.status_code == 200
    content = response.content.decode().replace("&#x27;", "'")
    assert FRENCH in content and 'value="30"' in content
    territory.refresh_from_db()
    assert territory.minimum_hours == 70
