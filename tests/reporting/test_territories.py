"""The consolidated figures by territory: each row is its territory's own dashboard, in a fixed number of queries."""

import pytest

from markets.models import Market
from partners.secrecy import SECRET
from reporting.dashboard import dashboard
from reporting.exports import survey_table
from reporting.figures.territories import consolidated

from .territories_data import make_territories

ALL_SHOWN = 1  # a threshold under which no count falls: the raw figures


def survey(markets, year):
    return {label: value for _, label, value in survey_table(markets, year).rows}


def assert_same_figures(row, markets, year):
    own = dashboard(markets, year)
    assert row.contracts == own["figures"]["market_count"]
    assert row.social == own["figures"]["social_count"]
    assert row.companies == own["figures"]["company_count"]
    assert row.pnad == own["pnad"]
    assert row.climate == own["climate"]
    assert (row.hours["total"], row.hours["year"]) == (own["hours"]["total"], own["hours"]["year"])
    assert row.people == own["people"]["total"]
    assert row.outcomes == own["people"]["outcome"]
    assert [kind["count"] for kind in row.kinds] == own["kind_chart"].series[0][1]
    assert [kind["contracts"] for kind in row.kinds] == own["kind_chart"].series[1][1]
    own_survey = survey(markets, year)
    assert row.people_of_year == own_survey["Participants ayant réalisé des heures"]
    assert row.companies_of_year == own_survey["Entreprises ayant réalisé des heures"]


@pytest.mark.django_db
def test_each_row_is_its_territory_dashboard_and_the_total_theirs():
    territories = make_territories(3)
    table = consolidated(Market.objects.all(), territories, 2026, limit=ALL_SHOWN)
    assert [row.territory for row in table.rows] == territories
    for row, territory in zip(table.rows, territories, strict=True):
        assert_same_figures(row, Market.objects.filter(territory=territory), 2026)
    assert_same_figures(table.total, Market.objects.filter(territory__in=territories), 2026)
    # the figures the fixture was written with
    assert [row.people for row in table.rows] == [2, 4, 7]
    assert [row.people_of_year for row in table.rows] == [1, 4, 7]
    assert [row.contracts for row in table.rows] == [3, 4, 5]
    assert [row.social for row in table.rows] == [2, 3, 4]
    assert table.total.companies == 6  # the shared company counts once
    assert [row.companies for row in table.rows] == [2, 3, 3]
    assert table.total.hours["year"] == 12 * 35


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 5])
def test_query_count_does_not_grow_with_the_territories(count, django_assert_num_queries):
    territories = make_territories(count)
    with django_assert_num_queries(11):
        table = consolidated(Market.objects.filter(territory__in=territories), territories, 2026)
    assert len(table.rows) == count


@pytest.mark.django_db
def test_small_counts_are_secret_and_a_row_does_not_depend_on_its_neighbours(settings):
    settings.LEVIER_SECRECY_THRESHOLD = 5
    territories = make_territories(3)
    table = consolidated(Market.objects.all(), territories, 2026)
    first, second, third = table.rows
    assert first.people is SECRET and first.people_of_year is SECRET  # 2 and 1
    assert all(row["count"] is SECRET for row in first.outcomes)  # zeros too: they would say where the 2 are
    assert second.people is SECRET and third.people == 7
    assert third.companies is SECRET  # 3 companies
    assert [row["count"] for row in third.outcomes] == [SECRET] * 5  # 2, 2, 1, 1, 1: each under 5
    assert table.total.people == 13  # three hidden cells of 13 people in all: the total can be shown
    alone = consolidated(Market.objects.filter(territory=territories[2]), territories[2:], 2026)
    assert alone.rows[0] == third  # its open data is its row of any consolidated table
