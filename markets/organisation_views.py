"""An organisation's page: its card and contacts (partners) with the contracts it buys or holds (markets)."""

from django.views.generic import DetailView

from accounts.permissions import EditorRequiredMixin
from partners.forms import ContactForm
from partners.models import Organisation

from .models import Contractor, Market


class OrganisationDetailView(EditorRequiredMixin, DetailView):
    template_name = "partners/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).prefetch_related("contacts")

    def get_context_data(self, **kwargs):
        organisation = self.object
        markets = Market.objects.visible_to(self.request.user).with_list_data()
        return super().get_context_data(
            markets_as_buyer=markets.filter(buyer=organisation)[:100],
            # the organisation is shared by the territories: only the contracts of the user's own it holds
            contracts_held=Contractor.objects.filter(organisation=organisation, lot__market__in=markets)
            .select_related("lot__market__buyer")
            .order_by("-lot__market__created_at")[:100],
            contact_form=ContactForm(),
            **kwargs,
        )
