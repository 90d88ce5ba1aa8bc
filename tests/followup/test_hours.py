"""Counting realised hours: modalities and their conversion, eligibility, validation, database aggregates."""

from datetime import date
from decimal import Decimal

import pytest

from clauses.models import Consideration, ModalityConversion
from followup.models import HoursRules, RealisedHours, with_realised
from partners.models import Participant, age_band
from tests.factories import (
    ConsiderationFactory,
    HiringFactory,
    ParticipantFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
    UserFactory,
)


def line(clause, contractor, participant, detail="cdd", hours="100", month=date(2026, 3, 1)):
    """An hours line counted as the import and the form count it, the participant hired by the company (with
    their publics) before the suite's months."""
    HiringFactory(participant=participant, company=contractor.organisation)
    new = RealisedHours(
        consideration=clause,
        contractor=contractor,
        participant=participant,
        month=month,
        modality_detail=detail,
        hours_worked=Decimal(hours),
    )
    HoursRules.load(clause, [participant.pk]).apply(new, contractor.organisation_id)
    new.save()
    return new


def test_conversion_by_modality(hours_clause, contractor, eligible_participant):
    ModalityConversion.objects.filter(modality="mise_a_disposition").update(hours_per_hour=Decimal("1.5"))
    direct = line(hours_clause, contractor, eligible_participant, "cdi", "100")
    placed = line(hours_clause, contractor, eligible_participant, "geiq", "40")
    assert (direct.modality, direct.counted_hours) == ("embauche", Decimal("100"))
    assert (placed.modality, placed.conversion_rate, placed.counted_hours) == (
        "mise_a_disposition",
        Decimal("1.5"),
        Decimal("60"),
    )
    rows = {row["modality"]: (row["worked"], row["counted"]) for row in RealisedHours.objects.by_modality()}
    assert rows == {"embauche": (Decimal(100), Decimal(100)), "mise_a_disposition": (Decimal(40), Decimal(60))}


def test_conversion_is_one_to_one_without_a_rule(hours_clause, contractor, eligible_participant):
    ModalityConversion.objects.all().delete()
    assert line(hours_clause, contractor, eligible_participant, "formation", "35").counted_hours == Decimal(35)


def test_hours_of_an_ineligible_participant_are_flagged_and_do_not_count(
    hours_clause, contractor, eligible_participant, ineligible_participant
):
    user = UserFactory()
    assert line(hours_clause, contractor, eligible_participant, hours="100").eligible
    assert not line(hours_clause, contractor, ineligible_participant, hours="70").eligible
    RealisedHours.objects.all().validate(user)
    clause = with_realised(Consideration.objects.all()).get(pk=hours_clause.pk)
    assert clause.realised_hours == clause.realised_units == Decimal(100)
    assert clause.ineligible_hours == Decimal(70)
    assert clause.participant_count == 1
    assert RealisedHours.objects.counted().count() == 1


def test_a_clause_without_eligible_publics_counts_nobody(market, contractor, eligible_participant):
    clause = ConsiderationFactory(market=market)
    assert not line(clause, contractor, eligible_participant).eligible


def test_validation_records_who_and_when_and_judges_by_the_hiring_not_the_publics_of_today(
    hours_clause, contractor, eligible_participant, categories
):
    user = UserFactory(username="valideuse")
    declared = line(hours_clause, contractor, eligible_participant)
    eligible_participant.eligible_categories.set([categories[1]])  # the person's situation changed since
    assert RealisedHours.objects.filter(consideration=hours_clause).validate(user) == 1
    declared.refresh_from_db()
    assert declared.status == "validee" and declared.validated_by == user and declared.validated_at
    assert declared.eligible and declared.hiring.categories.get() == categories[0]


def test_declared_hours_are_not_realised_until_validated(hours_clause, contractor, eligible_participant):
    line(hours_clause, contractor, eligible_participant, hours="80")
    clause = with_realised(Consideration.objects.all()).get(pk=hours_clause.pk)
    assert (clause.realised_units, clause.declared_hours) == (Decimal(0), Decimal(80))


def test_with_realised_is_one_query_and_does_not_multiply_rows(market, django_assert_num_queries):
    hours = ConsiderationFactory(market=market)
    actions = ConsiderationFactory(market=market, kind="social_actions", unit="actions", target=Decimal(3))
    people = ConsiderationFactory(market=market, kind="diversity", unit="people", target=Decimal(10))
    for month in (1, 2, 3):
        RealisedHoursFactory(
            consideration=hours,
            month=date(2026, month, 1),
            hours_worked=Decimal("10.5"),
            status="validee",
            validated_at="2026-05-01T10:00Z",
        )
        RealisedActionFactory(consideration=hours, people_reached=1, women_reached=0)
    for _ in range(2):
        RealisedActionFactory(consideration=actions, people_reached=7, women_reached=3)
        RealisedActionFactory(consideration=people, people_reached=4, women_reached=2)
    with django_assert_num_queries(1):
        rows = {c.pk: c for c in with_realised(Consideration.objects.filter(market=market))}
    assert rows[hours.pk].realised_units == Decimal("31.5")  # 3 × 10.5 h, not multiplied by the 3 actions
    assert rows[hours.pk].participant_count == 3
    assert rows[actions.pk].realised_units == 2
    assert (rows[people.pk].realised_units, rows[people.pk].women_reached) == (8, 4)


def test_database_refuses_negative_hours_and_duplicates(hours_clause, contractor, eligible_participant):
    from django.db import IntegrityError, transaction

    line(hours_clause, contractor, eligible_participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        line(hours_clause, contractor, eligible_participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        line(hours_clause, contractor, eligible_participant, detail="cdi", hours="-1")


@pytest.mark.parametrize("birth_year,band", [(2001, "moins_26"), (2000, "26_49"), (1977, "26_49"), (1976, "50_plus")])
def test_age_band_in_python_and_in_the_database(db, birth_year, band):
    on = date(2026, 11, 25)
    participant = ParticipantFactory(birth_year=birth_year)
    assert age_band(birth_year, on) == band
    assert Participant.objects.with_age_band(on).get(pk=participant.pk).age_band == band
