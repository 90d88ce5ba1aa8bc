"""Several territories with contracts, companies and participants, for the consolidated figures and pages."""

from datetime import date
from decimal import Decimal

from tests.factories import (
    BuyerFactory,
    ConsiderationFactory,
    ContractorFactory,
    LotFactory,
    MarketFactory,
    OrganisationFactory,
    ParticipantFactory,
    TerritoryFactory,
)

from .conftest import validated

OUTCOMES = ["emploi_durable", "emploi_transition", "sortie_positive", "autre", ""]


def participant(territory, index: int):
    outcome = OUTCOMES[index % len(OUTCOMES)]
    return ParticipantFactory(
        territory=territory,
        first_name=f"Prénom-{territory.pk}-{index}",
        last_name=f"Secretname{territory.pk}x{index}",
        sex="FM"[index % 2],
        exit_outcome=outcome,
        exit_date=date(2026, 10, 1) if outcome else None,
    )


def make_territories(count: int, buyer=None) -> list:
    """``count`` territories; territory n (from 0) has n + 2 contracts notified in 2026, one more in 2025 without a
    consideration, 2 companies of its own plus one shared by every territory, and 3 n + 1 participants with hours
    counted in 2026 (one more, of 2025 only, in territory 0). The buyer, when given, has one contract in each."""
    shared = OrganisationFactory(name="Bâtiment partagé")
    territories = []
    for n in range(count):
        territory = TerritoryFactory(name=f"Service {chr(65 + n)}")
        territories.append(territory)
        companies = [shared, OrganisationFactory(), OrganisationFactory()]
        contractors = []
        for index in range(n + 2):
            market = MarketFactory(
                territory=territory,
                buyer=buyer if buyer is not None and index == 0 else BuyerFactory(),
                notification_date=date(2026, 2, 1),
            )
            clause = ConsiderationFactory(market=market, target=Decimal("500"), status="en_cours")
            lot = LotFactory(market=market)
            contractors.append((clause, ContractorFactory(lot=lot, organisation=companies[index % 3])))
        MarketFactory(territory=territory, notification_date=date(2025, 5, 1))
        for index in range(3 * n + 1):
            clause, contractor = contractors[index % len(contractors)]
            validated(
                consideration=clause,
                contractor=contractor,
                participant=participant(territory, index),
                month=date(2026, 4, 1),
                hours_worked=Decimal("35"),
            )
        if n == 0:
            clause, contractor = contractors[0]
            validated(
                consideration=clause,
                contractor=contractor,
                participant=participant(territory, 99),
                month=date(2025, 6, 1),
                hours_worked=Decimal("10"),
            )
    return territories
