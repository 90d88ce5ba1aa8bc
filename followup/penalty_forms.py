"""The forms of the penalty procedure's steps (followup.penalties): each records its step's fields and author;
then the order of the steps is checked (penalties.order_errors), in the words of the database's constraints."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from markets.forms import DATE_WIDGET
from partners.forms import SubmitFormHelperMixin

from . import penalties
from .enums import PenaltyChoice
from .models import PenaltyDecision

FUTURE = "Cette date est à venir : une étape s'enregistre une fois faite."


class PenaltyStepForm(SubmitFormHelperMixin, forms.ModelForm):
    """A step recorded by ``user`` on ``today``, on the shortfall ``progress`` reports."""

    author_field: str
    date_fields: tuple[str, ...] = ()  # required
    past_fields: tuple[str, ...] = ()  # not after today

    def __init__(self, *args, user, today, progress, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.progress = today, progress
        setattr(self.instance, self.author_field, user)
        for name in self.date_fields:
            self.fields[name].widget = DATE_WIDGET
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        for name in self.past_fields:
            if cleaned.get(name) and cleaned[name] > self.today:
                self.add_error(name, FUTURE)
        return cleaned

    def _post_clean(self):
        """Once the instance holds the step, the order of the steps (the constraints on the fields this form does
        not show are left out of the model's validation: checked here, by the same rules)."""
        super()._post_clean()
        for name, message in penalties.order_errors(self.instance).items():
            if message not in self.errors.get(name if name in self.fields else NON_FIELD_ERRORS, []):
                self.add_error(name if name in self.fields else None, message)


class NoticeForm(PenaltyStepForm):
    """Step 2: the formal notice, with the shortfall and the penalty it states."""

    submit_label = "Enregistrer la mise en demeure"
    author_field = "notified_by"
    date_fields = ("notice_date", "answer_deadline")
    past_fields = ("notice_date",)

    class Meta:
        model = PenaltyDecision
        fields = ["notice_date", "answer_deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.notice_date:
            self.initial.update(notice_date=self.today, answer_deadline=penalties.default_deadline(self.today))
        self.fields[
            "answer_deadline"
        ].help_text = f"{penalties.ANSWER_DAYS} jours après l'envoi dans les CCAG 2021, sauf dérogation du CCAP."

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            try:
                self.instance.open(self.progress)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class AnswerForm(PenaltyStepForm):
    """Step 3: the contractor's answer, or « pas de réponse dans le délai » (recorded today)."""

    submit_label = "Enregistrer"
    author_field = "answer_recorded_by"

    class Meta:
        model = PenaltyDecision
        fields = ["no_answer", "answer_date", "answer"]
        widgets = {"answer_date": DATE_WIDGET, "answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_answer"].help_text = "À cocher une fois la date limite de réponse passée, sans réponse."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("no_answer"):
            cleaned["answer_date"], cleaned["answer"] = self.today, ""
            return cleaned
        on = cleaned.get("answer_date")
        if on is None and "answer_date" not in self.errors:
            self.add_error("answer_date", "Indiquez la date de la réponse.")
        elif on is not None and on > self.today:
            self.add_error("answer_date", FUTURE)
        if not (cleaned.get("answer") or "").strip():
            self.add_error("answer", "Notez la réponse de l'entreprise.")
        return cleaned


class DecisionForm(PenaltyStepForm):
    """Step 4: apply (the computed penalty, or less with a reason) or waive (with a reason)."""

    submit_label = "Enregistrer la décision"
    author_field = "decided_by"
    date_fields = past_fields = ("decided_on",)

    class Meta:
        model = PenaltyDecision
        fields = ["decision", "amount", "decided_on", "reason"]
        localized_fields = ["amount"]  # « 3 500,50 »
        widgets = {"decision": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = PenaltyChoice.choices  # no empty radio button
        self.fields["decision"].required = True
        if not self.instance.decision:
            self.initial.update(amount=self.instance.computed_amount, decided_on=self.today)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == PenaltyChoice.WAIVE:
            cleaned["amount"] = None
        elif cleaned.get("decision") == PenaltyChoice.APPLY and cleaned.get("amount") is None:
            cleaned["amount"] = self.instance.computed_amount
        return cleaned
