"""A hand-computed dataset for the reporting figures (the expected values are written in the tests)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    ParticipantFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
)


def validated(**kwargs):
    return RealisedHoursFactory(status="validee", validated_at=timezone.now(), **kwargs)


@pytest.fixture
def dataset(buyer, other_buyer, facilitator):
    """Buyer "Ville de Saint-Aubin":
    - m1 notified 2026, insertion hours target 1 000, with hours: Alice (F, 2005) 100 h validated in 03/2026,
      Bruno (M, 1970) 50 h validated in 11/2025, Chloé 30 h declared, Denis 20 h validated but ineligible;
    - m2 notified 2026 without any consideration; m3 notified 2026 with an abandoned consideration only;
    - m4 notified 2025 with social actions: 2 site visits (10 people, 4 women) and 1 internship (3, 1);
    - m5 scheduled, published 01/09/2026 for 6 M€ of works, no consideration: Climat et Résilience flagged.
    Other buyer: o1 notified 2026 with an insertion-hours target of 500 and 40 h validated (Eve)."""
    company = OrganisationFactory(name="Bâtiment Martin")
    m1 = MarketFactory(
        buyer=buyer,
        facilitator=facilitator,
        reference="M1",
        notification_date=date(2026, 3, 1),
        start_date=date(2025, 9, 1),
        end_date=date(2027, 8, 31),
    )
    m2 = MarketFactory(
        buyer=buyer, reference="M2", notification_date=date(2026, 5, 1), nature="services", amount=Decimal("100000")
    )
    m3 = MarketFactory(buyer=buyer, reference="M3", notification_date=date(2026, 6, 1))
    m4 = MarketFactory(buyer=buyer, reference="M4", notification_date=date(2025, 2, 1))
    m5 = MarketFactory(
        buyer=buyer,
        reference="M5",
        notification_date=None,
        publication_date=date(2026, 9, 1),
        amount=Decimal("6000000"),
        status="programme",
    )
    hours = ConsiderationFactory(market=m1, target=Decimal("1000"), status="en_cours")
    ConsiderationFactory(market=m3, status="abandonnee")
    actions = ConsiderationFactory(
        market=m4, kind="social_actions", unit="actions", target=Decimal("3"), status="en_cours"
    )
    contractor = ContractorFactory(lot=LotFactory(market=m1), organisation=company)
    alice = ParticipantFactory(first_name="Alice", last_name="Secret", sex="F", birth_year=2005)
    bruno = ParticipantFactory(first_name="Bruno", last_name="Caché", sex="M", birth_year=1970)
    validated(
        consideration=hours,
        contractor=contractor,
        participant=alice,
        month=date(2026, 3, 1),
        hours_worked=Decimal("100"),
    )
    validated(
        consideration=hours,
        contractor=contractor,
        participant=bruno,
        month=date(2025, 11, 1),
        hours_worked=Decimal("50"),
    )
    RealisedHoursFactory(
        consideration=hours, contractor=contractor, participant=ParticipantFactory(sex="F"), hours_worked=Decimal("30")
    )
    validated(
        consideration=hours,
        contractor=contractor,
        participant=ParticipantFactory(sex="M"),
        hours_worked=Decimal("20"),
        eligible=False,
    )
    RealisedActionFactory(consideration=actions, action_type="visite", people_reached=6, women_reached=2)
    RealisedActionFactory(consideration=actions, action_type="visite", people_reached=4, women_reached=2)
    RealisedActionFactory(consideration=actions, action_type="stage", people_reached=3, women_reached=1)
    o1 = MarketFactory(buyer=other_buyer, reference="O1", notification_date=date(2026, 1, 1))
    other_hours = ConsiderationFactory(market=o1, target=Decimal("500"), status="en_cours")
    validated(consideration=other_hours, participant=ParticipantFactory(first_name="Eve"), hours_worked=Decimal("40"))
    return {
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "m4": m4,
        "m5": m5,
        "o1": o1,
        "hours": hours,
        "company": company,
        "alice": alice,
        "bruno": bruno,
    }
