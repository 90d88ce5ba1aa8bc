import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from stdnum.fr import siret

from accounts.models import User
from markets.enums import Nature, Status
from markets.models import Contractor, Lot, Market
from partners.models import Contact, Organisation

COUNTED = [Organisation, Contact, User, Market, Lot, Contractor]


@override_settings(DEBUG=True)
def test_seed_demo_is_realistic_and_idempotent(db):
    call_command("seed_demo")
    first = {model.__name__: model.objects.count() for model in COUNTED}
    call_command("seed_demo")
    assert {model.__name__: model.objects.count() for model in COUNTED} == first

    buyers = Organisation.objects.filter(kind="buyer")
    assert {"collectivite", "bailleur_social", "etat"} <= set(buyers.values_list("buyer_category", flat=True))
    assert Organisation.objects.filter(kind="company").count() >= 10
    assert Organisation.objects.filter(kind="inclusive").values("structure_kind").distinct().count() >= 5
    partners = Organisation.objects.filter(kind="employment_partner")
    assert partners.count() >= 3 and all(p.contacts.exists() for p in partners)
    assert all(siret.is_valid(s) for s in Organisation.objects.exclude(siret=None).values_list("siret", flat=True))
    assert Market.objects.count() >= 15
    assert set(Market.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Market.objects.values_list("nature", flat=True)) == set(Nature.values)
    assert not Market.objects.filter(lots=None).exists()

    for username in ("admin", "facilitateur", "acheteur"):
        assert User.objects.get(username=username).check_password("demo-levier")
    assert User.objects.get(username="acheteur").organisation.name.startswith("Ville de")


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Market.objects.exists()
    call_command("seed_demo", "--force")
    assert Market.objects.exists()
