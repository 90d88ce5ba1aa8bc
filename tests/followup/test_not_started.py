"""No « en retard » before a company and a start: a consideration whose contract has no contractor or no start
date yet is « pas encore commencé » (followup.progress), on the pages and in the alerts."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from followup.enums import ProgressStatus
from followup.progress import compute_progress
from tests.factories import ConsiderationFactory, ContractorFactory, LotFactory

START, END = date(2026, 1, 1), date(2026, 12, 31)
MID = date(2026, 7, 2)


def test_without_a_contractor_nothing_is_late_nor_on_track():
    late = compute_progress(Decimal(1000), Decimal(0), START, END, MID, has_contractor=False)
    assert (late.status, late.missing) == (ProgressStatus.NOT_STARTED, None)
    ahead = compute_progress(Decimal(1000), Decimal(900), START, END, MID, has_contractor=False)
    assert ahead.status == ProgressStatus.NOT_STARTED


def test_after_the_end_a_shortfall_stands_without_a_contractor():
    ended = compute_progress(Decimal(1000), Decimal(0), START, END, date(2027, 2, 1), Decimal(50), has_contractor=False)
    assert (ended.status, ended.penalty) == (ProgressStatus.SHORTFALL, Decimal(50000))


def test_an_achieved_target_stays_achieved_without_a_contractor():
    progress = compute_progress(Decimal(10), Decimal(10), START, END, MID, has_contractor=False)
    assert progress.status == ProgressStatus.ACHIEVED


def test_the_follow_up_says_not_started_until_a_contractor_is_added(client, facilitator, market, in_december_2026):
    market.start_date, market.end_date = START, END
    market.save()
    lot = LotFactory(market=market)
    ConsiderationFactory(market=market, target=Decimal(1000))
    client.force_login(facilitator)
    page = client.get(reverse("followup:market", args=[market.pk])).content.decode()
    assert "Pas encore commencé" in page and "En retard" not in page
    ContractorFactory(lot=lot)
    page = client.get(reverse("followup:market", args=[market.pk])).content.decode()
    assert "En retard" in page and "Pas encore commencé" not in page


def test_a_lot_s_consideration_waits_for_a_contractor_on_its_lot(client, facilitator, market, in_december_2026):
    market.start_date, market.end_date = START, END
    market.save()
    ContractorFactory(lot=LotFactory(market=market, number=1))
    ConsiderationFactory(market=market, lot=LotFactory(market=market, number=2), target=Decimal(1000))
    client.force_login(facilitator)
    page = client.get(reverse("followup:market", args=[market.pk])).content.decode()
    assert "Pas encore commencé" in page
