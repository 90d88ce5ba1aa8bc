import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import override_settings
from stdnum.fr import siret

from accounts.models import Role, User
from followup.models import RealisedAction
from markets.enums import Nature, Status
from markets.models import Contractor, Lot, Market
from partners.models import Contact, Organisation, Participant
from partners.siret import make_siret
from reporting.figures import followup
from territories.models import Coordination, CoordinationLevel, Territory
from tests.factories import BuyerFactory, MarketFactory

COUNTED = [Territory, Coordination, Organisation, Contact, User, Market, Lot, Contractor, Participant]
FIRST, SOUTH = "Saint-Aubin-sur-Loire et Val-de-Loire Est", "Sud Touraine"
# username → (role, territory, buyer organisation, coordination)
ACCOUNTS = {
    "admin": (Role.ADMIN, FIRST, None, None),
    "facilitateur": (Role.FACILITATOR, FIRST, None, None),
    "facilitateur2": (Role.FACILITATOR, FIRST, None, None),
    "facilitateur-sud": (Role.FACILITATOR, SOUTH, None, None),
    "acheteur": (Role.BUYER, None, "Ville de Saint-Aubin-sur-Loire", None),
    "acheteur-bailleur": (Role.BUYER, None, "Val de Loire Habitat (OPH)", None),
    "coordination": (Role.COORDINATION, None, None, "Coordination régionale Centre-Val de Loire"),
    "plateforme": (Role.PLATFORM, None, None, None),
}


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
    assert Market.objects.count() >= 20
    assert set(Market.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Market.objects.values_list("nature", flat=True)) == set(Nature.values)
    assert not Market.objects.filter(lots=None).exists()


@override_settings(DEBUG=True)
def test_seed_demo_has_two_territories_of_one_region_and_their_accounts(db):
    call_command("seed_demo")
    first, south = Territory.objects.get(name=FIRST), Territory.objects.get(name=SOUTH)
    assert first.carrier != south.carrier and first.departments and south.communes
    assert (first.hourly_cost, first.minimum_hours) != (south.hourly_cost, south.minimum_hours)
    coordination = Coordination.objects.get()
    assert coordination.level == CoordinationLevel.REGION
    assert set(coordination.territories.all()) == {first, south}

    accounts = {
        user.username: (
            user.role,
            user.territory and user.territory.name,
            user.organisation and user.organisation.name,
            user.coordination and user.coordination.name,
        )
        for user in User.objects.select_related("territory", "organisation", "coordination")
    }
    assert accounts == ACCOUNTS
    assert all(user.check_password("demo-levier") for user in User.objects.all())
    assert User.objects.get(username="plateforme").is_platform_admin
    assert User.objects.get(username="coordination").territory_ids() == sorted([first.pk, south.pk])

    # the same Organisation rows (one SIRET, one record) buy and work in both territories
    in_both = {"markets__territory": 2, "contracts_held__lot__market__territory": 2}
    for path, territories in in_both.items():
        shared = Organisation.objects.annotate(territories=Count(path, distinct=True)).filter(territories=territories)
        assert shared.exists(), path
    landlord = Organisation.objects.get(name="Val de Loire Habitat (OPH)")
    assert set(landlord.markets.values_list("territory", flat=True)) == {first.pk, south.pk}


@override_settings(DEBUG=True)
def test_the_second_territory_has_its_own_contracts_participants_and_figures(db):
    call_command("seed_demo")
    south = Territory.objects.get(name=SOUTH)
    markets = Market.objects.filter(territory=south)
    statuses = set(markets.values_list("status", flat=True))
    assert {Status.EXECUTION, Status.CLOSED} <= statuses and set(Status.under_review()) & statuses
    assert set(markets.values_list("facilitator__username", flat=True)) == {"facilitateur-sud"}
    codes = set(Participant.objects.filter(territory=south).values_list("reference", flat=True))
    assert codes & set(Participant.objects.exclude(territory=south).values_list("reference", flat=True))

    year = markets.get(reference="CCLST-2026-004").start_date.year
    hours = followup.hours(markets, year)
    assert hours["total"] > 0
    assert followup.participants(markets).count() == len(codes)
    assert RealisedAction.objects.filter(consideration__market__territory=south).exists()
    closed = markets.get(status=Status.CLOSED).considerations.get()
    assert followup.hours(Market.objects.filter(pk=closed.market_id), year)["total"] >= closed.target


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Market.objects.exists()
    call_command("seed_demo", "--force")
    assert Market.objects.exists()


@override_settings(DEBUG=True)
def test_seed_demo_takes_over_the_territory_an_older_demo_was_upgraded_into(db):
    """The upgrade to territories put an older demo's rows into a territory of their own (territories.upgrade):
    seeding again makes it the first demo territory rather than moving its contracts (which cannot move)."""
    upgraded = Territory.objects.create(name="Territoire principal", carrier="Structure porteuse à renseigner")
    MarketFactory(territory=upgraded, buyer=BuyerFactory(siret=make_siret(21370001)), reference="2026-TRX-001")
    call_command("seed_demo")
    upgraded.refresh_from_db()
    assert upgraded.name == FIRST and Market.objects.get(reference="2026-TRX-001").territory == upgraded
    assert Territory.objects.count() == 2
