"""Follow-up pages. The contract's follow-up shows counts only (buyer users read it for their own contracts);
the pages with participants' names and every entry page are for facilitators and admins (403 otherwise)."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from accounts.permissions import EditorRequiredMixin, can_edit
from clauses.enums import Kind
from clauses.models import Consideration
from markets.views import VisibleMarketMixin
from partners import secrecy
from partners.access_log import AccessKind, record_access
from partners.deletion import ConfirmDeleteView
from partners.downloads import content_disposition
from partners.enums import AgeBand, Sex
from partners.models import Participant

from . import hours_import
from .enums import Eligibility, HoursStatus
from .forms import ActionForm, EvaluationForm, HoursLineForm, PlanEntryForm, StatementUploadForm
from .history import contract_history
from .models import (
    ProgressPlanEntry,
    RealisedAction,
    RealisedHours,
    contract_penalty_cap,
    penalty_procedures,
    progress_rows,
)
from .progress import evaluation_due_year

IMPORT_SESSION_KEY = "hours_statement_{pk}"


def today():
    return timezone.localdate()


class MarketFollowupView(VisibleMarketMixin, TemplateView):
    """Where a contract stands: progress per consideration, hours by modality, counts of participants,
    actions and progress plans. Counts only: no participant's name on this page, whoever reads it."""

    template_name = "followup/market.html"

    def get_context_data(self, **kwargs):
        market = get_object_or_404(self.get_market_queryset().select_related("buyer"), pk=self.kwargs["market_pk"])
        on = today()
        rows = progress_rows(market, on)
        hours = RealisedHours.objects.filter(consideration__market=market)
        participants = (
            Participant.objects.filter(pk__in=hours.counted().validated().values("participant"))
            .with_age_band(on)
            .order_by()
            .values("sex", "age_band")
            .annotate(count=Count("pk"))
        )
        return super().get_context_data(
            market=market,
            today=on,
            can_edit=can_edit(self.request.user),
            rows=rows,
            penalty_cap=contract_penalty_cap(market, penalty_procedures(rows)),
            by_modality=list(hours.by_modality()),
            participant_counts=participant_table(participants, secret=not can_edit(self.request.user)),
            actions=self.actions(market),
            secrecy_threshold=secrecy.threshold(),
            plan_entries=ProgressPlanEntry.objects.filter(consideration__market=market).select_related(
                "consideration", "evaluated_by"
            ),
            due_year=evaluation_due_year(on),
            **kwargs,
        )

    def actions(self, market) -> list[RealisedAction]:
        """The contract's actions; read by a buyer, the people each reached under statistical secrecy (the
        instances are shown, never saved)."""
        actions = list(
            RealisedAction.objects.filter(consideration__market=market)
            .select_related("lot", "contractor__organisation", "consideration")
            .annotate(participant_count=Count("participants"))
        )
        if not can_edit(self.request.user):
            for action in actions:
                shown = secrecy.protect_action({"people": action.people_reached, "women": action.women_reached})
                action.people_reached, action.women_reached = shown["people"], shown["women"]
                action.participant_count = secrecy.protect_count(action.participant_count)
        return actions


