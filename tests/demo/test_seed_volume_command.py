"""The seed_volume command end to end (outside a test transaction, so that PostgreSQL can VACUUM after loading)."""

import io

import pytest
from django.core.management import call_command

from markets.models import Market


@pytest.mark.django_db(transaction=True)
def test_seed_volume_loads_the_scaled_territory_then_settles():
    out = io.StringIO()
    call_command("seed_volume", "--scale", "0.01", "--force", stdout=out)
    assert "Données de volume chargées à l'échelle 0.01" in out.getvalue()
    assert Market.objects.filter(reference__startswith="VOL-").count() == 100
