"""The hirings of the hours lines recorded before eligibility per hiring (followup 0009): one per participant and
company with lines, from the first month of its lines, with the publics the participant has, the proof « non
renseigné (reprise des données) »; every line points to it and counts as it did.

A transactional test (the migrations commit), as tests/followup/test_penalty_migration.py; it migrates back to the
latest at the end, even when it fails."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

FOLLOWUP_BEFORE = ("followup", "0007_penalty_procedure")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def old_data(apps):
    """Two companies on a contract; a person with lines at both (eligible at the first, not at the second)."""
    get = apps.get_model
    territory = get("territories", "Territory").objects.create(name="Saint-Aubin Emploi", carrier="PLIE")
    buyer = get("partners", "Organisation").objects.create(kind="buyer", name="Ville", buyer_category="collectivite")
    companies = [
        get("partners", "Organisation").objects.create(kind="company", name=name, siret=siret)
        for name, siret in (("Bâtisseurs", "73282932000074"), ("Peintres", "35600000000048"))
    ]
    market = get("markets", "Market").objects.create(
        territory=territory, buyer=buyer, reference="2025-M-1", object="Travaux", nature="travaux"
    )
    lot = get("markets", "Lot").objects.create(market=market, number=1, title="Gros œuvre")
    contractors = [get("markets", "Contractor").objects.create(lot=lot, organisation=c) for c in companies]
    eligible_list = get("partners", "EligibleList").objects.create(
        name="CCAG", source="CCAG", valid_from=date(2021, 4, 1)
    )
    young = get("partners", "EligibleCategory").objects.create(
        eligible_list=eligible_list, code="jeunes", label="Jeunes"
    )
    person = get("partners", "Participant").objects.create(
        territory=territory,
        reference="P-0001",
        first_name="Ana",
        last_name="Durandal",
        sex="F",
        birth_year=2001,
        entry_date=date(2025, 1, 6),
    )
    person.eligible_categories.set([young])
    clause = get("clauses", "Consideration").objects.create(
        market=market, kind="insertion_hours", legal_basis="execution", target=100, unit="hours", status="en_cours"
    )
    for contractor, month, eligible in ((0, 4, True), (0, 3, True), (1, 5, False)):
        get("followup", "RealisedHours").objects.create(
            consideration=clause,
            contractor=contractors[contractor],
            participant=person,
            month=date(2025, month, 1),
            hours_worked=Decimal(35),
            modality_detail="cdd",
            eligible=eligible,
        )
    return companies, young


@pytest.mark.django_db(transaction=True)
def test_every_person_with_hours_gets_a_hiring_per_company_from_the_first_month_and_counts_as_before():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        before = migrate([node for node in latest if node[0] != "followup"] + [FOLLOWUP_BEFORE])
        companies, young = old_data(before)
        after = migrate(latest)
    finally:
        migrate(latest)  # the rest of the suite runs on the latest schema
    Hiring, Line = after.get_model("followup", "Hiring"), after.get_model("followup", "RealisedHours")
    hirings = list(Hiring.objects.order_by("company__name"))
    assert [(h.company_id, h.hired_on, h.proof_kind, h.proof_date, h.checked_by_id) for h in hirings] == [
        (companies[0].pk, date(2025, 3, 1), "reprise", None, None),
        (companies[1].pk, date(2025, 5, 1), "reprise", None, None),
    ]
    assert all(list(h.categories.values_list("pk", flat=True)) == [young.pk] for h in hirings)
    lines = Line.objects.order_by("month").values_list("hiring__company", "eligible")
    assert list(lines) == [(companies[0].pk, True), (companies[0].pk, True), (companies[1].pk, False)]
    figures = after.get_model("followup", "RealisedFigures").objects.get()
    assert (figures.declared_hours, figures.ineligible_hours) == (Decimal(70), Decimal(35))
