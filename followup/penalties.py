"""Penalties as the CCAG 2021 frame them: a small procedure, then a cap. Pure functions over plain values; the
procedure is stored in followup.models.PenaltyDecision, whose CheckConstraints say the same as ORDER below.

1. the shortfall is computed at the end (followup.progress): missing units × penalty per unit;
2. the formal notice (mise en demeure: the written invitation to present observations) is sent on a date, with a
   deadline for the answer after it. The CCAG 2021 give 15 days (CCAG-Travaux art. 19.2.4, CCAG-FCS art. 14.1.1,
   and the same in the other CCAG), unless the CCAP derogates: ANSWER_DAYS, offered, never imposed;
3. the contractor answers (date, text), or « pas de réponse dans le délai » is recorded once the deadline has passed;
4. the decision: apply (the notified amount, or less with a reason) or waive (with a reason). It comes after the
   answer, or after the deadline without one; never before the notice.

The cap: the CCAG 2021 cap the total of the penalties at 10 % of the contract's amount excl. VAT
(markets.models.CCAG_PENALTY_CAP_RATE), unless the CCAP derogates (Market.penalty_cap_rate). penalty_cap() compares
with it the penalties applied and proposed (notified, not decided yet) on all the contract's considerations.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import number_format

from .enums import PenaltyChoice

ANSWER_DAYS = 15
PROCEDURE_SOURCE = (
    "CCAG 2021 (CCAG-Travaux art. 19.2.4, CCAG-FCS art. 14.1.1) : avant d'appliquer une pénalité, l'acheteur "
    "invite par écrit le titulaire à présenter ses observations dans un délai de 15 jours, sauf dérogation du CCAP."
)
CAP_SOURCE = (
    "CCAG 2021 (CCAG-Travaux art. 19.2, CCAG-FCS art. 14.1) : le total des pénalités est plafonné à 10 % du "
    "montant HT du marché, sauf dérogation du CCAP ; le plafond de ce marché est sur sa fiche."
)

# The order of the steps, in the words of the form and of the database (PenaltyDecision's CheckConstraints).
NOTICE_DATED = "Une mise en demeure indique sa date d'envoi et la date limite de réponse."
DEADLINE_AFTER_NOTICE = "La date limite de réponse vient après l'envoi de la mise en demeure."
ANSWER_AFTER_NOTICE = "La réponse de l'entreprise suit la mise en demeure : enregistrez d'abord la mise en demeure."
ANSWER_HAS_TEXT = "Une réponse de l'entreprise a une date et un texte ; « pas de réponse dans le délai » n'en a pas."
NO_ANSWER_AFTER_DEADLINE = "« Pas de réponse dans le délai » ne se constate qu'une fois la date limite passée."
DECISION_AFTER_NOTICE = "La décision suit la mise en demeure de l'entreprise : enregistrez d'abord la mise en demeure."
DECISION_AFTER_ANSWER = (
    "La décision vient après la réponse de l'entreprise, ou, sans réponse, une fois la date limite passée et « pas "
    "de réponse dans le délai » enregistré."
)
DECISION_DATED = "Une décision est datée."
APPLIED_HAS_AMOUNT = "Une pénalité appliquée a un montant ; une renonciation n'en a pas."
AMOUNT_WITHIN_COMPUTED = "Le montant appliqué est compris entre 0 € et la pénalité calculée et notifiée."
LOWERED_HAS_REASON = "Un montant inférieur à la pénalité calculée est motivé."
WAIVER_HAS_REASON = "Une renonciation à la pénalité est motivée."


def default_deadline(notice_date: date) -> date:
    """The deadline the CCAG 2021 give for the answer: 15 days after the notice."""
    return notice_date + timedelta(days=ANSWER_DAYS)


def order_errors(p) -> dict[str, str]:
    """The rules of ORDER broken by the procedure ``p`` (anything with PenaltyDecision's fields), by field: the
    steps come in order (notice, answer or its absence after the deadline, decision), each complete."""
    errors = {}
    notified = p.notice_date is not None
    if notified != (p.answer_deadline is not None):
        errors["answer_deadline"] = NOTICE_DATED
    elif notified and p.answer_deadline <= p.notice_date:
        errors["answer_deadline"] = DEADLINE_AFTER_NOTICE
    if p.answer_date is not None or p.no_answer or p.answer:
        if not notified:
            errors["answer_date"] = ANSWER_AFTER_NOTICE
        elif p.answer_date is None or (p.no_answer == bool(p.answer)):
            errors["answer"] = ANSWER_HAS_TEXT
        elif p.no_answer and p.answer_date <= p.answer_deadline:
            errors["no_answer"] = NO_ANSWER_AFTER_DEADLINE
        elif p.answer_date < p.notice_date:
            errors["answer_date"] = ANSWER_AFTER_NOTICE
    if p.decision:
        if p.decided_on is None:
            errors["decided_on"] = DECISION_DATED
        if not p.notice_not_recorded:
            if not notified:
                errors["decision"] = DECISION_AFTER_NOTICE
            elif p.answer_date is None or (p.decided_on is not None and p.decided_on < p.answer_date):
                errors["decision"] = DECISION_AFTER_ANSWER
    elif p.decided_on is not None:
        errors["decided_on"] = DECISION_DATED
    if p.computed_amount is not None:  # else nothing was notified: the decision is refused above
        errors.update(amount_errors(p.decision, p.amount, p.computed_amount, p.reason))
    return errors


def amount_errors(decision: str, amount, computed, reason: str) -> dict[str, str]:
    """Apply: an amount between 0 and the computed penalty, a reason when it is lower. Waive: no amount, a reason."""
    if (decision == PenaltyChoice.APPLY) != (amount is not None):
        return {"amount": APPLIED_HAS_AMOUNT}
    if decision == PenaltyChoice.APPLY and not Decimal(0) <= amount <= computed:
        return {"amount": AMOUNT_WITHIN_COMPUTED}
    if decision == PenaltyChoice.APPLY and amount < computed and not reason.strip():
        return {"reason": LOWERED_HAS_REASON}
    if decision == PenaltyChoice.WAIVE and not reason.strip():
        return {"reason": WAIVER_HAS_REASON}
    return {}


def counted_amount(decision: str, amount, computed, notified: bool) -> Decimal:
    """What a procedure weighs against the cap: the amount applied; the amount notified while no decision is taken
    (proposed); nothing once waived."""
    if decision == PenaltyChoice.APPLY:
        return amount
    if not decision and notified:
        return computed
    return Decimal(0)


def percent_text(value: Decimal) -> str:
    """12.5 → « 12,5 », 10.00 → « 10 », 13.3333 → « 13,33 »."""
    return number_format(Decimal(value).quantize(Decimal("0.01")).normalize(), use_l10n=True)


@dataclass(frozen=True)
class PenaltyCap:
    """The penalties applied and proposed on a contract against the cap it states."""

    total: Decimal
    contract_amount: Decimal | None
    rate: Decimal  # % of the contract's amount excl. VAT
    source = CAP_SOURCE

    @property
    def cap(self) -> Decimal | None:
        return None if self.contract_amount is None else self.contract_amount * self.rate / 100

    @property
    def share(self) -> Decimal | None:
        """The total as a % of the contract's amount."""
        return self.total * 100 / self.contract_amount if self.contract_amount else None

    @property
    def reached(self) -> bool:
        return self.cap is not None and self.total > 0 and self.total >= self.cap

    @property
    def unknown(self) -> bool:
        """Penalties, but no amount to compare them with."""
        return self.total > 0 and not self.contract_amount

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate)

    @property
    def share_text(self) -> str:
        return percent_text(self.share) if self.share is not None else ""

    @property
    def warning(self) -> str:
        return self.message()

    @property
    def warning_with_this(self) -> str:
        return self.message(with_this=True)

    def message(self, with_this: bool = False) -> str:
        """The warning, when the cap is reached (« avec cette pénalité, … » at a step of the procedure)."""
        if self.unknown:
            return (
                f"Le montant du marché n'est pas renseigné : le plafond de {percent_text(self.rate)} % prévu au marché "
                "ne peut pas être vérifié."
            )
        if not self.reached:
            return ""
        where = "au-delà du" if self.total > self.cap else "soit le"
        subject = (
            "Avec cette pénalité, le total atteint" if with_this else "Les pénalités appliquées et proposées atteignent"
        )
        return (
            f"{subject} {percent_text(self.share)} % du montant, {where} plafond de "
            f"{percent_text(self.rate)} % prévu au marché."
        )


def penalty_cap(procedures, contract_amount, rate, replacing=None, amount=None) -> PenaltyCap:
    """The total of the penalties applied and proposed on a contract (``procedures``: its PenaltyDecisions, each
    weighing its ``counted_amount``) against its cap; with ``replacing``, that consideration's procedure weighs
    ``amount`` instead (the step being recorded: « avec cette pénalité »)."""
    total = sum(
        (p.counted_amount for p in procedures if replacing is None or p.consideration_id != replacing),
        Decimal(0),
    )
    return PenaltyCap(total + (amount or 0), contract_amount, Decimal(rate))
