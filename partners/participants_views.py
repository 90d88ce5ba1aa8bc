"""Participants: personal data, for facilitators and admins only (buyer users get a 403 on every page)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, Sum
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.permissions import EditorRequiredMixin, TerritoryFormMixin

from .access_log import AccessKind, record_access
from .downloads import content_disposition
from .models import AccessRecord, Participant
from .participants_forms import ParticipantForm
from .privacy import personal_data


class ParticipantListView(EditorRequiredMixin, ListView):
    template_name = "partners/participants/participant_list.html"
    paginate_by = 50

    def get_queryset(self):
        participants = (
            Participant.objects.visible_to(self.request.user)
            .with_age_band(timezone.localdate())
            .select_related("prescriber")
            .prefetch_related("eligible_categories")
            # "validee": clauses.enums.HoursStatus.VALIDATED (partners does not import clauses)
            .annotate(
                validated_hours=Sum(
                    "hours_lines__counted_hours", filter=Q(hours_lines__status="validee", hours_lines__eligible=True)
                )
            )
        )
        query = self.query()
        if query:
            participants = participants.filter(
                Q(reference__icontains=query) | Q(last_name__icontains=query) | Q(first_name__icontains=query)
            )
        return participants.order_by("last_name", "first_name", "pk")

    def query(self) -> str:
        return self.request.GET.get("q", "").strip()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs, query=self.query())
        record_access(self.request, AccessKind.VIEW, "liste des participants", count=len(context["object_list"]))
        return context


class VisibleParticipantMixin:
    def get_queryset(self):
        return Participant.objects.visible_to(self.request.user)


class ParticipantFormMixin(EditorRequiredMixin, TerritoryFormMixin):
    model = Participant
    form_class = ParticipantForm
    template_name = "partners/participants/participant_form.html"

    def form_valid(self, form):
        messages.success(self.request, f"{form.instance} : enregistré.")
        return super().form_valid(form)


class ParticipantCreateView(ParticipantFormMixin, CreateView):
    def get_initial(self):
        reference = Participant.next_reference(self.request.user.territory_id)
        return {"reference": reference, "entry_date": timezone.localdate()}


class ParticipantUpdateView(ParticipantFormMixin, UpdateView):
    def get_queryset(self):
        return Participant.objects.visible_to(self.request.user).filter(anonymised_at__isnull=True)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_access(request, AccessKind.VIEW, "fiche du participant", participant=self.object)
        return response


class ParticipantDataView(EditorRequiredMixin, VisibleParticipantMixin, DetailView):
    """Right of access: everything held on the participant, as a JSON download (facilitators and admins)."""

    def get_queryset(self):
        return super().get_queryset().select_related("prescriber")

    def render_to_response(self, context):
        record_access(self.request, AccessKind.RIGHT_OF_ACCESS, "tout ce que Levier détient", participant=self.object)
        response = JsonResponse(
            personal_data(self.object),
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = content_disposition(f"participant-{self.object.pk}.json")
        return response


class ParticipantEraseView(EditorRequiredMixin, DetailView):
    """Right to erasure: GET asks for confirmation, POST anonymises the participant now (record and history);
    the hours and actions stay, attached to the anonymous record, so that every count stays the same."""

    template_name = "partners/participants/participant_erase.html"
    context_object_name = "participant"

    def get_queryset(self):
        return Participant.objects.visible_to(self.request.user).filter(anonymised_at__isnull=True)

    def post(self, request, pk):
        participant = self.get_object()
        participant.anonymise(timezone.localdate(), reason="effacement à la demande de la personne")
        messages.success(request, f"Les données personnelles ont été effacées : {participant}.")
        return redirect("partners:participant_list")


class AccessLogView(UserPassesTestMixin, ListView):
    """The access log of the territory (who viewed or exported which participant data), for its admins: filtered
    by participant code and by user, 50 a page."""

    raise_exception = True
    template_name = "partners/access_log.html"
    context_object_name = "records"
    paginate_by = 50

    def test_func(self):
        return self.request.user.is_authenticated and self.request.user.role == "admin"  # Role.ADMIN

    def get_queryset(self):
        records = AccessRecord.objects.visible_to(self.request.user).select_related("user", "participant")
        code, user = self.filters()
        if code:
            records = records.filter(participant__reference__icontains=code)
        if user:
            records = records.filter(
                Q(user__username__icontains=user)
                | Q(user__first_name__icontains=user)
                | Q(user__last_name__icontains=user)
            )
        return records.order_by("-at", "-pk")

    def filters(self) -> tuple[str, str]:
        return self.request.GET.get("code", "").strip()[:20], self.request.GET.get("utilisateur", "").strip()[:150]

    def get_context_data(self, **kwargs):
        code, user = self.filters()
        return super().get_context_data(
            code=code, user_query=user, retention_days=settings.LEVIER_ACCESS_LOG_RETENTION_DAYS, **kwargs
        )
