"""The territorial action plan, written by facilitators: the list, the plan and its parts (axes, scheduled
contracts, indicators). Its page and PDF, with the indicators' actuals, are reporting's (reporting.plan_views)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView

from accounts.permissions import EditorRequiredMixin, TerritoryFormMixin

from .forms import ActionPlanForm, PlanAxisForm, PlanIndicatorForm, PlanLineForm
from .models import ActionPlan

# part of the plan in the URL → (form, related name, title of its form page)
PARTS = {
    "axes": (PlanAxisForm, "axes", "Axe du plan"),
    "marches": (PlanLineForm, "lines", "Marché programmé et considérations à mobiliser"),
    "indicateurs": (PlanIndicatorForm, "indicators", "Indicateur"),
}


class VisiblePlanMixin:
    def get_queryset(self):
        return ActionPlan.objects.visible_to(self.request.user).select_related("buyer", "facilitator")


class PlanListView(VisiblePlanMixin, ListView):
    template_name = "plans/plan_list.html"
    context_object_name = "plans"


class PlanCreateView(EditorRequiredMixin, TerritoryFormMixin, CreateView):
    model = ActionPlan
    form_class = ActionPlanForm
    template_name = "plans/plan_form.html"

    def get_initial(self):
        return {"facilitator": self.request.user.pk}

    def form_valid(self, form):
        messages.success(self.request, "Le plan d'actions a été créé : ajoutez ses axes, marchés et indicateurs.")
        return super().form_valid(form)


class PlanUpdateView(EditorRequiredMixin, TerritoryFormMixin, VisiblePlanMixin, UpdateView):
    form_class = ActionPlanForm
    template_name = "plans/plan_form.html"

    def form_valid(self, form):
        messages.success(self.request, "Les modifications ont été enregistrées.")
        return super().form_valid(form)


class PlanPartMixin(EditorRequiredMixin):
    """An axis, a scheduled contract or an indicator of a plan the user may see (404 otherwise)."""

    template_name = "plans/plan_part_form.html"

    @cached_property
    def plan(self):
        return get_object_or_404(ActionPlan.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    @cached_property
    def part(self):
        if self.kwargs["part"] not in PARTS:
            raise Http404("Partie du plan inconnue.")
        return PARTS[self.kwargs["part"]]

    def get_form_class(self):
        return self.part[0]

    def get_queryset(self):
        return getattr(self.plan, self.part[1]).all()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["part_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, title=self.part[2], **kwargs)

    def get_success_url(self):
        return self.plan.get_absolute_url()

    def form_valid(self, form):
        messages.success(self.request, "Le plan d'actions a été mis à jour.")
        return super().form_valid(form)


class PlanPartCreateView(PlanPartMixin, CreateView):
    pass


class PlanPartUpdateView(PlanPartMixin, UpdateView):
    pass


class PlanPartDeleteView(PlanPartMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.get_object().delete()
        messages.success(request, "L'élément a été retiré du plan.")
        return redirect(self.plan)
