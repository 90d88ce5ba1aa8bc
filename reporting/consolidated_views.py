"""The view from above: the consolidated figures of the coordinations and of the platform admin (their home,
/rapports/, the survey by territory, the consolidated PDF) and each territory's open data. Figures only: no
contract, no participant, counts of people and companies under statistical secrecy (partners.secrecy)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View

from markets.models import Market
from territories.models import Territory

from . import open_data
from .dashboard import consolidated_dashboard
from .exports import survey_by_territory
from .figures.territories import consolidated
from .pdf import pdf_response


def territories_of(user):
    """The territories whose figures the user reads (a facilitator's own, a coordination's, every one)."""
    ids = user.territory_ids()
    territories = Territory.objects.order_by("name")
    return territories if ids is None else territories.filter(pk__in=ids)


def scope_label(user) -> str:
    if user.is_coordination:
        return str(user.coordination)
    return "Tous les territoires" if user.is_platform_admin else str(user.territory)


def consolidated_context(user, year: int) -> dict:
    """The consolidated table and charts of the user's territories for the year."""
    return {
        **consolidated_dashboard(Market.objects.visible_to(user), list(territories_of(user)), year),
        "open_data_columns": open_data.COLUMNS,
    }


def survey_context(user, year: int) -> dict:
    table = survey_by_territory(Market.objects.visible_to(user), list(territories_of(user)), year)
    return {"table": table}


def valid_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("Année invalide.")
    return year


class ConsolidatedPdfView(View):
    """The consolidated annual report of the user's territories, as a PDF (not for buyer users)."""

    def get(self, request, year):
        if request.user.is_buyer_user:
            raise PermissionDenied("Le rapport consolidé est celui des territoires.")
        context = {**consolidated_context(request.user, valid_year(year)), "scope_label": scope_label(request.user)}
        return pdf_response("reporting/pdf/consolidated_report.html", context, f"rapport-consolide-{year}.pdf", request)


class OpenDataView(View):
    """A territory's open data for a year, CSV or JSON: for its facilitators and admins, the coordinations that
    read it and the platform admin (404 for another territory, 403 for buyer users)."""

    def get(self, request, territory, year, fmt):
        if request.user.is_buyer_user:
            raise PermissionDenied("Les données ouvertes sont celles des territoires.")
        if fmt not in open_data.FORMATS:
            raise Http404("Format inconnu.")
        territory = get_object_or_404(territories_of(request.user), pk=territory)
        # every contract of the territory: the filter its consolidated row is computed on (figures.scope)
        table = consolidated(Market.objects.filter(territory__in=[territory.pk]), [territory], valid_year(year))
        data = open_data.record(table.rows[0], year, table.threshold)
        return open_data.response(data, fmt, f"levier-{territory.pk}-{year}")
