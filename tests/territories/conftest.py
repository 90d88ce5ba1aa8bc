"""Two territories holding data in every table of a territory's data (see test_row_security.TERRITORY_TABLES),
and a buyer whose contracts are followed in both."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from clauses.enums import ExemptionReason, Kind
from clauses.models import ClimateExemption, Dismissal
from followup.enums import HoursStatus, PenaltyChoice
from followup.models import PenaltyDecision
from markets.enums import Status
from markets.models import DecpConflict, Modification, StatusChange
from partners.enums import AccessKind
from partners.models import AccessRecord
from plans.models import PlanIndicator, PlanLine
from tests.factories import (
    ActionPlanFactory,
    BuyerFactory,
    ConsiderationFactory,
    ContractorFactory,
    EligibleCategoryFactory,
    LotFactory,
    MarketFactory,
    ParticipantFactory,
    PlanAxisFactory,
    ProgressPlanEntryFactory,
    RealisedActionFactory,
    RealisedHoursFactory,
    TerritoryFactory,
    UserFactory,
)


@dataclass
class TerritoryData:
    territory: object
    shared_market: object  # a contract of the buyer followed in both territories
    own_market: object  # a contract of this territory's other buyer
    shared_participant: object  # counted on the shared buyer's contract
    own_participant: object  # counted on the other buyer's contract only


def fill(territory, shared_buyer) -> TerritoryData:
    """One territory's data: every table holding a territory's data gets at least one row."""
    facilitator = UserFactory(role=Role.FACILITATOR, territory=territory)
    category = EligibleCategoryFactory(eligible_list__territory=territory)
    markets = [
        MarketFactory(territory=territory, buyer=buyer, facilitator=facilitator)
        for buyer in (shared_buyer, BuyerFactory())
    ]
    participants = [ParticipantFactory(territory=territory, eligible_categories=[category]) for _ in markets]
    for market, participant in zip(markets, participants, strict=True):
        Modification.objects.create(market=market, decp_id="01", amount=Decimal("1100000"))
        StatusChange.objects.create(market=market, old_status=Status.AWARDED, new_status=Status.EXECUTION)
        DecpConflict.objects.create(market=market, values={"object": "Objet publié"}, imported_at=timezone.now())
        Dismissal.objects.create(market=market, kind=Kind.INSERTION_HOURS, reason="Aucun lot adapté.")
        ClimateExemption.objects.create(market=market, reason=ExemptionReason.DIFFICULTY)
        contractor = ContractorFactory(lot=LotFactory(market=market))
        hours = ConsiderationFactory(market=market)
        hours.eligible_categories.set([category])
        RealisedHoursFactory(
            consideration=hours,
            contractor=contractor,
            participant=participant,
            status=HoursStatus.VALIDATED,
            validated_by=facilitator,
            validated_at=timezone.now(),
        )
        PenaltyDecision.objects.create(
            consideration=hours,
            missing_units=10,
            computed_amount=500,
            notice_date=date(2026, 1, 5),
            answer_deadline=date(2026, 1, 20),
            answer_date=date(2026, 1, 12),
            answer="Un sous-traitant a fait défaut.",
            decision=PenaltyChoice.APPLY,
            amount=500,
            decided_on=date(2026, 1, 25),
        )
        action = RealisedActionFactory(consideration__market=market)
        action.participants.set([participant])
        ProgressPlanEntryFactory(consideration__market=market)
    for participant in participants:
        AccessRecord.objects.create(
            territory=territory, user=facilitator, participant=participant, kind=AccessKind.VIEW, what="fiche", path="/"
        )
    plan = ActionPlanFactory(territory=territory, buyer=shared_buyer)
    PlanAxisFactory(plan=plan)
    PlanLine.objects.create(plan=plan, market=markets[0])
    PlanIndicator.objects.create(plan=plan, label="Heures d'insertion", target=1000)
    return TerritoryData(territory, markets[0], markets[1], participants[0], participants[1])


@pytest.fixture
def shared_buyer(db):
    return BuyerFactory(name="Région Centre-Val de Loire", buyer_category="collectivite")


@pytest.fixture
def two_territories(shared_buyer):
    first = TerritoryFactory(name="Saint-Aubin Emploi", departments=["37"])
    second = TerritoryFactory(name="Val du Cher Emploi", departments=["41"])
    return fill(first, shared_buyer), fill(second, shared_buyer)
