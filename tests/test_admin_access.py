"""Django's admin by role (accounts.admin_access): the platform admin sets up territories, users and the national
reference data and reads no territory's data; a territory's admin manages its territory only; no one else enters."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from markets.models import Market
from partners.models import EligibleList
from territories.models import Territory
from tests.factories import (
    ConsiderationFactory,
    EligibleListFactory,
    MarketFactory,
    ParticipantFactory,
    TerritoryFactory,
    UserFactory,
)


@pytest.fixture
def platform_admin(db):
    return User.objects.create_superuser("paul", "paul@example.org", "demo-levier")


@pytest.fixture
def two_territories(market, other_territory, other_territory_facilitator, buyer_user):
    """A contract, a participant and an eligible-public list in each territory, and a national list."""
    theirs = MarketFactory(territory=other_territory, reference="41-M-0001", facilitator=other_territory_facilitator)
    return {
        "ours": market,
        "theirs": theirs,
        "our_participant": ParticipantFactory(last_name="Martin"),
        "their_participant": ParticipantFactory(territory=other_territory, last_name="Lebrun"),
        "our_list": EligibleListFactory(territory=market.territory, name="Liste de Saint-Aubin"),
        "their_list": EligibleListFactory(territory=other_territory, name="Liste du Val du Cher"),
        "national": EligibleListFactory(name="Liste nationale CCAG"),
    }


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def add(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def test_the_superuser_flag_belongs_to_the_platform_only(db):
    admin = UserFactory(role=Role.ADMIN, is_superuser=True)
    facilitator = UserFactory(role=Role.FACILITATOR, is_staff=True)
    assert (admin.is_staff, admin.is_superuser) == (True, False)
    assert (facilitator.is_staff, facilitator.is_superuser) == (False, False)


@pytest.mark.parametrize("role", ["facilitator", "buyer_user", "other_territory_facilitator"])
def test_the_other_roles_have_no_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_territory_admin_s_lists_show_its_territory_only(client, admin_user, two_territories):
    client.force_login(admin_user)
    markets = client.get(changelist(Market)).content.decode()
    assert "2026-M-" in markets and "41-M-0001" not in markets
    participants = client.get(changelist(two_territories["our_participant"])).content.decode()
    assert "Martin" in participants and "Lebrun" not in participants
    lists = client.get(changelist(EligibleList)).content.decode()
    assert "Liste de Saint-Aubin" in lists and "Liste nationale CCAG" in lists and "Liste du Val du Cher" not in lists
    users = client.get(changelist(User)).content.decode()
    assert "fanny" in users and "alice" in users
    assert "sofiane" not in users and "claire" not in users  # another territory's facilitator, a buyer's user
    assert client.get(change(two_territories["theirs"])).status_code == 302  # « n'existe pas », back to the index
    territories = client.get(changelist(Territory)).content.decode()
    assert "Saint-Aubin Emploi" in territories and "Val du Cher Emploi" not in territories


def test_a_territory_admin_reads_the_national_lists_without_changing_them(client, admin_user, two_territories):
    client.force_login(admin_user)
    national = two_territories["national"]
    page = client.get(change(national))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(change(national), {"name": "Modifiée"}).status_code == 403
    assert client.get(change(two_territories["our_list"])).content.decode().count('name="_save"') == 1


def test_a_territory_admin_changes_its_settings_not_its_name(client, admin_user):
    client.force_login(admin_user)
    territory = admin_user.territory
    response = client.post(
        change(territory),
        {
            "name": "Renommé",
            "hourly_cost": "32.50",
            "insertion_rate": "0.07",
            "minimum_hours": "100",
            "counting_unit": "lot",
        },
    )
    assert response.status_code == 302
    territory.refresh_from_db()
    assert (territory.name, str(territory.hourly_cost), str(territory.insertion_rate), territory.counting_unit) == (
        "Saint-Aubin Emploi",
        "32.50",
        "0.0700",
        "lot",
    )
    assert client.get(add(Territory)).status_code == 403


def user_form(**fields) -> dict:
    password = "Un-mot-de-passe-solide-42"
    return {"username": "nadia", "password1": password, "password2": password, "usable_password": "true", **fields}


def test_a_territory_admin_creates_users_of_its_territory_only(client, admin_user, other_territory):
    client.force_login(admin_user)
    form = client.get(add(User)).content.decode()
    assert "Val du Cher Emploi" not in form and "administrateur de la plateforme" not in form
    refused = [
        user_form(role=Role.PLATFORM, territory=admin_user.territory_id),
        user_form(role=Role.FACILITATOR, territory=other_territory.pk),
        user_form(role=Role.COORDINATION, territory=""),
    ]
    for data in refused:
        assert client.post(add(User), data).status_code == 200  # the form again, with its error
    assert not User.objects.filter(username="nadia").exists()
    assert client.post(add(User), user_form(role=Role.ADMIN, territory=admin_user.territory_id)).status_code == 302
    nadia = User.objects.get(username="nadia")
    assert (nadia.role, nadia.territory, nadia.is_staff, nadia.is_superuser) == (
        Role.ADMIN,
        admin_user.territory,
        True,
        False,
    )


@pytest.mark.ignore_template_errors  # Django's password widget relies on an empty variable (password_url)
def test_a_territory_admin_cannot_move_a_user_to_another_territory(client, admin_user, facilitator, other_territory):
    client.force_login(admin_user)
    data = {"username": "fanny", "role": Role.FACILITATOR, "territory": other_territory.pk, "is_active": "on"}
    response = client.post(change(facilitator), data | {"date_joined_0": "2026-01-01", "date_joined_1": "00:00"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    facilitator.refresh_from_db()
    assert facilitator.territory == admin_user.territory


def test_a_territory_admin_s_choices_are_its_territory_s(client, admin_user, two_territories):
    client.force_login(admin_user)
    form = client.get(add(Market)).content.decode()
    assert "Saint-Aubin Emploi" in form and "Val du Cher Emploi" not in form  # the territory: its own, the one
    # the facilitator's autocomplete offers its colleagues, not another territory's
    search = {"app_label": "markets", "model_name": "market", "field_name": "facilitator", "term": ""}
    found = client.get(reverse("admin:autocomplete"), search).json()["results"]
    assert {result["text"] for result in found} == {"fanny", "alice"}
    # a raw-id field is checked against the same choices: another territory's contract is refused
    consideration = ConsiderationFactory(market=two_territories["ours"])
    response = client.post(
        change(consideration),
        {"market": two_territories["theirs"].pk, "kind": consideration.kind, "legal_basis": "execution"},
    )
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()


def test_the_platform_admin_reads_no_territory_data(client, platform_admin, two_territories):
    client.force_login(platform_admin)
    index = client.get(reverse("admin:index")).content.decode()
    for name in ["Territoires de facilitation", "Coordinations", "Utilisateurs", "Seuils"]:
        assert name.lower() in index.lower(), name
    for name in ["Marchés", "Participants", "Considérations", "Plans d"]:
        assert f">{name}" not in index, name
    for model in [Market, type(two_territories["our_participant"])]:
        assert client.get(changelist(model)).status_code == 403
    lists = client.get(changelist(EligibleList)).content.decode()
    assert "Liste nationale CCAG" in lists and "Liste de Saint-Aubin" not in lists


def test_the_platform_admin_creates_a_territory_and_its_first_admin(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        add(Territory),
        {
            "name": "Loches Emploi",
            "carrier": "Maison de l'emploi du Lochois",
            "departments": "37",
            "communes": "",
            "hourly_cost": "30",
            "insertion_rate": "0.05",
            "minimum_hours": "70",
            "counting_unit": "marche",
        },
    )
    assert response.status_code == 302
    territory = Territory.objects.get(name="Loches Emploi")
    assert client.post(add(User), user_form(role=Role.ADMIN, territory=territory.pk)).status_code == 302
    assert User.objects.get(username="nadia").territory == territory
    national = client.post(
        add(EligibleList),
        {
            "name": "Liste nationale 2027",
            "source": "CCAG",
            "valid_from": "2027-01-01",
            "active": "on",
            "categories-TOTAL_FORMS": "0",
            "categories-INITIAL_FORMS": "0",
        },
    )
    assert national.status_code == 302
    assert EligibleList.objects.get(name="Liste nationale 2027").territory is None


def test_a_new_territory_starts_with_no_one_else_s_data(client, admin_user, two_territories):
    """A third territory's admin sees nothing of the two others'."""
    third = UserFactory(role=Role.ADMIN, territory=TerritoryFactory(name="Loches Emploi"))
    client.force_login(third)
    assert "0 marché" in client.get(changelist(Market)).content.decode()


def test_the_admin_s_rows_are_filtered_by_the_app_not_only_by_the_database(admin_user, platform_admin, two_territories):
    """rows_for outside any request (the suite's connection reads every territory): the admin's own filter."""
    from accounts.admin_access import rows_for, territory_path
    from followup.models import RealisedHours
    from markets.models import Lot
    from partners.models import EligibleCategory, Participant

    # the shortest path: a lot copies its contract's territory (territories.copies), an hours line goes through
    # its consideration's
    assert territory_path(RealisedHours) == "consideration__territory"
    assert territory_path(Lot) == "territory"
    assert territory_path(EligibleCategory) == "eligible_list__territory"
    ours, theirs = two_territories["ours"], two_territories["theirs"]
    assert list(rows_for(admin_user, Market.objects.filter(pk__in=[ours.pk, theirs.pk]))) == [ours]
    assert set(rows_for(admin_user, Participant.objects.all())) == {two_territories["our_participant"]}
    lists = rows_for(admin_user, EligibleList.objects.filter(name__startswith="Liste"))
    assert set(lists) == {two_territories["our_list"], two_territories["national"]}
    assert set(rows_for(admin_user, User.objects.all()).values_list("username", flat=True)) == {"alice", "fanny"}
    assert list(rows_for(admin_user, Territory.objects.all())) == [admin_user.territory]
    assert not rows_for(platform_admin, Market.objects.all()).exists()
    platform_lists = rows_for(platform_admin, EligibleList.objects.filter(name__startswith="Liste"))
    assert list(platform_lists) == [two_territories["national"]]
