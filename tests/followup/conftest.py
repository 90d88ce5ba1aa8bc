from datetime import date

import pytest

from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
    HiringFactory,
    LotFactory,
    OrganisationFactory,
    ParticipantFactory,
)


@pytest.fixture
def categories(db):
    jeunes = EligibleCategoryFactory(code="jeunes")
    return [jeunes, EligibleCategoryFactory(code="rqth", eligible_list=jeunes.eligible_list)]


@pytest.fixture
def hours_clause(market, categories):
    """An insertion-hours clause over the year 2026 retaining the first category only."""
    market.start_date, market.end_date = date(2026, 1, 1), date(2026, 12, 31)
    market.save()
    clause = ConsiderationFactory(market=market, eligible_list=categories[0].eligible_list)
    clause.eligible_categories.set([categories[0]])
    return clause


@pytest.fixture
def contractor(market):
    return ContractorFactory(
        lot=LotFactory(market=market, number=1), organisation=OrganisationFactory(siret="73282932000074")
    )


def hired(participant, contractor):
    """The participant, hired by the contractor's company before the suite's months with the publics they have."""
    HiringFactory(participant=participant, company=contractor.organisation)
    return participant


@pytest.fixture
def eligible_participant(categories, contractor):
    participant = ParticipantFactory(reference="P-0001", last_name="Durandal", eligible_categories=[categories[0]])
    return hired(participant, contractor)


@pytest.fixture
def ineligible_participant(categories, contractor):
    participant = ParticipantFactory(reference="P-0002", last_name="Sansliste", eligible_categories=[categories[1]])
    return hired(participant, contractor)
