from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django_filters.views import FilterView

from accounts.permissions import EditorRequiredMixin, TerritoryFormMixin, can_edit
from partners.deletion import ConfirmDeleteView

from .filters import MarketFilter
from .forms import ContractorForm, DecpPublicationForm, LotForm, MarketForm, StatusForm
from .models import Contractor, Lot, Market, StatusChange


class VisibleMarketMixin:
    """Every contract page fetches its contract through `visible_to`: others answer 404."""

    def get_market_queryset(self):
        return Market.objects.visible_to(self.request.user)

    def get_market(self, pk):
        return get_object_or_404(self.get_market_queryset(), pk=pk)


class MarketListView(VisibleMarketMixin, FilterView):
    filterset_class = MarketFilter
    template_name = "markets/market_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            self.get_market_queryset().with_list_data().annotate(lot_count=Count("lots")).order_by("-created_at", "-pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}


class MarketDetailView(VisibleMarketMixin, DetailView):
    template_name = "markets/market_detail.html"
    context_object_name = "market"

    def get_queryset(self):
        return (
            self.get_market_queryset()
            .with_list_data()
            .prefetch_related(
                Prefetch(
                    "lots",
                    queryset=Lot.objects.prefetch_related(
                        Prefetch("contractors", queryset=Contractor.objects.select_related("organisation"))
                    ),
                ),
                Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by")),
                "modifications",
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=can_edit(self.request.user),
            status_form=StatusForm(initial={"status": self.object.status}),
            lots_excess=self.object.lots_excess(),
            **kwargs,
        )


class FollowedElsewhereMixin:
    """The same contract (buyer and reference) may already be followed by another territory, which this user's
    queries cannot see (row-level security): the database's unique constraint finds it, the form says so (and
    has an error: the subclass checks ``form.errors`` before going on)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError as error:
            if getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") != "unique_reference_per_buyer":
                raise
        form.add_error("reference", "Ce marché de ce donneur d'ordre est déjà suivi par un autre territoire.")
        return self.form_invalid(form)


class StatusAuthorMixin:
    """The status a contract's dates give it (MarketForm.save) is recorded as changed by the user."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.changed_by = self.request.user
        return form


class MarketCreateView(EditorRequiredMixin, TerritoryFormMixin, StatusAuthorMixin, FollowedElsewhereMixin, CreateView):
    model = Market
    form_class = MarketForm
    template_name = "markets/market_form.html"

    def get_initial(self):
        return {"buyer": self.request.GET.get("buyer"), "facilitator": self.request.user.pk}

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.errors:
            self.object.ensure_single_lot()
            messages.success(self.request, "Le marché a été créé avec un lot unique ; ajoutez-en d'autres si besoin.")
        return response


class MarketUpdateView(
    EditorRequiredMixin, TerritoryFormMixin, StatusAuthorMixin, FollowedElsewhereMixin, VisibleMarketMixin, UpdateView
):
    form_class = MarketForm
    template_name = "markets/market_form.html"

    def get_queryset(self):
        return self.get_market_queryset()

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.errors:
            messages.success(self.request, "Les modifications ont été enregistrées.")
        return response


class DecpPublicationView(EditorRequiredMixin, VisibleMarketMixin, FormView):
    """The DECP fields Levier does not follow, completed by the facilitator before an export."""

    form_class = DecpPublicationForm
    template_name = "markets/decp_publication.html"

    @cached_property
    def market(self):
        return get_object_or_404(self.get_market_queryset().select_related("buyer"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "market": self.market}

    def get_context_data(self, **kwargs):
        return super().get_context_data(market=self.market, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Les données de publication DECP ont été enregistrées.")
        return redirect(self.market)


class MarketStatusView(EditorRequiredMixin, VisibleMarketMixin, FormView):
    form_class = StatusForm
    http_method_names = ["post"]

    def form_valid(self, form):
        market = self.get_market(self.kwargs["pk"])
        try:
            if market.change_status(form.cleaned_data["status"], self.request.user, form.cleaned_data["reason"]):
                messages.success(self.request, f"Statut passé à « {market.get_status_display()} ».")
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect(market)

    def form_invalid(self, form):
        messages.error(self.request, "Ce statut n'existe pas.")
        return redirect(self.get_market(self.kwargs["pk"]))


class MarketChildCreateView(EditorRequiredMixin, VisibleMarketMixin, CreateView):
    """Adds an object under a contract (a lot) or under one of its lots (a contractor)."""

    template_name = "markets/child_form.html"
    title = ""
    success_message = ""

    @cached_property
    def parent(self):
        raise NotImplementedError

    @cached_property
    def market(self):
        return self.parent

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.parent}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, title=self.title, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.add_message(self.request, *self.saved_message(self.success_message.format(object=form.instance)))
        return redirect(self.market)

    def saved_message(self, text: str) -> tuple[int, str]:
        return messages.SUCCESS, text


class LotsAmountMixin:
    """Saving a lot warns, without refusing, when the lots add up to more than the contract (its amount may be an
    estimate not corrected yet); the contract page keeps the warning."""

    def saved_message(self, text: str) -> tuple[int, str]:
        excess = self.market.lots_excess()
        return (messages.WARNING, f"{text} {lots_excess_message(excess)}") if excess else (messages.SUCCESS, text)


def lots_excess_message(excess) -> str:
    amount = number_format(excess, decimal_pos=2, force_grouping=True)
    return f"Les montants des lots dépassent de {amount} € HT le montant estimé du marché : vérifiez l'un ou l'autre."


class LotCreateView(LotsAmountMixin, MarketChildCreateView):
    form_class = LotForm
    title = "Nouveau lot"
    success_message = "{object} a été ajouté."

    @cached_property
    def parent(self):
        return self.get_market(self.kwargs["pk"])

    def get_initial(self):
        return {"number": self.parent.lots.count() + 1}


class ContractorCreateView(MarketChildCreateView):
    form_class = ContractorForm
    title = "Ajouter une entreprise au lot"
    success_message = "{object} a été ajoutée au lot."

    @cached_property
    def parent(self):
        lots = Lot.objects.select_related("market").filter(market__in=self.get_market_queryset())
        return get_object_or_404(lots, pk=self.kwargs["lot_pk"])

    @cached_property
    def market(self):
        return self.parent.market


class MarketChildUpdateView(EditorRequiredMixin, VisibleMarketMixin, UpdateView):
    """Edits a lot or a contractor with the form that created it (its parent is the object's own)."""

    template_name = "markets/child_form.html"
    title = ""
    parent_field = ""

    @cached_property
    def market(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": getattr(self.object, self.parent_field)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.market, title=self.title.format(object=self.object), **kwargs)

    def form_valid(self, form):
        form.save()
        messages.add_message(self.request, *self.saved_message(f"{form.instance} : modifications enregistrées."))
        return redirect(self.market)

    def saved_message(self, text: str) -> tuple[int, str]:
        return messages.SUCCESS, text


class LotMixin:
    def get_queryset(self):
        return Lot.objects.select_related("market").filter(market__in=self.get_market_queryset())

    @cached_property
    def market(self):
        return self.object.market

    def get_success_url(self):
        return self.object.market.get_absolute_url()


class ContractorMixin:
    def get_queryset(self):
        contractors = Contractor.objects.select_related("lot__market", "organisation")
        return contractors.filter(lot__market__in=self.get_market_queryset())

    @cached_property
    def market(self):
        return self.object.lot.market

    def get_success_url(self):
        return self.object.lot.market.get_absolute_url()


class LotUpdateView(LotMixin, LotsAmountMixin, MarketChildUpdateView):
    form_class = LotForm
    parent_field = "market"
    title = "Modifier le lot {object.number}"
    pk_url_kwarg = "lot_pk"


class LotDeleteView(LotMixin, VisibleMarketMixin, ConfirmDeleteView):
    """A lot without follow-up data: its contractors and considerations (clauses) go with it."""

    pk_url_kwarg = "lot_pk"


class ContractorUpdateView(ContractorMixin, MarketChildUpdateView):
    """Changing the company of a contractor moves its hours lines with it: the summaries follow (trigger on
    organisation_id, followup.summary_triggers)."""

    form_class = ContractorForm
    parent_field = "lot"
    title = "Modifier l'entreprise du lot"


class ContractorDeleteView(ContractorMixin, VisibleMarketMixin, ConfirmDeleteView):
    """A contractor without hours lines nor actions (which would be lost or unlinked: refused)."""
