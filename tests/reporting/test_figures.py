"""Every figure against the hand-computed dataset of conftest.py."""

from datetime import date
from decimal import Decimal

from followup.models import HoursSummary
from markets.models import Market
from partners.models import Participant
from reporting.dashboard import company_dashboard, dashboard, participant_charts, top_rows
from reporting.figures import alerts, followup, scope
from reporting.figures import markets as market_figures
from tests.factories import (
    ContractorFactory,
    EligibleCategoryFactory,
    EligibleListFactory,
    LotFactory,
    OrganisationFactory,
    ParticipantFactory,
)

from .conftest import validated


def own(buyer):
    return Market.objects.filter(buyer=buyer)


def test_contract_figures(dataset, buyer):
    contracts = market_figures.ContractCounts.of(own(buyer))
    assert contracts.totals() == {"market_count": 5, "total_amount": Decimal("9100000"), "social_count": 2}
    assert market_figures.company_count(own(buyer)) == 1
    assert (
        dashboard(own(buyer), 2026, followup.company_rows(own(buyer)))["figures"]
        == dashboard(own(buyer), 2026)["figures"]
    )  # /rapports/ counts the rows of its companies' table
    assert market_figures.amounts(own(buyer)) == {"market_count": 5, "total_amount": Decimal("9100000")}
    counts = {row["status"]: row["count"] for row in contracts.by_status()}
    assert counts["execution"] == 4 and counts["programme"] == 1 and sum(counts.values()) == 5
    by_kind = market_figures.considerations_by_kind(own(buyer), 2026)
    kinds = {row["kind"]: (row["count"], row["contracts"]) for row in by_kind}
    assert kinds["insertion_hours"] == (1, 1) and kinds["social_actions"] == (1, 1) and kinds["diversity"] == (0, 0)
    assert market_figures.hours_targets(by_kind) == (Decimal("1000"), Decimal("1000"))  # m1, notified in 2026
    assert market_figures.hours_targets(market_figures.considerations_by_kind(own(buyer), 2025)) == (
        Decimal("1000"),
        Decimal(0),
    )
    assert market_figures.hours_targets(market_figures.considerations_by_kind(Market.objects.all(), 2026)) == (
        Decimal("1500"),
        Decimal("1500"),
    )


def test_pnad_share_counts_contracts_with_a_written_consideration(dataset, buyer):
    contracts = market_figures.ContractCounts.of(own(buyer))
    shares = {share.year: (share.total, share.social, share.share) for share in contracts.pnad_by_year()}
    assert shares == {2025: (1, 1, Decimal("100.0")), 2026: (3, 1, Decimal("33.3"))}  # the 5th is not notified
    assert contracts.pnad(2026).target is None and contracts.pnad(2026).reached is None  # no target after 2025
    assert contracts.pnad(2025).target == 30 and contracts.pnad(2025).reached
    assert contracts.pnad(2024).share is None


def test_climate_compliance(dataset, buyer):
    assert market_figures.climate_compliance(own(buyer)) == {
        "concerned": 1,
        "flagged": 1,
        "compliant": 0,
        "share": Decimal("0.0"),
        "unknown": 0,
    }


def test_hours_participants_actions(dataset, buyer):
    assert followup.hours(own(buyer), 2026) == {
        "total": Decimal("150"),
        "year": Decimal("100"),
        "declared": Decimal("30"),
    }
    assert followup.hours(Market.objects.all(), 2026)["total"] == Decimal("190")
    people = followup.participant_breakdown(followup.participant_ids(own(buyer)), date(2026, 1, 1))
    assert people["total"] == 2
    assert [(row["label"], row["count"]) for row in people["sex"]] == [("femme", 1), ("homme", 1)]
    assert [row["count"] for row in people["age"]] == [1, 0, 1]  # Alice is 21 in 2026, Bruno 56
    assert people["prescriber"] == [{"label": "sans prescripteur", "count": 2}]
    assert people["outcome"][-1] == {"label": "toujours en parcours", "count": 2}
    assert followup.participants(own(buyer), 2026).count() == 1  # only Alice worked in 2026
    actions = {
        row["label"]: (row["count"], row["people"], row["women"]) for row in followup.actions_by_type(own(buyer))
    }
    assert actions["visite de chantier ou de site"] == (2, 10, 4) and actions["stage"] == (1, 3, 1)
    companies = followup.companies(own(buyer))
    assert companies == [
        {
            "pk": dataset["company"].pk,
            "name": "Bâtiment Martin",
            "contracts": 1,
            "hours": Decimal("150"),
            "participants": 2,
        }
    ]


def test_dashboard_charts_carry_the_same_figures(dataset, buyer):
    board = dashboard(own(buyer), 2026)
    assert board["hours"]["chart"].rows == [
        ("Tous les marchés", [Decimal("1000"), Decimal("150")]),
        ("Marchés notifiés en 2026", [Decimal("1000"), Decimal("150")]),
    ]
    assert board["pnad"].share == Decimal("33.3")
    assert ("Femme", [1]) in board["people_charts"]["sex"].rows


def test_every_contract_reads_the_summaries_without_the_contracts(dataset):
    """scope.of_markets skips the semi-join over the contracts when they are all selected: same figures."""
    every = Market.objects.all()
    listed = Market.objects.filter(pk__in=list(every.values_list("pk", flat=True)))
    assert "markets_market" not in str(scope.of_markets(HoursSummary.objects.all(), every).query)
    assert "markets_market" in str(scope.of_markets(HoursSummary.objects.all(), listed).query)
    for figures in (
        lambda markets: followup.hours(markets, 2026),
        followup.actions_by_type,
        followup.penalties,
        followup.companies,
        lambda markets: followup.participant_breakdown(followup.participant_ids(markets), date(2026, 1, 1)),
        lambda markets: market_figures.ContractCounts.of(markets).rows,
        market_figures.company_count,
        lambda markets: market_figures.considerations_by_kind(markets, 2026),
        lambda markets: [c.pk for c in followup.considerations_with_realised(markets)],
        lambda markets: list(alerts.evaluations_due(markets, date(2027, 1, 15))),
    ):
        assert figures(every) == figures(listed)


