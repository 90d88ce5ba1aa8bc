"""Duplicates named before anything is saved (a participant's homonym, an organisation's SIRET), and deleting a
participant or an organisation entered by mistake: refused while follow-up data or contracts depend on it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Contact, Organisation, Participant
from partners.siret import make_siret
from tests.factories import (
    ContactFactory,
    ContractorFactory,
    HiringFactory,
    OrganisationFactory,
    ParticipantFactory,
    RealisedActionFactory,
)


def participant_data(**values):
    return {
        "reference": "P-0100",
        "first_name": "Amina",
        "last_name": "Benali",
        "sex": "F",
        "birth_year": "1994",
        "entry_date": "2026-02-01",
        **values,
    }


@pytest.fixture
def amina(db):
    return ParticipantFactory(reference="P-0007", first_name="Amina", last_name="Benali", birth_year=1994)


def test_a_homonym_born_the_same_year_is_shown_with_a_link_before_saving(client, facilitator, amina):
    client.force_login(facilitator)
    assert "confirm_homonym" not in client.get(reverse("partners:participant_create")).content.decode()
    response = client.post(reverse("partners:participant_create"), participant_data(last_name="BENALI"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Un participant du territoire porte ce nom et est né la même année" in content
    assert f'<a href="{reverse("partners:participant_update", args=[amina.pk])}">Amina Benali (P-0007)</a>' in content
    assert 'name="confirm_homonym"' in content  # offered now
    assert Participant.objects.count() == 1


def test_a_homonym_is_saved_once_confirmed_as_another_person(client, facilitator, amina):
    client.force_login(facilitator)
    response = client.post(reverse("partners:participant_create"), participant_data(confirm_homonym="on"))
    assert response.status_code == 302
    assert Participant.objects.filter(first_name="Amina", last_name="Benali").count() == 2


def test_same_name_another_year_or_another_territory_is_no_homonym(client, facilitator, amina, other_territory):
    ParticipantFactory(territory=other_territory, first_name="Karim", last_name="Diallo", birth_year=1990)
    client.force_login(facilitator)
    assert client.post(reverse("partners:participant_create"), participant_data(birth_year="1995")).status_code == 302
    data = participant_data(reference="P-0101", first_name="Karim", last_name="Diallo", birth_year="1990")
    assert client.post(reverse("partners:participant_create"), data).status_code == 302


def test_editing_a_participant_is_not_its_own_homonym(client, facilitator, amina):
    client.force_login(facilitator)
    data = participant_data(reference="P-0007", notes="Suivi renforcé")
    assert client.post(reverse("partners:participant_update", args=[amina.pk]), data).status_code == 302


def test_the_siret_duplicate_names_the_existing_organisation_with_a_link(client, facilitator):
    existing = OrganisationFactory(name="Bâtir SARL", siret=make_siret(73282932))
    client.force_login(facilitator)
    response = client.post(reverse("partners:create"), {"kind": "company", "name": "Batir", "siret": existing.siret})
    assert (
        f'Une organisation avec ce SIRET existe déjà : <a href="{existing.get_absolute_url()}">Bâtir SARL</a>.'
        in response.content.decode()
    )


def test_a_participant_without_follow_up_data_is_deleted_with_history(client, facilitator, amina):
    client.force_login(facilitator)
    page = client.get(reverse("partners:participant_delete", args=[amina.pk])).content.decode()
    assert "Rien d'autre n'est supprimé avec lui." in page
    client.post(reverse("partners:participant_delete", args=[amina.pk]))
    assert not Participant.objects.filter(pk=amina.pk).exists()
    deleted = Participant.history.filter(id=amina.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", facilitator)


def test_a_participant_with_a_hiring_and_an_action_is_not_deleted(client, facilitator, amina, market):
    HiringFactory(participant=amina, company=ContractorFactory(lot__market=market).organisation)
    RealisedActionFactory(consideration__market=market).participants.add(amina)
    client.force_login(facilitator)
    page = client.get(reverse("partners:participant_delete", args=[amina.pk])).content.decode()
    assert "1 action(s) réalisée(s), 1 embauche(s) dépendent" in page
    assert reverse("partners:participant_erase", args=[amina.pk]) in page  # the RGPD erasure instead
    response = client.post(reverse("partners:participant_delete", args=[amina.pk]), follow=True)
    assert Participant.objects.filter(pk=amina.pk).exists()
    assert "Suppression refusée" in response.content.decode()


def test_an_organisation_with_only_contacts_is_deleted_with_them(client, facilitator):
    organisation = OrganisationFactory(name="Doublon SARL")
    ContactFactory(organisation=organisation)
    client.force_login(facilitator)
    assert "<li>1 contacts</li>" in client.get(reverse("partners:delete", args=[organisation.pk])).content.decode()
    client.post(reverse("partners:delete", args=[organisation.pk]))
    assert not Organisation.objects.filter(pk=organisation.pk).exists() and not Contact.objects.exists()
    assert Organisation.history.filter(id=organisation.pk, history_type="-").get().history_user == facilitator


def test_a_buyer_with_a_contract_is_not_deleted(client, facilitator, market):
    client.force_login(facilitator)
    page = client.get(reverse("partners:delete", args=[market.buyer_id])).content.decode()
    assert "1 marchés dépendent" in page
    client.post(reverse("partners:delete", args=[market.buyer_id]))
    assert Organisation.objects.filter(pk=market.buyer_id).exists()


def test_a_company_holding_another_territory_s_contract_is_not_deleted(client, other_territory_facilitator, market):
    company = ContractorFactory(lot__market=market, amount=Decimal(1)).organisation
    client.force_login(other_territory_facilitator)  # the contract is hidden from it (row-level security)
    response = client.post(reverse("partners:delete", args=[company.pk]), follow=True)
    assert Organisation.objects.filter(pk=company.pk).exists()
    assert "Suppression refusée" in response.content.decode()


def test_the_lists_link_edit_and_delete(client, facilitator, amina):
    organisation = OrganisationFactory(name="Doublon SARL")
    client.force_login(facilitator)
    participants = client.get(reverse("partners:participant_list")).content.decode()
    assert reverse("partners:participant_delete", args=[amina.pk]) in participants
    organisations = client.get(reverse("partners:list")).content.decode()
    assert reverse("partners:delete", args=[organisation.pk]) in organisations
