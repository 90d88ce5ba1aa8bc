import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.models import Contact, Organisation
from partners.siret import make_siret
from tests.factories import ContactFactory, OrganisationFactory

VALID_SIRET = make_siret(73282932)


def test_invalid_siret_is_refused_by_the_model(db):
    organisation = Organisation(kind="company", name="Acme", siret="12345678901234")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "n'est pas un SIRET valide" in str(error.value)


def test_each_kind_requires_its_precision(db):
    with pytest.raises(ValidationError) as error:
        Organisation(kind="buyer", name="Ville").full_clean()
    assert "catégorie du donneur d'ordre" in str(error.value)
    with pytest.raises(ValidationError):
        Organisation(kind="inclusive", name="EI").full_clean()
    with pytest.raises(ValidationError):
        Organisation(kind="employment_partner", name="FT").full_clean()


def test_search_ignores_accents_and_case(db):
    OrganisationFactory(name="Électricité Val-de-Loire")
    OrganisationFactory(name="Peintures de Touraine")
    assert [o.name for o in Organisation.objects.search("electricite")] == ["Électricité Val-de-Loire"]
    assert [o.name for o in Organisation.objects.search("TOURAINE")] == ["Peintures de Touraine"]


def test_search_by_siret_prefix(db):
    organisation = OrganisationFactory(siret=VALID_SIRET)
    assert list(Organisation.objects.search(VALID_SIRET[:9])) == [organisation]


def test_create_with_spaces_in_siret(client, facilitator):
    client.force_login(facilitator)
    spaced = f"{VALID_SIRET[:3]} {VALID_SIRET[3:6]} {VALID_SIRET[6:9]} {VALID_SIRET[9:]}"
    response = client.post(reverse("partners:create"), {"kind": "company", "name": "Acme BTP", "siret": spaced})
    assert response.status_code == 302
    assert Organisation.objects.get(name="Acme BTP").siret == VALID_SIRET


@pytest.mark.parametrize(
    "siret,message",
    [
        ("12345678901234", "n&#x27;est pas un SIRET valide"),
        ("duplicate", "Une organisation avec ce SIRET existe déjà : <a href="),
    ],
)
def test_bad_siret_redisplays_the_form_and_saves_nothing(client, facilitator, siret, message):
    existing = OrganisationFactory(siret=VALID_SIRET)
    client.force_login(facilitator)
    siret = VALID_SIRET if siret == "duplicate" else siret
    response = client.post(reverse("partners:create"), {"kind": "company", "name": "Nouvelle SARL", "siret": siret})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Nouvelle SARL"' in response.content.decode()
    assert list(Organisation.objects.all()) == [existing]


def test_buyer_without_category_is_refused_in_french(client, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("partners:create"), {"kind": "buyer", "name": "Commune"})
    assert "Choisissez la catégorie du donneur d&#x27;ordre." in response.content.decode()
    assert not Organisation.objects.exists()


def test_add_contact(client, facilitator):
    organisation = OrganisationFactory()
    client.force_login(facilitator)
    response = client.post(
        reverse("partners:contact_create", args=[organisation.pk]),
        {"name": "Sophie Lambert", "role": "conseillère", "email": "s@example.org"},
    )
    assert response.status_code == 302
    assert Contact.objects.get().organisation == organisation


def test_list_filters_and_query_count(client, facilitator, django_assert_num_queries):
    for index in range(60):
        organisation = OrganisationFactory(name=f"Entreprise {index:02d}")
        ContactFactory(organisation=organisation)
    OrganisationFactory(kind="buyer", buyer_category="etat", name="Préfecture")
    client.force_login(facilitator)
    # session, user, count, page
    with django_assert_num_queries(6):
        response = client.get(reverse("partners:list"))
    assert response.context["paginator"].count == 61
    response = client.get(reverse("partners:list"), {"kind": "buyer"})
    assert [o.name for o in response.context["object_list"]] == ["Préfecture"]
    response = client.get(reverse("partners:list"), {"q": "prefecture"})
    assert response.context["paginator"].count == 1


def test_detail_lists_contracts_held_and_contacts(client, facilitator, django_assert_num_queries):
    from tests.factories import ContractorFactory

    company = OrganisationFactory(name="Maçonnerie Martin")
    ContactFactory(organisation=company, name="Jean Martin")
    for _ in range(55):
        ContractorFactory(organisation=company)
    client.force_login(facilitator)
    # session, user, organisation, contacts, contracts held (with their lot, contract and buyer)
    with django_assert_num_queries(7):
        response = client.get(reverse("organisations:detail", args=[company.pk]))
    content = response.content.decode()
    assert "Jean Martin" in content
    assert len(response.context["contracts_held"]) == 55


def test_detail_lists_the_contracts_of_the_user_s_territory_only(rf, facilitator, other_territory):
    """A company is one record for every territory; its page lists the contracts it holds in the user's only. The
    view is called without the middleware, outside the request's database scope: the queryset's own filter is
    tested, not the row-level security behind it (tests/territories/test_row_security.py)."""
    from markets.organisation_views import OrganisationDetailView
    from tests.factories import ContractorFactory, LotFactory, MarketFactory

    company = OrganisationFactory(name="Maçonnerie Martin")
    ours = ContractorFactory(organisation=company)
    ContractorFactory(organisation=company, lot=LotFactory(market=MarketFactory(territory=other_territory)))
    request = rf.get("/")
    request.user = facilitator
    response = OrganisationDetailView.as_view()(request, pk=company.pk)
    assert list(response.context_data["contracts_held"]) == [ours]
