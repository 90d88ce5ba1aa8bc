"""Eligibility per hiring (issue 20): an hours line counts when the hiring in force in its month retained one of
the clause's publics, judged when the person was hired, with the proof seen and who checked; later changes of the
person's publics do not change it; a line without a hiring is « éligibilité à vérifier » and does not count."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from clauses.models import Consideration
from followup import hours_import
from followup.eligibility import hiring_in_force, judge, month_end
from followup.enums import Eligibility
from followup.models import Hiring, RealisedHours, with_realised
from tests.factories import HiringFactory, ParticipantFactory, RealisedHoursFactory

from .test_import import HEADER, rows


def realised(clause):
    return with_realised(Consideration.objects.all()).get(pk=clause.pk)


# --- the rules, pure ------------------------------------------------------------------------------------------


def test_month_end_knows_february_and_december():
    assert (month_end(date(2028, 2, 1)), month_end(date(2026, 12, 1))) == (date(2028, 2, 29), date(2026, 12, 31))


def test_a_person_hired_on_the_15th_works_that_month_under_that_hiring():
    hiring = SimpleNamespace(pk=1, hired_on=date(2026, 3, 15))
    assert hiring_in_force([hiring], date(2026, 3, 1)) is hiring
    assert hiring_in_force([hiring], date(2026, 2, 1)) is None


def test_the_latest_hiring_by_the_month_is_in_force():
    first, second = SimpleNamespace(pk=1, hired_on=date(2025, 1, 6)), SimpleNamespace(pk=2, hired_on=date(2026, 5, 4))
    assert hiring_in_force([second, first], date(2026, 4, 1)) is first
    assert hiring_in_force([first, second], date(2026, 5, 1)) is second


def test_judgement_without_a_hiring_is_to_check_and_with_one_is_the_publics_in_common():
    assert judge(None, {1}) == Eligibility.TO_CHECK
    assert judge({1, 2}, {2, 3}) == Eligibility.ELIGIBLE
    assert judge({1}, {2}) == judge(set(), {2}) == Eligibility.INELIGIBLE


# --- the lines ------------------------------------------------------------------------------------------------


@pytest.fixture
def newcomer(categories):
    """A participant of the clause's public, not hired yet."""
    return ParticipantFactory(reference="P-0010", last_name="Nouvelle", eligible_categories=[categories[0]])


def test_hours_before_any_hiring_are_to_check_and_count_nowhere(hours_clause, contractor, newcomer):
    report = hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0010;120;cdd"))
    line = RealisedHours.objects.get()
    assert report.counts["nouvelle"] == 1
    assert (line.hiring, line.eligible, line.eligibility) == (None, False, Eligibility.TO_CHECK)
    clause = realised(hours_clause)
    assert (clause.declared_hours, clause.ineligible_hours) == (0, 0)  # neither counted nor ineligible


def test_hours_of_a_person_hired_as_a_young_keep_counting_after_they_are_no_longer_one(
    hours_clause, contractor, newcomer, categories, facilitator
):
    HiringFactory(participant=newcomer, company=contractor.organisation, hired_on=date(2026, 2, 9))
    hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0010;120;cdd"))
    newcomer.eligible_categories.set([categories[1]])  # their situation changed after the hiring
    RealisedHours.objects.all().validate(facilitator)
    assert realised(hours_clause).realised_hours == Decimal(120)


def test_a_hiring_with_none_of_the_clauses_publics_makes_its_hours_ineligible(
    hours_clause, contractor, newcomer, categories
):
    HiringFactory(participant=newcomer, company=contractor.organisation, categories=[categories[1]])
    hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0010;70;cdd"))
    assert RealisedHours.objects.get().eligibility == Eligibility.INELIGIBLE
    assert realised(hours_clause).ineligible_hours == Decimal(70)


def test_a_second_hiring_judges_only_the_months_from_its_date(hours_clause, contractor, newcomer, categories):
    HiringFactory(participant=newcomer, company=contractor.organisation, hired_on=date(2026, 1, 5), categories=[])
    second = HiringFactory(participant=newcomer, company=contractor.organisation, hired_on=date(2026, 4, 20))
    hours_import.import_statement(
        hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0010;35;cdd\n2026-04;1;73282932000074;P-0010;40;cdd")
    )
    march, april = RealisedHours.objects.order_by("month")
    assert (march.eligibility, april.eligibility, april.hiring) == (
        Eligibility.INELIGIBLE,
        Eligibility.ELIGIBLE,
        second,
    )


def test_a_hiring_by_another_company_does_not_judge_this_companys_hours(hours_clause, contractor, newcomer):
    HiringFactory(participant=newcomer)  # hired by someone else
    hours_import.import_statement(hours_clause, rows(HEADER + "2026-03;1;73282932000074;P-0010;35;cdd"))
    assert RealisedHours.objects.get().eligibility == Eligibility.TO_CHECK


# --- the pages ------------------------------------------------------------------------------------------------