class MarketHistoryView(VisibleMarketMixin, ListView):
    """The contract's « Historique »: who changed what and when. Buyer users see their contract, lots,
    considerations and penalty decisions; actions and hours lines (they point to participants) are editors'."""

    template_name = "followup/history.html"
    context_object_name = "entries"
    paginate_by = 100

    @cached_property
    def market(self):
        return get_object_or_404(self.get_market_queryset(), pk=self.kwargs["market_pk"])

    def get_queryset(self):
        return contract_history(self.market, with_followup=can_edit(self.request.user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(market=self.market, with_followup=can_edit(self.request.user), **kwargs)


def participant_table(rows, secret: bool = False) -> dict:
    """{sex: {age_band: count}} from the aggregate rows, with the totals; with ``secret`` (a buyer reads it), under
    statistical secrecy (partners.secrecy.protect_grid)."""
    table = {sex.label: {band.label: 0 for band in AgeBand} for sex in Sex}
    for row in rows:
        table[Sex(row["sex"]).label][AgeBand(row["age_band"]).label] += row["count"]
    grid = [list(counts.values()) for counts in table.values()]
    if secret:
        cells, row_totals, band_totals, total = secrecy.protect_grid(grid)
    else:
        cells, row_totals = grid, [sum(counts) for counts in grid]
        band_totals, total = [sum(column) for column in zip(*grid, strict=True)], sum(row_totals)
    return {
        "bands": AgeBand.labels,
        "rows": list(zip(table, cells, row_totals, strict=True)),
        "band_totals": band_totals,
        "total": total,
        "any": any(row["count"] for row in rows),
    }


class EditorConsiderationMixin(EditorRequiredMixin):
    """A page about one consideration, for facilitators and admins; other kinds than `kinds` answer 404."""

    kinds = list(Kind)

    @cached_property
    def consideration(self):
        considerations = Consideration.objects.visible_to(self.request.user).select_related("market", "lot")
        return get_object_or_404(considerations, pk=self.kwargs["pk"], kind__in=self.kinds)

    def get_context_data(self, **kwargs):
        return super().get_context_data(consideration=self.consideration, **kwargs)


class HoursListView(EditorConsiderationMixin, ListView):
    """Every hours line of an insertion-hours clause, with the participants' names (facilitators only)."""

    kinds = [Kind.INSERTION_HOURS]
    template_name = "followup/hours_list.html"
    paginate_by = 100

    def get_queryset(self):
        lines = RealisedHours.objects.filter(consideration=self.consideration).select_related(
            "contractor__organisation", "contractor__lot", "participant", "validated_by"
        )
        status = self.request.GET.get("statut")
        return lines.filter(status=status) if status in HoursStatus.values else lines

    def get_context_data(self, **kwargs):
        lines = RealisedHours.objects.filter(consideration=self.consideration)
        context = super().get_context_data(
            declared_count=lines.declared().count(),
            to_check_count=lines.to_check().count(),
            statuses=HoursStatus.choices,
            **kwargs,
        )
        named = {line.participant_id for line in context["object_list"]}
        record_access(
            self.request,
            AccessKind.VIEW,
            f"heures de la clause n°{self.consideration.pk} du marché {self.consideration.market.reference}",
            count=len(named),
        )
        return context


class HoursCreateView(EditorConsiderationMixin, CreateView):
    kinds = [Kind.INSERTION_HOURS]
    form_class = HoursLineForm
    template_name = "markets/child_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.consideration}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.consideration.market, title="Déclarer des heures", **kwargs)

    def form_valid(self, form):
        line = form.save()
        messages.success(
            self.request,
            {
                Eligibility.ELIGIBLE: "Les heures ont été enregistrées.",
                Eligibility.INELIGIBLE: "Les heures ont été enregistrées, mais ne comptent pas : l'embauche n'a "
                "retenu aucun public éligible de la clause.",
                Eligibility.TO_CHECK: "Les heures ont été enregistrées, mais ne comptent pas encore : aucune embauche "
                "vérifiée pour ce participant dans l'entreprise ce mois-là (éligibilité à vérifier).",
            }[line.eligibility],
        )
        return redirect("followup:hours", pk=self.consideration.pk)


class HoursImportView(EditorConsiderationMixin, FormView):
    """Step 1: upload and dry run. The checked lines are kept in the session (never the file) for step 2."""

    kinds = [Kind.INSERTION_HOURS]
    form_class = StatementUploadForm
    template_name = "followup/hours_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=hours_import.COLUMNS, **kwargs)

    def form_valid(self, form):
        report = hours_import.check_statement(self.consideration, form.rows)
        self.request.session[IMPORT_SESSION_KEY.format(pk=self.consideration.pk)] = form.rows
        return self.render_to_response(self.get_context_data(form=StatementUploadForm(), report=report))


class HoursImportConfirmView(EditorConsiderationMixin, View):
    """Step 2 (POST): imports the lines checked in step 1, in one transaction."""

    kinds = [Kind.INSERTION_HOURS]

    def post(self, request, pk):
        consideration = self.consideration  # another territory's or buyer's consideration: 404 before anything
        rows = request.session.pop(IMPORT_SESSION_KEY.format(pk=pk), None)
        if rows is None:
            messages.error(request, "Aucun relevé vérifié à importer : déposez-le à nouveau.")
            return redirect("followup:hours_import", pk=pk)
        try:
            report = hours_import.import_statement(consideration, rows)
        except hours_import.StatementError as exc:
            messages.error(request, str(exc))
            return redirect("followup:hours_import", pk=pk)
        counts = report.counts
        messages.success(
            request,
            f"Relevé importé : {counts['nouvelle']} nouvelle(s) ligne(s), {counts['modifiée']} "
            f"modifiée(s), {counts['inchangée']} inchangée(s), {counts['rejetée']} rejetée(s).",
        )
        return redirect("followup:hours", pk=pk)


class HoursTemplateView(EditorRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(hours_import.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition("modele-releve-heures.csv")
        return response


class FollowupCreateView(EditorConsiderationMixin, CreateView):
    """Adds an action or a progress-plan entry to a consideration, then back to the contract's follow-up."""

    template_name = "markets/child_form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.consideration}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.consideration.market, title=self.title, **kwargs)

    def form_valid(self, form):
        self.save(form)
        messages.success(self.request, f"{form.instance} : enregistré.")
        return redirect("followup:market", market_pk=self.consideration.market_id)

    def save(self, form):
        form.save()


class ActionCreateView(FollowupCreateView):
    kinds = [Kind.SOCIAL_ACTIONS, Kind.ILLITERACY, Kind.DIVERSITY, Kind.INSERTION_PURCHASE, Kind.PROGRESS_PLAN]
    form_class = ActionForm
    title = "Enregistrer une action réalisée"

    def save(self, form):
        form.instance.recorded_by = self.request.user
        form.save()


class PlanEntryCreateView(FollowupCreateView):
    kinds = [Kind.PROGRESS_PLAN]
    form_class = PlanEntryForm
    title = "Prévoir un axe du plan de progrès"

    def get_initial(self):
        return {"year": today().year}


class PlanEntryEvaluateView(EditorRequiredMixin, UpdateView):
    form_class = EvaluationForm
    template_name = "markets/child_form.html"

    def get_queryset(self):
        return ProgressPlanEntry.objects.filter(
            consideration__in=Consideration.objects.visible_to(self.request.user)
        ).select_related("consideration__market")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            parent=self.object.consideration.market,
            title=f"Évaluer l'axe « {self.object.axis} » ({self.object.year})",
            **kwargs,
        )

    def form_valid(self, form):
        form.instance.evaluated_by, form.instance.evaluated_at = self.request.user, timezone.now()
        form.save()
        messages.success(self.request, "L'évaluation a été enregistrée.")
        return redirect("followup:market", market_pk=self.object.consideration.market_id)


class FollowupObjectMixin(EditorRequiredMixin):
    """An action or a progress-plan entry of a consideration the user sees (another territory's: 404)."""

    model = None

    def get_queryset(self):
        considerations = Consideration.objects.visible_to(self.request.user)
        return self.model.objects.filter(consideration__in=considerations).select_related("consideration__market")

    def get_success_url(self):
        return reverse("followup:market", args=[self.object.consideration.market_id])


class FollowupUpdateView(FollowupObjectMixin, UpdateView):
    """Edits an action or a progress-plan entry with the form that created it; the summaries follow (triggers)."""

    template_name = "markets/child_form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.object.consideration}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.object.consideration.market, title=self.title, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, f"{form.instance} : modifications enregistrées.")
        return redirect(self.get_success_url())


class ActionUpdateView(FollowupUpdateView):
    model = RealisedAction
    form_class = ActionForm
    title = "Modifier l'action réalisée"


class ActionDeleteView(FollowupObjectMixin, ConfirmDeleteView):
    """The action's own deletion, after confirmation; its links to participants go with it, the figures follow."""

    model = RealisedAction


class PlanEntryUpdateView(FollowupUpdateView):
    model = ProgressPlanEntry
    form_class = PlanEntryForm
    title = "Modifier l'axe du plan de progrès"


class PlanEntryDeleteView(FollowupObjectMixin, ConfirmDeleteView):
    model = ProgressPlanEntry
