from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import CreateView, UpdateView
from django_filters.views import FilterView

from accounts.permissions import EditorRequiredMixin

from .deletion import ConfirmDeleteView
from .filters import OrganisationFilter
from .forms import ContactForm, OrganisationForm
from .models import Organisation


class OrganisationListView(EditorRequiredMixin, FilterView):
    filterset_class = OrganisationFilter
    template_name = "partners/organisation_list.html"
    paginate_by = 25

    def get_queryset(self):
        organisations = Organisation.objects.visible_to(self.request.user)
        return organisations.annotate(contact_count=Count("contacts")).order_by("search_name", "pk")


class OrganisationCreateView(EditorRequiredMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "partners/organisation_form.html"

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", "")}

    def form_valid(self, form):
        messages.success(self.request, f"« {form.instance.name} » a été créée.")
        return super().form_valid(form)


class OrganisationUpdateView(EditorRequiredMixin, UpdateView):
    form_class = OrganisationForm
    template_name = "partners/organisation_form.html"

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user)

    def form_valid(self, form):
        messages.success(self.request, "Les modifications ont été enregistrées.")
        return super().form_valid(form)


class ContactCreateView(EditorRequiredMixin, CreateView):
    form_class = ContactForm
    template_name = "partners/contact_form.html"

    @cached_property
    def organisation(self):
        return get_object_or_404(Organisation.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        form.instance.organisation = self.organisation
        form.save()
        messages.success(self.request, f"Le contact « {form.instance.name} » a été ajouté.")
        return redirect(self.organisation)


class OrganisationDeleteView(ConfirmDeleteView):
    """An organisation no contract, contractor, hiring or participant refers to (any territory's): its contacts go
    with it."""

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user)

    def get_success_url(self):
        return reverse("partners:list")