def test_a_company_figures_are_read_on_the_contracts_the_user_sees(dataset, buyer):
    """company_dashboard reads the company's hours and participants on the visible contracts: on every contract
    (a facilitator) they are those of its own contracts; a buyer user sees those of its contracts only."""
    company = dataset["company"]
    other_lot = LotFactory(market=dataset["o1"])
    validated(
        consideration=dataset["o1"].considerations.get(),
        participant=ParticipantFactory(),
        contractor=ContractorFactory(lot=other_lot, organisation=company),
        hours_worked=Decimal("7"),
    )
    everywhere = Market.objects.filter(lots__contractors__organisation=company).distinct()
    mine = own(buyer).filter(lots__contractors__organisation=company).distinct()

    def figures(visible, markets):
        board = company_dashboard(visible, markets, 2026, company)
        return board["hours"]["total"], board["hours"]["realised_of_year"], board["people"]["total"]

    assert (
        figures(Market.objects.all(), everywhere)
        == figures(everywhere, everywhere)
        == (Decimal("157"), Decimal("157"), 3)
    )
    assert figures(own(buyer), mine) == (Decimal("150"), Decimal("150"), 2)


def test_participant_breakdown_by_prescriber_outcome_and_public(db):
    """One row per prescriber counts the other criteria: the tables are their sums, prescribers most first."""
    mission, agency = (
        OrganisationFactory(kind="employment_partner", partner_kind=kind, name=name)
        for kind, name in (("mission_locale", "Mission locale"), ("cap_emploi", "Cap emploi"))
    )
    youth, seniors = (EligibleCategoryFactory(label=label) for label in ("jeunes", "seniors"))
    people = [
        ParticipantFactory(
            sex="F", birth_year=2004, prescriber=mission, exit_outcome="emploi_durable", exit_date=date(2026, 6, 30)
        ),
        ParticipantFactory(sex="M", birth_year=1970, prescriber=mission, exit_outcome=""),
        ParticipantFactory(
            sex="F", birth_year=1990, prescriber=agency, exit_outcome="autre", exit_date=date(2026, 6, 30)
        ),
        ParticipantFactory(sex="M", birth_year=1990, prescriber=None, exit_outcome=""),
    ]
    people[0].eligible_categories.set([youth, seniors])
    people[1].eligible_categories.set([seniors])
    ParticipantFactory(sex="F", prescriber=agency)  # not among the ids
    ids = Participant.objects.filter(pk__in=[person.pk for person in people]).values("pk")
    breakdown = followup.participant_breakdown(ids, date(2026, 1, 1))
    assert breakdown["total"] == 4
    assert [row["count"] for row in breakdown["sex"]] == [2, 2]
    assert [row["count"] for row in breakdown["age"]] == [1, 2, 1]  # 22, 36 twice, 56
    assert breakdown["prescriber"] == [
        {"label": "Mission locale", "count": 2},
        {"label": "Cap emploi", "count": 1},
        {"label": "sans prescripteur", "count": 1},
    ]
    outcomes = {row["label"]: row["count"] for row in breakdown["outcome"]}
    assert outcomes == {
        "emploi durable": 1,
        "emploi de transition": 0,
        "sortie positive": 0,
        "autre": 1,
        "toujours en parcours": 2,
    }
    assert breakdown["category"] == [
        {"label": "seniors", "count": 2, "sensitive": False},
        {"label": "jeunes", "count": 1, "sensitive": False},
    ]


def test_a_public_in_two_lists_counts_its_participants_once(db):
    lists = EligibleListFactory(), EligibleListFactory()
    youth = [EligibleCategoryFactory(label="Jeune de moins de 26 ans", eligible_list=lst) for lst in lists]
    rsa = EligibleCategoryFactory(label="Allocataire du RSA", eligible_list=lists[1])
    people = [
        ParticipantFactory(eligible_categories=youth),
        ParticipantFactory(eligible_categories=[youth[1], rsa]),
        ParticipantFactory(eligible_categories=[rsa]),
        ParticipantFactory(),
    ]
    ids = Participant.objects.filter(pk__in=[person.pk for person in people]).values("pk")
    assert followup.participant_breakdown(ids, date(2026, 1, 1))["category"] == [
        {"label": "Allocataire du RSA", "count": 2, "sensitive": False},
        {"label": "Jeune de moins de 26 ans", "count": 2, "sensitive": False},
    ]


def test_the_prescribers_chart_shows_the_first_ones_and_sums_the_others():
    rows = [{"label": f"Mission locale {index}", "count": 40 - index} for index in range(15)]
    assert top_rows(rows[:12], "autres prescripteurs") == rows[:12]
    shown = top_rows(rows, "autres prescripteurs")
    assert len(shown) == 12 and shown[:11] == rows[:11]
    assert shown[-1] == {"label": "autres prescripteurs (4)", "count": 29 + 28 + 27 + 26}
    chart = participant_charts({"sex": [], "age": [], "category": [], "outcome": [], "prescriber": rows})["prescriber"]
    assert chart.rows[-1] == ("Autres prescripteurs (4)", [110]) and len(chart.rows) == 12
