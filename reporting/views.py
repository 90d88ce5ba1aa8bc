"""Dashboards, PDF reports and exports. Thin views: fetch through the scoped querysets, call the figures."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import can_edit, reads_figures
from markets.models import Contractor, Market
from partners import secrecy
from partners.access_log import AccessKind, record_access
from partners.models import Organisation

from . import exports
from .consolidated_views import consolidated_context, survey_context
from .dashboard import company_dashboard, dashboard, market_report
from .figures import alerts, followup
from .figures.territories import services
from .filters import ReportFilter
from .pdf import pdf_response


class HomeView(TemplateView):
    """A facilitator's home: the territory's dashboard and its alerts; a buyer user's: its organisation's, with the
    services that follow its contracts; a coordination's and the platform admin's: the consolidated figures."""

    def get_template_names(self):
        user = self.request.user
        if reads_figures(user):
            return ["reporting/home_consolidated.html"]
        return ["reporting/home_buyer.html" if user.is_buyer_user else "reporting/home.html"]

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        if reads_figures(self.request.user):
            return super().get_context_data(**consolidated_context(self.request.user, today.year), **kwargs)
        markets = Market.objects.visible_to(self.request.user)
        context = {**dashboard(markets, today.year, secret=not can_edit(self.request.user)), **kwargs}
        if self.request.user.is_buyer_user:
            context["markets"] = markets.with_list_data().order_by("-notification_date", "-pk")[:20]
            context["services"] = services(markets, today.year)
        else:
            context["alerts"] = {
                "climate": alerts.climate_alerts(markets),
                "missing_thresholds": alerts.missing_thresholds(markets),
                "behind": alerts.behind(markets, today)[: alerts.LIMIT],
                "evaluations": alerts.evaluations_due(markets, today),
                "review": alerts.awaiting_review(markets),
            }
        return super().get_context_data(**context)


class ReportFilterMixin:
    @cached_property
    def report_filter(self) -> ReportFilter:
        return ReportFilter(self.request.GET or None, user=self.request.user)


PER_PAGE = 25  # the long tables of /rapports/ and the company page; the exports hold the full lists


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (a figure the page has already read): no COUNT query."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def paginated(request, rows, count: int | None = None) -> dict:
    """The context of templates/includes/pagination.html for a list or queryset (of ``count`` rows, when known),
    at the "page" parameter."""
    paginator = Paginator(rows, PER_PAGE) if count is None else CountedPaginator(rows, PER_PAGE, count)
    page = paginator.get_page(request.GET.get("page"))
    return {"page_obj": page, "paginator": page.paginator, "is_paginated": page.has_other_pages()}


DATASETS = [("marches", "marchés et considérations"), ("heures", "heures réalisées"), ("actions", "actions")]


class ReportsView(ReportFilterMixin, TemplateView):
    """/rapports/: the dashboard's figures over the contracts the filter selects, with the exports; for the
    coordinations and the platform admin, the consolidated figures of the filter's year and the open data."""

    def get_template_names(self):
        consolidated = reads_figures(self.request.user)
        return ["reporting/reports_consolidated.html" if consolidated else "reporting/reports.html"]

    def get_context_data(self, **kwargs):
        markets, user = self.report_filter.markets, self.request.user
        if reads_figures(user):
            context = consolidated_context(user, self.report_filter.report_year)
            return super().get_context_data(
                filter=self.report_filter, query=self.request.GET.urlencode(), **context, **kwargs
            )
        report_buyer = (
            user.organisation
            if user.is_buyer_user
            else (self.report_filter.is_valid() and self.report_filter.form.cleaned_data.get("buyer"))
        )
        datasets = [*DATASETS, ("participants", "participants")] if can_edit(user) else DATASETS
        companies = followup.company_rows(markets)
        pages = paginated(self.request, companies)
        rows = followup.with_participants(markets, pages["page_obj"].object_list)
        if not can_edit(user):  # a buyer: a company's few participants are not shown (partners.secrecy)
            rows = [{**row, "participants": secrecy.protect_count(row["participants"])} for row in rows]
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=self.report_filter,
            query=query.urlencode(),
            report_buyer=report_buyer,
            datasets=datasets,
            companies=rows,
            **pages,
            **dashboard(markets, self.report_filter.report_year, companies, secret=not can_edit(user)),
            **kwargs,
        )


