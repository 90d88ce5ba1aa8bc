"""The hirings of a participant and their eligibility checks (facilitators and admins): recording or correcting one
judges the participant's hours lines at that company again (followup.models.Hiring.rejudge_lines)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import CreateView, ListView, UpdateView

from accounts.permissions import EditorRequiredMixin
from partners.access_log import AccessKind, record_access
from partners.models import Participant

from .forms import HiringForm
from .hours_import import parse_month
from .models import Hiring


def visible_participants(user):
    return Participant.objects.visible_to(user).filter(anonymised_at__isnull=True)


class HiringListView(EditorRequiredMixin, ListView):
    template_name = "followup/hirings.html"
    context_object_name = "hirings"

    @cached_property
    def participant(self):
        return get_object_or_404(visible_participants(self.request.user), pk=self.kwargs["pk"])

    def get_queryset(self):
        return (
            Hiring.objects.filter(participant=self.participant)
            .select_related("company", "checked_by")
            .prefetch_related("categories")
            .order_by("-hired_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, AccessKind.VIEW, "embauches du participant", participant=self.participant)
        return response


class HiringFormMixin(EditorRequiredMixin):
    form_class = HiringForm
    template_name = "markets/child_form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.participant}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.participant, title=self.title, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        form.instance.checked_by, form.instance.checked_at = self.request.user, timezone.now()
        hiring = form.save()
        changed = hiring.rejudge_lines(self.request.user)
        messages.success(
            self.request, f"{hiring.__str__().capitalize()} : enregistrée ; {changed} ligne(s) d'heures rejugée(s)."
        )
        back = self.request.GET.get("retour", "")  # the hours list the facilitator came from
        if url_has_allowed_host_and_scheme(back, allowed_hosts={self.request.get_host()}, require_https=False):
            return redirect(back)
        return redirect("followup:hirings", pk=self.participant.pk)


class HiringCreateView(HiringFormMixin, CreateView):
    """Prefilled from the hours line that asks for it (``?entreprise=…&mois=AAAA-MM``) and with the participant's
    publics today, which the facilitator confirms against the proof."""

    title = "Vérifier l'éligibilité à l'embauche"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, AccessKind.VIEW, "vérification d'éligibilité à l'embauche", participant=self.participant)
        return response

    @cached_property
    def participant(self):
        return get_object_or_404(visible_participants(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        initial = {"categories": list(self.participant.eligible_categories.all())}
        company = self.request.GET.get("entreprise", "")
        if company.isdecimal() and len(company) < 12:
            initial["company"] = int(company)
        initial["hired_on"] = parse_month(self.request.GET.get("mois", "")[:10])
        return initial


class HiringUpdateView(HiringFormMixin, UpdateView):
    title = "Corriger une embauche"

    def get_queryset(self):
        return Hiring.objects.filter(participant__in=visible_participants(self.request.user)).select_related(
            "participant"
        )

    @property
    def participant(self):
        return self.object.participant  # UpdateView sets the object before building the form
