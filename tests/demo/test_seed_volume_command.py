"""The seed_volume command end to end (outside a test transaction, so that PostgreSQL can VACUUM after loading)."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.volume import (
    COORDINATION_USER,
    MARKET_PREFIX,
    VOLUME_COORDINATION,
    VOLUME_TERRITORIES,
    delete_volume_data,
)
from markets.models import Market
from partners.models import Organisation, Participant
from territories.models import Coordination, Territory


@pytest.mark.django_db(transaction=True)
def test_seed_volume_loads_the_scaled_territories_then_settles():
    out = io.StringIO()
    call_command("seed_volume", "--scale", "0.01", "--force", stdout=out)
    assert "Données de volume chargées à l'échelle 0.01" in out.getvalue()
    assert "prévu" not in out.getvalue()
    markets = {
        territory.name: Market.objects.filter(territory__name=territory.name).count()
        for territory in VOLUME_TERRITORIES
    }
    assert list(markets.values()) == [100, 10, 10]
    assert Market.objects.filter(reference__startswith=MARKET_PREFIX).count() == 120
    # the smaller territories' buyers and companies are the first one's (the same rows)
    first, *others = VOLUME_TERRITORIES
    smaller = Market.objects.filter(territory__name__in=[territory.name for territory in others])
    assert Organisation.objects.filter(markets__in=smaller).filter(markets__territory__name=first.name).exists()
    held = Organisation.objects.filter(contracts_held__lot__market__in=smaller)
    assert held.filter(contracts_held__lot__market__territory__name=first.name).exists()
    # participant codes repeat from one territory to the next
    assert Participant.objects.filter(reference="V-0000001").count() == 3
    coordination = User.objects.get(username=COORDINATION_USER).coordination
    assert coordination.name == VOLUME_COORDINATION
    assert set(Coordination.territory_ids_of(coordination.pk)) >= set(
        Territory.objects.filter(name__in=[territory.name for territory in VOLUME_TERRITORIES]).values_list(
            "pk", flat=True
        )
    )

    delete_volume_data()
    assert not Market.objects.filter(reference__startswith=MARKET_PREFIX).exists()
    assert not Territory.objects.filter(name__in=[territory.name for territory in VOLUME_TERRITORIES]).exists()
    assert not Coordination.objects.filter(name=VOLUME_COORDINATION).exists()
    assert not User.objects.filter(username__startswith="volume-").exists()
