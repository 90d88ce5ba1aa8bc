"""Climat et Résilience on stored contracts (article L2112-2-1): the SQL status (clauses.queries) agrees with the
Python one (clauses.review) in every legal case, the thresholds are reference data the platform admin completes,
an unknown threshold is shown and alerted, never compliant."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from clauses.enums import ClimateStatus
from clauses.models import ClimateExemption, EuThreshold, LegalBasisReference
from clauses.queries import climate_flagged, has_social_consideration, unknown_threshold, with_climate_flag
from clauses.review import ReferenceData, climate_check
from clauses.thresholds import CLIMAT_RESILIENCE_START, DEFAULT_THRESHOLDS
from markets.models import Market
from reporting.figures import alerts
from reporting.figures.markets import climate_compliance
from tests.factories import BuyerFactory, ConsiderationFactory, LotFactory, MarketFactory, UserFactory

START = CLIMAT_RESILIENCE_START
DAY = timedelta(days=1)
MARCH_2028 = date(2028, 3, 3)


def status(market) -> ClimateStatus:
    """The SQL status, checked against the Python one and against the bulk flag."""
    sql = with_climate_flag(Market.objects.filter(pk=market.pk)).get()
    python_market = (
        Market.objects.select_related("buyer", "climate_exemption").prefetch_related("considerations").get(pk=market.pk)
    )
    python = climate_check(python_market, python_market.considerations.all(), ReferenceData.load(market.territory))
    assert sql.climate_status == python
    assert sql.climate_flagged == (python == ClimateStatus.TO_FIX)
    assert climate_flagged(Market.objects.filter(pk=market.pk)).exists() == sql.climate_flagged
    assert unknown_threshold(Market.objects.filter(pk=market.pk)).exists() == (
        python == ClimateStatus.UNKNOWN_THRESHOLD
    )
    return python


def retained_condition(market, **kwargs):
    return ConsiderationFactory(market=market, **{"status": "retenue", **kwargs})


def test_thresholds_are_loaded_by_the_data_migration(db):
    stored = {t.as_threshold() for t in EuThreshold.objects.all()}
    assert stored == set(DEFAULT_THRESHOLDS)
    assert LegalBasisReference.satisfying() == {"execution"}


def test_works_contract_of_6_meur_from_3_march_2028_without_social_condition_is_flagged_as_unknown_threshold(
    client, db
):
    market = MarketFactory(nature="travaux", amount=Decimal("6000000"), publication_date=MARCH_2028)
    assert status(market) == ClimateStatus.UNKNOWN_THRESHOLD
    assert climate_compliance(Market.objects.all()) == {
        "concerned": 0,
        "flagged": 0,
        "compliant": 0,
        "share": None,
        "unknown": 1,
    }
    [missing] = alerts.missing_thresholds(Market.objects.all())
    assert (missing.label, missing.first_date, missing.count) == (
        "travaux et concessions · autre pouvoir adjudicateur",
        MARCH_2028,
        1,
    )
    assert [m.climate_status for m in alerts.climate_alerts(Market.objects.all())] == ["seuil_inconnu"]

    # the platform admin adds the 2028 threshold in the admin: the contract is flagged
    client.force_login(UserFactory(role=Role.PLATFORM, territory=None))
    response = client.post(
        reverse("admin:clauses_euthreshold_add"),
        {
            "valid_from": "2028-01-01",
            "valid_until": "2029-12-31",
            "purchase": "travaux",
            "buyer_type": "pouvoir_adjudicateur",
            "amount": "5500000",
            "source": "règlement délégué (UE) 2027/…",
        },
    )
    assert response.status_code == 302
    assert status(market) == ClimateStatus.TO_FIX
    assert list(climate_flagged(Market.objects.all())) == [market]
    assert alerts.missing_thresholds(Market.objects.all()) == []


def test_same_contract_marked_defence_is_not_flagged(db):
    market = MarketFactory(
        nature="travaux", amount=Decimal("6000000"), publication_date=MARCH_2028, defence_or_security=True
    )
    assert status(market) == ClimateStatus.DEFENCE
    launched = MarketFactory(
        nature="travaux", amount=Decimal("6000000"), publication_date=START, defence_or_security=True
    )
    assert status(launched) == ClimateStatus.DEFENCE
    assert climate_compliance(Market.objects.all())["unknown"] == 0
    assert alerts.missing_thresholds(Market.objects.all()) == []


def test_insertion_purchase_of_300_keur_is_below_the_social_services_threshold(db):
    market = MarketFactory(nature="services", amount=Decimal("300000"), publication_date=START)
    assert status(market) == ClimateStatus.TO_FIX  # plain services: 216 000 €
    purchase = ConsiderationFactory(
        market=market, kind="insertion_purchase", legal_basis="achat_insertion", status="envisagee"
    )
    assert status(market) == ClimateStatus.TO_FIX  # envisaged only: not yet written into the tender documents
    purchase.status = "retenue"
    purchase.save()
    assert status(market) == ClimateStatus.NOT_CONCERNED  # social and specific services: 750 000 €
    purchase.lot = LotFactory(market=market)
    purchase.save()
    assert status(market) == ClimateStatus.TO_FIX  # on one lot only: the contract is not a social-services one


def test_social_services_ticked_on_the_contract_raise_its_threshold_to_750_keur(db):
    below = MarketFactory(nature="services", amount=Decimal("749999.99"), publication_date=START, social_services=True)
    at = MarketFactory(nature="services", amount=Decimal("750000"), publication_date=START, social_services=True)
    entity = MarketFactory(
        nature="services",
        amount=Decimal("999999"),
        publication_date=START,
        social_services=True,
        contracting_entity=True,
    )
    assert [status(below), status(at), status(entity)] == [
        ClimateStatus.NOT_CONCERNED,
        ClimateStatus.TO_FIX,
        ClimateStatus.NOT_CONCERNED,
    ]


def test_entite_adjudicatrice_supplies_of_300_keur_are_below_432_keur(db):
    market = MarketFactory(nature="fournitures", amount=Decimal("300000"), publication_date=START)
    assert status(market) == ClimateStatus.TO_FIX
    market.contracting_entity = True
    market.save()
    assert status(market) == ClimateStatus.NOT_CONCERNED
    market.amount = Decimal("432000")
    market.save()
    assert status(market) == ClimateStatus.TO_FIX


@pytest.mark.parametrize(
    ("nature", "category", "contract_type", "facts", "threshold"),
    [
        ("travaux", "collectivite", "marche", {}, 5_404_000),
        ("services", "etat", "marche", {}, 140_000),
        ("fournitures", "bailleur_social", "marche", {}, 216_000),
        ("services", "collectivite", "concession", {}, 5_404_000),  # concessions follow the works threshold
        ("services", "collectivite", "marche", {"contracting_entity": True}, 432_000),
        ("services", "etat", "marche", {"social_services": True}, 750_000),
    ],
)
def test_exactly_at_the_threshold_counts_one_cent_below_does_not(db, nature, category, contract_type, facts, threshold):
    buyer = BuyerFactory(buyer_category=category)

    def contract(amount):
        return MarketFactory(
            buyer=buyer, nature=nature, contract_type=contract_type, amount=amount, publication_date=START, **facts
        )

    assert status(contract(Decimal(threshold))) == ClimateStatus.TO_FIX
    assert status(contract(Decimal(threshold) - Decimal("0.01"))) == ClimateStatus.NOT_CONCERNED


def test_threshold_of_31_december_2025_then_of_1_january_2026(db):
    old = MarketFactory(nature="services", amount=Decimal("218000"), publication_date=date(2025, 12, 31))
    new = MarketFactory(nature="services", amount=Decimal("218000"), publication_date=date(2026, 1, 1))
    thresholds = dict(with_climate_flag(Market.objects.all()).values_list("pk", "eu_threshold"))
    assert (thresholds[old.pk], thresholds[new.pk]) == (Decimal("221000"), Decimal("216000"))
    assert status(old) == status(new) == ClimateStatus.NOT_CONCERNED  # both launched before 22 August 2026


def test_launched_on_21_august_2026_is_not_concerned_on_22_august_2026_it_is(db):
    assert status(MarketFactory(amount=Decimal("9000000"), publication_date=START - DAY)) == ClimateStatus.NOT_CONCERNED
    assert status(MarketFactory(amount=Decimal("9000000"), publication_date=START)) == ClimateStatus.TO_FIX
    assert status(MarketFactory(amount=Decimal("9000000"), publication_date=None)) == ClimateStatus.MISSING_DATA
    assert status(MarketFactory(amount=None, publication_date=START)) == ClimateStatus.MISSING_DATA


def test_social_execution_condition_makes_it_compliant_a_recorded_reason_exempt(db):
    market = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    retained_condition(market, legal_basis="critere")
    assert status(market) == ClimateStatus.TO_FIX  # an award criterion is not an execution condition
    condition = retained_condition(market, status="abandonnee")
    assert status(market) == ClimateStatus.TO_FIX
    condition.status = "retenue"
    condition.save()
    assert status(market) == ClimateStatus.COMPLIANT
    other = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    ClimateExemption.objects.create(market=other, reason="difficulte")
    assert status(other) == ClimateStatus.EXEMPT
    assert climate_compliance(Market.objects.all()) == {
        "concerned": 2,
        "flagged": 0,
        "compliant": 2,
        "share": Decimal("100.0"),
        "unknown": 0,
    }


def test_which_legal_basis_satisfies_is_reference_data(db):
    market = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    retained_condition(market, kind="reserved_market", legal_basis="L2113-13")
    assert status(market) == ClimateStatus.TO_FIX
    LegalBasisReference.objects.filter(legal_basis="L2113-13").update(satisfies_climate_obligation=True)
    assert status(market) == ClimateStatus.COMPLIANT


def test_climate_flagged_and_has_social_consideration_querysets(db):
    flagged = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    with_clause = MarketFactory(amount=Decimal("9000000"), publication_date=START)
    retained_condition(with_clause)
    MarketFactory(amount=Decimal("1000"), publication_date=START)
    MarketFactory(amount=Decimal("9000000"), publication_date=START, defence_or_security=True)
    assert list(climate_flagged(Market.objects.all())) == [flagged]
    assert list(has_social_consideration(Market.objects.all())) == [with_clause]


def test_an_admin_threshold_of_a_new_period_applies_from_its_date(db):
    EuThreshold.objects.create(
        valid_from=date(2028, 1, 1), purchase="services", buyer_type="pouvoir_adjudicateur", amount=Decimal("220000")
    )
    assert status(MarketFactory(nature="services", amount=Decimal("218000"), publication_date=date(2027, 12, 31))) == (
        ClimateStatus.TO_FIX
    )
    assert status(MarketFactory(nature="services", amount=Decimal("218000"), publication_date=date(2028, 1, 1))) == (
        ClimateStatus.NOT_CONCERNED
    )
    # the other keys of 2028 are still unknown: the alert names the first one missing
    MarketFactory(nature="fournitures", amount=Decimal("100000"), publication_date=date(2028, 2, 1))
    assert [m.label for m in alerts.missing_thresholds(Market.objects.all())] == [
        "fournitures · autre pouvoir adjudicateur"
    ]
