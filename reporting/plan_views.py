"""An action plan's page and PDF, with its indicators' actuals computed from the contracts it covers: buyer
users read their organisation's plans (plans.views writes them)."""

from django.views.generic import DetailView

from accounts.permissions import can_edit
from plans.views import VisiblePlanMixin

from .figures.plans import indicators
from .pdf import pdf_response


class PlanDetailView(VisiblePlanMixin, DetailView):
    template_name = "reporting/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("axes", "lines__market", "indicators")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicators=indicators(self.object), can_edit=can_edit(self.request.user), **kwargs
        )


class PlanPdfView(PlanDetailView):
    def render_to_response(self, context, **response_kwargs):
        return pdf_response("reporting/pdf/plan.html", context, f"plan-d-actions-{self.object.pk}.pdf", self.request)
