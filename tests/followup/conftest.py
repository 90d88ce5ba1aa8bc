from datetime import date

import pytest

from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
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


@pytest.fixture
def eligible_participant(categories):
    return ParticipantFactory(reference="P-0001", last_name="Durandal", eligible_categories=[categories[0]])


@pytest.fixture
def ineligible_participant(categories):
    return ParticipantFactory(reference="P-0002", last_name="Sansliste", eligible_categories=[categories[1]])
