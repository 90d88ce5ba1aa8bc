"""Participants: personal data, for facilitators and admins only (buyer users get a 403 on every page)."""

from django.contrib import messages
from django.db.models import Q, Sum
from django.utils import timezone
from django.views.generic import CreateView, ListView, UpdateView

from accounts.permissions import EditorRequiredMixin

from .models import Participant
from .participants_forms import ParticipantForm


class ParticipantListView(EditorRequiredMixin, ListView):
    template_name = "partners/participants/participant_list.html"
    paginate_by = 50

    def get_queryset(self):
        participants = (Participant.objects.with_age_band(timezone.localdate())
                        .select_related("prescriber").prefetch_related("eligible_categories")
                        # "validee": clauses.enums.HoursStatus.VALIDATED (partners does not import clauses)
                        .annotate(validated_hours=Sum("hours_lines__counted_hours",
                                                      filter=Q(hours_lines__status="validee",
                                                               hours_lines__eligible=True))))
        query = self.request.GET.get("q", "").strip()
        if query:
            participants = participants.filter(Q(reference__icontains=query) | Q(last_name__icontains=query)
                                               | Q(first_name__icontains=query))
        return participants.order_by("last_name", "first_name", "pk")


class ParticipantFormMixin(EditorRequiredMixin):
    model = Participant
    form_class = ParticipantForm
    template_name = "partners/participants/participant_form.html"

    def form_valid(self, form):
        messages.success(self.request, f"{form.instance} : enregistré.")
        return super().form_valid(form)


class ParticipantCreateView(ParticipantFormMixin, CreateView):
    def get_initial(self):
        return {"reference": Participant.next_reference(), "entry_date": timezone.localdate()}


class ParticipantUpdateView(ParticipantFormMixin, UpdateView):
    pass
