"""A contract's status as a small state machine, consistent with its dates: pure functions over plain values.

The order of a public contract's life (code de la commande publique: preparation, publication of the call for
competition, award and notification — R2182-4 —, execution, end):

    programmé → en préparation → consultation publiée → attribué → en exécution → clos
    abandonné from any state but « clos » (a procedure declared « sans suite », R2185-1, or a contract never let)

A status moves forward only; steps may be skipped when they are already past (a contract imported from the DECP
arrives notified). The dates decide what the status may be (`coherence_problem`):

- a notified contract (its notification date set) is at least « attribué » (the award is notified, R2182-4);
- « en exécution » needs its start of execution, reached;
- « clos » comes after its end of execution, or earlier by an explicit decision with its reason (a termination).

Each rule only gets truer as days pass, so a coherent contract stays coherent tomorrow.
"""

from dataclasses import dataclass
from datetime import date

from .enums import Status

ORDER = [Status.PLANNED, Status.PREPARATION, Status.PUBLISHED, Status.AWARDED, Status.EXECUTION, Status.CLOSED]

# status → the statuses it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    **{
        status: frozenset(ORDER[index + 1 :]) | {Status.ABANDONED}
        for index, status in enumerate(ORDER)
        if status != Status.CLOSED
    },
    Status.CLOSED: frozenset(),
    Status.ABANDONED: frozenset(),
}


@dataclass(frozen=True)
class ContractDates:
    notification: date | None = None
    start: date | None = None
    end: date | None = None


def rank(status: str) -> int:
    return ORDER.index(status) if status in ORDER else -1


def coherence_problem(status: str, dates: ContractDates, today: date, closed_by_decision: bool = False) -> str | None:
    """Why ``status`` does not fit the contract's dates (a French sentence), or None."""
    if status == Status.ABANDONED:
        return None
    if dates.notification and rank(status) < rank(Status.AWARDED):
        return "Un marché notifié est au moins « attribué »."
    if status == Status.EXECUTION and not (dates.start and dates.start <= today):
        return "Un marché n'est « en exécution » qu'à partir de son début d'exécution, renseigné et atteint."
    if status == Status.CLOSED and not closed_by_decision and not (dates.end and dates.end <= today):
        return (
            "Un marché est « clos » après sa fin d'exécution, ou avant par une décision motivée : indiquez-en le motif."
        )
    return None


def transition_problem(old: str, new: str, dates: ContractDates, today: date, reason: str = "") -> str | None:
    """Why the contract may not move from ``old`` to ``new`` (a French sentence), or None.

    ``reason`` is the decision that closes a contract before its end (ignored otherwise)."""
    if new not in TRANSITIONS.get(old, ()):
        labels = Status(old).label, Status(new).label
        if old in (Status.CLOSED, Status.ABANDONED):
            return f"Un marché « {labels[0]} » ne change plus de statut."
        return f"Un marché ne passe pas de « {labels[0]} » à « {labels[1]} » : son statut avance dans l'ordre."
    return coherence_problem(new, dates, today, closed_by_decision=bool(reason.strip()))


def status_after_edit(status: str, dates: ContractDates) -> str:
    """The status once the dates are edited: a contract given its notification date is « attribué » at least."""
    if status != Status.ABANDONED and dates.notification and rank(status) < rank(Status.AWARDED):
        return Status.AWARDED
    return status