def hiring_form(contractor, categories, **values):
    return {
        "company": contractor.organisation.pk,
        "hired_on": "2026-02-02",
        "categories": [category.pk for category in categories],
        "proof_kind": "france_travail",
        "proof_date": "2026-01-28",
        **values,
    }


def test_recording_the_hiring_judges_the_waiting_lines_and_the_figures_follow(
    client, facilitator, hours_clause, contractor, newcomer, categories
):
    waiting = RealisedHoursFactory(
        consideration=hours_clause, contractor=contractor, participant=newcomer, hiring=None, eligible=False
    )
    client.force_login(facilitator)
    url = reverse("followup:hiring_create", args=[newcomer.pk])
    page = client.get(url, {"entreprise": contractor.organisation.pk, "mois": "2026-03"})
    assert page.context["form"].initial["hired_on"] == date(2026, 3, 1)
    assert list(page.context["form"].initial["categories"]) == [categories[0]]
    response = client.post(url, hiring_form(contractor, categories[:1]), follow=True)
    assert "1 ligne(s) d'heures rejugée(s)" in " ".join(map(str, response.context["messages"]))
    waiting.refresh_from_db()
    hiring = Hiring.objects.get()
    assert (waiting.hiring, waiting.eligible) == (hiring, True)
    assert (hiring.checked_by, hiring.territory_id) == (facilitator, newcomer.territory_id)
    assert realised(hours_clause).declared_hours == Decimal(100)
    assert waiting.history.first().history_user == facilitator  # the re-judging is a version with its author


def test_correcting_the_publics_of_a_hiring_judges_its_lines_again(
    client, facilitator, hours_clause, contractor, eligible_participant, categories
):
    line = RealisedHoursFactory(
        consideration=hours_clause,
        contractor=contractor,
        participant=eligible_participant,
        status="validee",
        validated_at="2026-04-02T09:00Z",
    )
    hiring = line.hiring
    client.force_login(facilitator)
    client.post(reverse("followup:hiring_update", args=[hiring.pk]), hiring_form(contractor, categories[1:]))
    line.refresh_from_db()
    assert not line.eligible and realised(hours_clause).realised_hours == 0
    assert [list(version.categories.values_list("eligiblecategory", flat=True)) for version in hiring.history.all()][
        0
    ] == [categories[1].pk]  # the publics' past values are in the history


@pytest.mark.parametrize(
    "values,field,message",
    [
        ({"proof_date": ""}, "proof_date", "La pièce justificative est datée."),
        ({"proof_date": "2026-03-01"}, "proof_date", "au plus tard le jour de l'embauche"),
        ({"proof_kind": "reprise"}, "proof_kind", "Sélectionnez un choix valide"),
        ({"hired_on": "02/31/2026"}, "hired_on", "Saisissez une date valide"),
    ],
)
def test_a_hiring_without_a_proof_seen_by_the_hiring_day_is_refused_in_french(
    client, facilitator, contractor, newcomer, categories, values, field, message
):
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:hiring_create", args=[newcomer.pk]), hiring_form(contractor, categories, **values)
    )
    assert response.status_code == 200 and not Hiring.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])


def test_the_same_hiring_twice_is_refused_in_french(client, facilitator, contractor, eligible_participant, categories):
    client.force_login(facilitator)
    response = client.post(
        reverse("followup:hiring_create", args=[eligible_participant.pk]),
        hiring_form(contractor, categories, hired_on="2020-01-01", proof_date="2019-12-01"),
    )
    assert "Cette embauche est déjà enregistrée." in response.content.decode()


def test_the_hours_list_shows_the_lines_to_check_with_a_link_to_check_them(
    client, facilitator, hours_clause, contractor, newcomer
):
    RealisedHoursFactory(
        consideration=hours_clause, contractor=contractor, participant=newcomer, hiring=None, eligible=False
    )
    client.force_login(facilitator)
    page = client.get(reverse("followup:hours", args=[hours_clause.pk])).content.decode()
    assert "1 ligne(s) dont l'éligibilité est à vérifier" in page
    link = reverse("followup:hiring_create", args=[newcomer.pk])
    assert f"{link}?entreprise={contractor.organisation.pk}&amp;mois=2026-03" in page


def test_the_hirings_page_query_count(client, facilitator, contractor, categories, django_assert_num_queries):
    person = ParticipantFactory(eligible_categories=categories)
    for year in range(2015, 2025):
        HiringFactory(participant=person, company=contractor.organisation, hired_on=date(year, 1, 2))
    client.force_login(facilitator)
    # session, user, scope (2), participant, hirings (company, checker), their categories, the access log's record
    with django_assert_num_queries(8):
        response = client.get(reverse("followup:hirings", args=[person.pk]))
    assert response.content.decode().count("Corriger") == 10


def test_the_right_of_access_includes_the_hirings(client, facilitator, eligible_participant):
    client.force_login(facilitator)
    data = client.get(reverse("partners:participant_data", args=[eligible_participant.pk])).json()
    label = eligible_participant.eligible_categories.get().label
    assert [(hiring["hired_on"], hiring["publics"]) for hiring in data["embauches"]] == [("2020-01-01", [label])]
