"""When a contract counts as having a social consideration: the one definition every figure reads.

A consideration counts from the moment it is written into the tender documents (« retenue, inscrite au DCE », then
« en cours » and « soldée »); an envisaged one does not, an abandoned one no longer does. A value the buyer
published in the DECP (« Clause sociale », « Critère social », « Marché réservé ») counts too: the national
statistics read it. The territory chooses what a consideration must cover (territories.CountingUnit): by contract
(the default, as the DECP and the PNAD count), a consideration on the contract or on any of its lots is enough; by
lot, every lot of an allotted contract must carry one (a consideration on the whole contract covers them all).

``covers`` is the rule over plain values (a contract page, the review); ``covered`` is its SQL twin, an expression
for querysets of contracts (the dashboards, the PNAD share, Climat et Résilience, the survey, the DECP export).
tests/clauses/test_counting.py checks that they agree.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from markets.decp.normalise import CLAUSE_SOCIALE, CRITERE_SOCIAL, MARCHE_RESERVE
from markets.models import Lot
from territories.models import CountingUnit

from .enums import ConsiderationStatus

COUNTED_STATUSES = (ConsiderationStatus.RETAINED, ConsiderationStatus.IN_PROGRESS, ConsiderationStatus.CLOSED)
# The DECP values that say a contract has a social consideration, and those that say it has a social execution
# condition (Climat et Résilience: an award criterion or a reservation is not a condition of execution).
PUBLISHED_SOCIAL = (CLAUSE_SOCIALE, CRITERE_SOCIAL, MARCHE_RESERVE)
PUBLISHED_EXECUTION_CONDITION = (CLAUSE_SOCIALE,)


def counts(status: str) -> bool:
    """Whether a consideration of this status counts: written into the tender documents and not abandoned."""
    return status in COUNTED_STATUSES


def covers(
    counting_unit: str,
    lot_ids: Iterable[int],
    considered_lots: Iterable[int | None],
    published: Iterable[str] = (),
    accepted: Iterable[str] = PUBLISHED_SOCIAL,
) -> bool:
    """Whether a contract counts as having a social consideration.

    ``lot_ids``: its lots; ``considered_lots``: the lot of each of its counting considerations (None for one on the
    whole contract); ``published``: the values its DECP publication gave, of which ``accepted`` count.
    """
    if set(published) & set(accepted):
        return True
    considered = set(considered_lots)
    if counting_unit != CountingUnit.LOT or None in considered:
        return bool(considered)
    return bool(considered) and set(lot_ids) <= considered


def covered(considerations, accepted: Iterable[str] = PUBLISHED_SOCIAL) -> Q:
    """The condition, on contracts, that they count as having a social consideration among ``considerations`` (a
    queryset of counting ones, counted()) or a published ``accepted`` value: the SQL twin of ``covers``."""
    of_contract = considerations.filter(market=OuterRef("pk"))
    uncovered_lot = Lot.objects.filter(market=OuterRef("pk")).filter(~Exists(considerations.filter(lot=OuterRef("pk"))))
    by_lot = Q(Exists(of_contract.filter(lot__isnull=True))) | (Q(Exists(of_contract)) & ~Q(Exists(uncovered_lot)))
    by_contract = Q(Exists(of_contract))
    published = Q()
    for value in accepted:
        published |= Q(published_considerations__contains=value)
    return (
        published
        | (Q(territory__counting_unit=CountingUnit.LOT) & by_lot)
        | (~Q(territory__counting_unit=CountingUnit.LOT) & by_contract)
    )
