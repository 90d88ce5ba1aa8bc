"""Participant.category_bits (one bit per eligible public's label, clauses.EligibleCategory.bit) follows every
change of a participant's publics, and the dashboards' breakdown by public reads the same with or without it."""

from datetime import date

import pytest

from clauses.models import EligibleCategory
from partners.models import Participant
from reporting.figures import followup
from tests.factories import EligibleCategoryFactory, EligibleListFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def bits_of(participant) -> int:
    return Participant.objects.get(pk=participant.pk).category_bits


def expected(participant) -> int:
    return sum({1 << bit for bit in participant.eligible_categories.values_list("bit", flat=True)})


def test_bits_follow_the_publics_from_either_side():
    first, second = EligibleCategoryFactory(), EligibleCategoryFactory()
    assert first.bit is not None and second.bit is not None and first.bit != second.bit
    participant = ParticipantFactory(eligible_categories=[first, second])
    assert bits_of(participant) == (1 << first.bit) | (1 << second.bit)
    participant.eligible_categories.remove(first)
    assert bits_of(participant) == 1 << second.bit
    participant.eligible_categories.clear()
    assert bits_of(participant) == 0
    first.participants.add(participant)
    assert bits_of(participant) == 1 << first.bit
    first.participants.remove(participant)
    assert bits_of(participant) == 0
    second.participants.add(participant)
    second.participants.clear()
    assert bits_of(participant) == 0


def test_a_label_in_two_lists_is_one_bit_and_a_save_keeps_the_bits():
    label = "Demandeur d'emploi de longue durée"
    old, new = (EligibleCategoryFactory(label=label, eligible_list=EligibleListFactory()) for _ in range(2))
    assert old.bit == new.bit
    participant = ParticipantFactory(eligible_categories=[old, new])
    assert bits_of(participant) == 1 << old.bit
    participant.notes = "changé"
    participant.category_bits = 0  # a stale copy in memory is not written back
    participant.save()
    assert bits_of(participant) == expected(participant) == 1 << old.bit


def test_renaming_or_deleting_a_public_moves_its_participants_bits():
    shared, alone = EligibleCategoryFactory(label="Public A"), EligibleCategoryFactory(label="Public B")
    participant = ParticipantFactory(eligible_categories=[alone])
    alone.label = "Public A"
    alone.save()
    assert alone.bit == shared.bit and bits_of(participant) == expected(participant) == 1 << shared.bit
    other = ParticipantFactory(eligible_categories=[shared])
    shared.delete()
    assert bits_of(other) == 0 and bits_of(participant) == 1 << alone.bit
    EligibleCategory.objects.filter(pk=alone.pk).delete()
    assert bits_of(participant) == 0


def test_the_breakdown_by_public_is_the_same_by_bits_and_by_join(monkeypatch):
    lists = EligibleListFactory(), EligibleListFactory()
    youth = [EligibleCategoryFactory(label="Jeune de moins de 26 ans", eligible_list=lst) for lst in lists]
    rsa = EligibleCategoryFactory(label="Allocataire du RSA", eligible_list=lists[1])
    people = [
        ParticipantFactory(eligible_categories=youth),
        ParticipantFactory(eligible_categories=[youth[1], rsa]),
        ParticipantFactory(eligible_categories=[rsa]),
        ParticipantFactory(),
    ]
    ids = Participant.objects.filter(pk__in=[p.pk for p in people]).values("pk")
    by_bits = followup.participant_breakdown(ids, date(2026, 1, 1))
    assert by_bits["category"] == [
        {"label": "Allocataire du RSA", "count": 2},
        {"label": "Jeune de moins de 26 ans", "count": 2},
    ]
    monkeypatch.setattr(followup, "public_masks", lambda: None)  # as past 63 labels: the publics joined
    assert followup.participant_breakdown(ids, date(2026, 1, 1)) == by_bits
