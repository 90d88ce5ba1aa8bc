"""Eligibility per hiring: an hours line counts when the hiring in force in its month retained one of the clause's
eligible publics. The publics are those checked when the person was hired (followup.models.Hiring), with the proof
seen: the person's publics changing later does not change how the hours of that hiring count. Without a hiring
recorded by then, the line's eligibility is to check and it does not count. Pure functions: the statement import,
the hand entry, the validation and the re-judging after a hiring changes all call them."""

from datetime import date

from .enums import Eligibility


def month_end(month: date) -> date:
    """The last day of the month of ``month``."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def hiring_in_force(hirings, month: date):
    """The latest of ``hirings`` (objects with ``hired_on``) made by the end of ``month``, or None: a person hired
    on the 15th works that month under that hiring."""
    made = [hiring for hiring in hirings if hiring.hired_on <= month_end(month)]
    return max(made, key=lambda hiring: (hiring.hired_on, hiring.pk or 0), default=None)


def judge(hiring_categories: set[int] | None, clause_categories: set[int]) -> Eligibility:
    """Eligible when the hiring retained one of the clause's publics; to check without a hiring (None)."""
    if hiring_categories is None:
        return Eligibility.TO_CHECK
    return Eligibility.ELIGIBLE if hiring_categories & clause_categories else Eligibility.INELIGIBLE
