"""Correcting the hours (facilitators and admins): validate or reject declared lines by selection, after a
confirmation that lists them; edit or delete a declared (or rejected) line; un-validate a validated line with a
reason, to correct it. Every change is a version in the line's history, with its author and reason."""

from django.contrib import messages
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DeleteView, FormView, UpdateView

from accounts.permissions import EditorRequiredMixin
from clauses.enums import Kind
from clauses.models import Consideration

from .enums import HoursStatus
from .forms import HoursDecisionForm, HoursLineForm, ReasonForm
from .models import RealisedHours
from .views import EditorConsiderationMixin

CONFIRMATION_ROWS = 200  # the lines listed on the confirmation page; the count and totals cover them all


class HoursDecisionView(EditorConsiderationMixin, View):
    """POST: the selection and the decision → a confirmation page; POST again with ``confirm`` → applied."""

    kinds = [Kind.INSERTION_HOURS]

    def post(self, request, pk):
        form = HoursDecisionForm(request.POST, consideration=self.consideration)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("followup:hours", pk=pk)
        lines, decision, reason = form.selected(), form.cleaned_data["decision"], form.cleaned_data["reason"]
        if "confirm" not in request.POST:
            return render(
                request,
                "followup/hours_confirm.html",
                {
                    "consideration": self.consideration,
                    "form": form,
                    "lines": lines.select_related("contractor__organisation", "contractor__lot", "participant")[
                        :CONFIRMATION_ROWS
                    ],
                    "totals": lines.aggregate(
                        count=Count("pk"), worked=Sum("hours_worked"), counted=Sum("counted_hours")
                    ),
                    "validate": decision == form.VALIDATE,
                },
            )
        if decision == form.VALIDATE:
            messages.success(request, f"{lines.validate(request.user)} ligne(s) validée(s).")
        else:
            messages.success(request, f"{lines.reject(request.user, reason)} ligne(s) rejetée(s) : {reason}")
        return redirect("followup:hours", pk=pk)


class EditorLineMixin(EditorRequiredMixin):
    """A page about one hours line of a clause the user may edit, in ``statuses``; another answers 404."""

    statuses = [HoursStatus.DECLARED, HoursStatus.REJECTED]
    template_name = "markets/child_form.html"

    def get_queryset(self):
        return RealisedHours.objects.filter(
            consideration__in=Consideration.objects.visible_to(self.request.user), status__in=self.statuses
        ).select_related(
            "consideration__market", "consideration__lot", "participant", "contractor__lot", "validated_by"
        )

    def back(self):
        return redirect("followup:hours", pk=self.object.consideration_id)


class HoursUpdateView(EditorLineMixin, UpdateView):
    """A declared or rejected line corrected: declared again, to validate."""

    form_class = HoursLineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.object.consideration}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.object.consideration.market, title="Corriger des heures", **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, f"{self.object.participant.reference}, {self.object} : corrigé, à valider.")
        return self.back()


class HoursDeleteView(EditorLineMixin, DeleteView):
    """GET asks for confirmation, POST deletes the line (its history keeps it, with who deleted it)."""

    template_name = "followup/hours_delete.html"
    context_object_name = "line"

    def form_valid(self, form):
        consideration = self.object.consideration_id
        self.object.delete()
        messages.success(self.request, "La ligne a été supprimée ; l'historique la garde.")
        return redirect("followup:hours", pk=consideration)


class HoursUnvalidateView(EditorLineMixin, FormView):
    """A validated line back to declared, with the reason, to be corrected then validated again."""

    statuses = [HoursStatus.VALIDATED]
    form_class = ReasonForm
    template_name = "followup/hours_unvalidate.html"

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(line=self.object, **kwargs)

    def form_valid(self, form):
        self.object.unvalidate(self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, "La ligne est dévalidée : corrigez-la, puis validez-la à nouveau.")
        return self.back()