class CompanyReportView(TemplateView):
    """A company's contracts among those the user may see, with their considerations (404 otherwise)."""

    template_name = "reporting/company.html"

    def get_context_data(self, **kwargs):
        visible = Market.objects.visible_to(self.request.user)
        holds_visible = Contractor.objects.filter(organisation=OuterRef("pk"), lot__market__in=visible)
        company = get_object_or_404(Organisation.objects.filter(Exists(holds_visible)), pk=self.kwargs["pk"])
        # its contracts' ids, read once (a thousand for the largest company, ~15 ms less in all): the page's ten
        # figures filter on them rather than each joining the company's contractors and lots again
        held = Contractor.objects.filter(organisation=company).order_by().values_list("lot__market", flat=True)
        markets = visible.filter(pk__in=list(held.distinct()))
        secret = not can_edit(self.request.user)
        figures = company_dashboard(visible, markets, timezone.localdate().year, company, secret)
        pages = paginated(
            self.request,
            markets.with_list_data().order_by("-notification_date", "-pk"),
            figures["figures"]["market_count"],
        )
        return super().get_context_data(
            company=company, markets=pages["page_obj"].object_list, **pages, **figures, **kwargs
        )


class MarketReportView(View):
    """The contract's report (bilan de la clause) as a PDF. Participants appear as aggregates only."""

    def get(self, request, pk):
        market = get_object_or_404(Market.objects.visible_to(request.user).with_list_data(), pk=pk)
        context = {
            "market": market,
            "lots": market.lots.prefetch_related("contractors__organisation"),
            **market_report(market, timezone.localdate(), secret=not can_edit(request.user)),
        }
        return pdf_response("reporting/pdf/market_report.html", context, f"bilan-{market.reference}.pdf", request)


class BuyerReportView(View):
    """A buyer's annual report: the figures of all its contracts notified in the year, as a PDF."""

    def get(self, request, pk, year):
        if request.user.is_buyer_user and request.user.organisation_id != pk:
            raise Http404("Donneur d'ordre inconnu.")
        buyer = get_object_or_404(Organisation.objects.buyers(), pk=pk)
        markets = Market.objects.visible_to(request.user).filter(buyer=buyer, notification_date__year=year)
        context = {
            "buyer": buyer,
            "markets": markets.with_list_data().order_by("notification_date", "reference"),
            **dashboard(markets, year, secret=not can_edit(request.user)),
        }
        return pdf_response("reporting/pdf/buyer_report.html", context, f"rapport-{year}-{buyer.pk}.pdf", request)


def export_table(dataset: str, report_filter: ReportFilter, user):
    markets, year = report_filter.markets, report_filter.report_year
    if dataset == "participants":
        if not can_edit(user):
            raise PermissionDenied("Les participants ne sont visibles que des facilitateurs.")
        return exports.participants_table(markets, year)
    tables = {
        "marches": lambda: exports.contracts_table(markets),
        "heures": lambda: exports.hours_table(markets, with_participants=can_edit(user)),
        "actions": lambda: exports.actions_table(markets, secret=not can_edit(user)),
        "enquete": lambda: exports.survey_table(report_filter.markets_any_year, year, secret=not can_edit(user)),
    }
    if dataset not in tables:
        raise Http404("Export inconnu.")
    return tables[dataset]()


class ExportView(ReportFilterMixin, View):
    """CSV or XLSX of what the report filter selects: contracts with their considerations, hours, actions,
    participants (facilitators only) or the national survey summary."""

    def get(self, request, dataset, fmt):
        if fmt not in exports.FORMATS:
            raise Http404("Format inconnu.")
        table = export_table(dataset, self.report_filter, request.user)
        if dataset == "participants" or (dataset == "heures" and can_edit(request.user)):
            codes = {row[2] for row in table.rows} if dataset == "heures" else None
            record_access(
                request,
                AccessKind.EXPORT,
                f"export « {dataset} » ({fmt.upper()}, {self.report_filter.report_year})",
                count=len(table.rows) if codes is None else len(codes),
            )
        return exports.table_response(table, fmt, f"levier-{dataset}-{timezone.localdate():%Y%m%d}")


class SurveyView(ReportFilterMixin, TemplateView):
    """The annual summary for the national survey, for the filter's year; by territory for the coordinations and
    the platform admin."""

    def get_template_names(self):
        consolidated = reads_figures(self.request.user)
        return ["reporting/survey_consolidated.html" if consolidated else "reporting/survey.html"]

    def get_context_data(self, **kwargs):
        user, year = self.request.user, self.report_filter.report_year
        if reads_figures(user):
            table = survey_context(user, year)
        else:
            markets = self.report_filter.markets_any_year
            table = {"table": exports.survey_table(markets, year, secret=not can_edit(user))}
        return super().get_context_data(
            filter=self.report_filter,
            query=self.request.GET.urlencode(),
            year=year,
            threshold=secrecy.threshold(),
            **table,
            **kwargs,
        )
