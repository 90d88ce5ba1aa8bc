from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from accounts.permissions import EditorRequiredMixin, can_edit
from markets.views import VisibleMarketMixin
from partners.downloads import content_disposition

from .enums import Kind
from .forms import CalculatorForm, ClimateExemptionForm, ConsiderationForm, DismissalForm
from .models import ClimateExemption, Consideration, Dismissal
from .recommendations import computed_hours
from .review import ReferenceData, contract_facts, has_insertion_hours, recommendation_for, review_rows
from .text import clause_docx, clause_sections, clause_title


class VisibleConsiderationMixin:
    """A consideration is fetched through its contract's visibility: another buyer's answers 404."""

    def get_queryset(self):
        return Consideration.objects.visible_to(self.request.user).with_details()


class ConsiderationDetailView(VisibleConsiderationMixin, DetailView):
    template_name = "clauses/consideration_detail.html"
    context_object_name = "consideration"

    def get_context_data(self, **kwargs):
        consideration = self.object
        reference = ReferenceData.load(consideration.market.territory, climate=False)
        siblings = consideration.market.considerations.only("market", "kind", "status")
        findings = consideration.findings(
            has_insertion_hours=has_insertion_hours(siblings),
            market_hours=computed_hours(contract_facts(consideration.market, reference, True)),
            minimum_hours=reference.territory.minimum_hours,
        )
        return super().get_context_data(findings=findings, can_edit=can_edit(self.request.user), **kwargs)


class ConsiderationFormMixin(EditorRequiredMixin):
    form_class = ConsiderationForm
    template_name = "clauses/consideration_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "territory": ReferenceData.load(self.request.user.territory, climate=False).territory,
        }

    def form_valid(self, form):
        messages.success(self.request, "La considération sociale a été enregistrée.")
        return super().form_valid(form)


class ConsiderationCreateView(ConsiderationFormMixin, VisibleMarketMixin, CreateView):
    """Without ?type=, lists the seven kinds to choose from; with it, the form of that kind."""

    @cached_property
    def market(self):
        return self.get_market(self.kwargs["market_pk"])

    @cached_property
    def kind(self):
        kind = self.request.GET.get("type")
        return kind if kind in Kind.values else None

    def get(self, request, *args, **kwargs):
        if self.kind is None:
            self.object = None
            return self.render_to_response({"market": self.market, "kinds": Kind.choices, "choose_kind": True})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.kind is None:
            return redirect("clauses:create", market_pk=self.market.pk)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.market, "kind": self.kind}

    def get_context_data(self, **kwargs):
        return super().get_context_data(market=self.market, kind=self.kind, **kwargs)


class ConsiderationUpdateView(ConsiderationFormMixin, VisibleConsiderationMixin, UpdateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.object.market}

    def get_context_data(self, **kwargs):
        return super().get_context_data(market=self.object.market, kind=self.object.kind, **kwargs)


class ClauseTextView(VisibleConsiderationMixin, DetailView):
    template_name = "clauses/clause_text.html"
    context_object_name = "consideration"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=clause_title(self.object), sections=clause_sections(self.object), **kwargs
        )


class ClauseDocxView(VisibleConsiderationMixin, DetailView):
    def render_to_response(self, context, **response_kwargs):
        response = HttpResponse(
            clause_docx(self.object),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = content_disposition(
            f"clause-{self.object.market.reference}-{self.object.kind}.docx"
        )
        return response


class CalculatorView(FormView):
    """The hours calculator, on its own; with htmx, only the result is re-rendered as the user types."""

    form_class = CalculatorForm
    template_name = "clauses/calculator.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["clauses/includes/calculator_result.html"]
        return [self.template_name]

    def get_form_kwargs(self):
        return {"data": self.request.GET or None}

    def get_initial(self):
        territory = ReferenceData.load(self.request.user.territory, climate=False).territory
        return {"hourly_cost": territory.hourly_cost, "insertion_rate": territory.insertion_rate * 100}

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_bound:
            form = self.form_class(initial=self.get_initial())
        else:
            form.is_valid()
        return self.render_to_response(self.get_context_data(form=form))


class ReviewView(EditorRequiredMixin, VisibleMarketMixin, TemplateView):
    template_name = "clauses/review.html"

    def get_context_data(self, **kwargs):
        rows = review_rows(self.get_market_queryset(), ReferenceData.load(self.request.user.territory))
        return super().get_context_data(rows=rows, **kwargs)


class AcceptRecommendationView(EditorRequiredMixin, VisibleMarketMixin, View):
    """Creates the recommended consideration, pre-filled, and opens it to complete it."""

    http_method_names = ["post"]

    def post(self, request, market_pk, kind):
        market = self.get_market(market_pk)
        found = recommendation_for(market, kind)
        if found is None:
            messages.error(request, "Cette recommandation ne s'applique pas ou plus à ce marché.")
            return redirect("clauses:review")
        consideration = Consideration.from_recommendation(market, *found)
        consideration.save()
        messages.success(
            request,
            f"{consideration.get_kind_display().capitalize()} ajoutée à {market.reference} : "
            "complétez-la (publics éligibles, pénalités…).",
        )
        return redirect("clauses:update", pk=consideration.pk)


class DismissRecommendationView(EditorRequiredMixin, VisibleMarketMixin, View):
    http_method_names = ["post"]

    def post(self, request, market_pk, kind):
        market = self.get_market(market_pk)
        form = DismissalForm(request.POST)
        if kind not in Kind.values or not form.is_valid():
            messages.error(request, "Indiquez pourquoi cette considération n'est pas retenue.")
            return redirect("clauses:review")
        try:
            with transaction.atomic():
                Dismissal.objects.create(
                    market=market, kind=kind, reason=form.cleaned_data["reason"], dismissed_by=request.user
                )
        except IntegrityError:
            messages.info(request, "Cette recommandation était déjà écartée.")
        else:
            messages.success(request, f"Recommandation écartée pour {market.reference} ; elle ne sera plus proposée.")
        return redirect("clauses:review")


class ClimateExemptionView(EditorRequiredMixin, VisibleMarketMixin, UpdateView):
    """Records (or changes) why the buyer leaves out a social execution condition (L2112-2-1)."""

    form_class = ClimateExemptionForm
    template_name = "clauses/exemption_form.html"

    @cached_property
    def market(self):
        return self.get_market(self.kwargs["market_pk"])

    def get_object(self, queryset=None):
        return ClimateExemption.objects.filter(market=self.market).first() or ClimateExemption(market=self.market)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.market}

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        form.save()
        messages.success(self.request, "Le motif d'exemption a été consigné.")
        return redirect(self.market)

    def get_context_data(self, **kwargs):
        return super().get_context_data(market=self.market, **kwargs)
