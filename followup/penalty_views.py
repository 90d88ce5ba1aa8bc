"""The penalty procedure of a consideration (followup.penalties): its page, which whoever sees the contract reads
(the steps, their dates and authors, the amounts, the contract's cap), and a small form per step for facilitators
and admins (403 otherwise)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView, UpdateView

from accounts.permissions import EditorRequiredMixin, can_edit
from clauses.models import Consideration

from . import penalties
from .enums import PenaltyStep, ProgressStatus
from .models import PenaltyDecision, contract_penalty_cap, with_realised
from .penalty_forms import AnswerForm, DecisionForm, NoticeForm
from .progress import consideration_progress

# the step that comes next → (its URL name, its form); after the decision, none
NEXT_STEP = {
    None: ("followup:penalty_notice", NoticeForm),
    PenaltyStep.NOTIFIED: ("followup:penalty_answer", AnswerForm),
    PenaltyStep.ANSWERED: ("followup:penalty_decision", DecisionForm),
    PenaltyStep.NO_ANSWER: ("followup:penalty_decision", DecisionForm),
}


class PenaltyProcedureMixin:
    """One consideration of a contract the user sees, its progress, its procedure and the contract's others (one
    query for both: the cap weighs them all)."""

    template_name = "followup/penalty.html"

    @cached_property
    def consideration(self):
        considerations = with_realised(Consideration.objects.visible_to(self.request.user)).select_related(
            "market", "lot"
        )
        return get_object_or_404(considerations, pk=self.kwargs["pk"])

    @cached_property
    def progress(self):
        return consideration_progress(self.consideration, timezone.localdate())

    @cached_property
    def procedures(self) -> list[PenaltyDecision]:
        return list(
            PenaltyDecision.objects.filter(consideration__market=self.consideration.market_id).select_related(
                "notified_by", "answer_recorded_by", "decided_by"
            )
        )

    @cached_property
    def procedure(self) -> PenaltyDecision:
        mine = [p for p in self.procedures if p.consideration_id == self.consideration.pk]
        return mine[0] if mine else PenaltyDecision(consideration=self.consideration)

    def cap(self, procedure):
        """The contract's cap with ``procedure`` weighing what it weighs now (before it opens: the computed
        penalty it would notify)."""
        amount = procedure.counted_amount if procedure.pk else self.progress.penalty
        return contract_penalty_cap(self.consideration.market, self.procedures, self.consideration.pk, amount)

    def step_form(self, form_class, url_name, **kwargs):
        form = form_class(
            instance=self.procedure,
            user=self.request.user,
            today=timezone.localdate(),
            progress=self.progress,
            **kwargs,
        )
        form.helper.form_action = reverse(url_name, args=[self.consideration.pk])
        return form

    def get_context_data(self, **kwargs):
        procedure = self.procedure
        return super().get_context_data(
            consideration=self.consideration,
            market=self.consideration.market,
            progress=self.progress,
            procedure=procedure,
            shortfall=self.progress.status == ProgressStatus.SHORTFALL,
            can_edit=can_edit(self.request.user),
            cap=self.cap(procedure),
            procedure_source=penalties.PROCEDURE_SOURCE,
            cap_source=penalties.CAP_SOURCE,
            **kwargs,
        )


class PenaltyView(PenaltyProcedureMixin, TemplateView):
    """The procedure's page; for editors, the form of the step that comes next."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step = NEXT_STEP.get(self.procedure.step)
        if step and context["can_edit"] and (self.procedure.pk or context["shortfall"]):
            url_name, form_class = step
            context["form"] = self.step_form(form_class, url_name)
        return context


class PenaltyStepView(EditorRequiredMixin, PenaltyProcedureMixin, UpdateView):
    """Records one step (its form re-displayed with the French error when out of order), then back to the page,
    with the cap's warning when the contract's penalties reach it."""

    url_name: str
    done: str

    def get_object(self, queryset=None):
        return self.procedure

    def get_form(self, form_class=None):
        data = {"data": self.request.POST} if self.request.method == "POST" else {}
        return self.step_form(self.form_class, self.url_name, **data)

    def form_valid(self, form):
        procedure = form.save()
        messages.success(self.request, self.done)
        warning = self.cap(procedure).message(with_this=True)
        if warning:
            messages.warning(self.request, warning)
        return redirect("followup:penalty", pk=self.consideration.pk)


class PenaltyNoticeView(PenaltyStepView):
    form_class, url_name = NoticeForm, "followup:penalty_notice"
    done = "Mise en demeure enregistrée."


class PenaltyAnswerView(PenaltyStepView):
    form_class, url_name = AnswerForm, "followup:penalty_answer"
    done = "Réponse de l'entreprise enregistrée."


class PenaltyDecisionView(PenaltyStepView):
    form_class, url_name = DecisionForm, "followup:penalty_decision"
    done = "Décision sur la pénalité enregistrée."
