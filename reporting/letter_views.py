"""The formal notice of a penalty (followup.penalties) as a letter to print, sign and send: a PDF of the same
template family as the reports, once the notice is recorded (404 before)."""

from django.shortcuts import get_object_or_404
from django.views import View

from clauses.models import Consideration
from followup.models import PenaltyDecision
from followup.penalties import PROCEDURE_SOURCE
from markets.enums import ContractorRole
from markets.models import Contractor

from .pdf import pdf_response


class PenaltyNoticeLetterView(View):
    """Whoever sees the contract may print it; it names the contract's companies, never a participant."""

    def get(self, request, pk):
        procedures = PenaltyDecision.objects.filter(
            consideration__in=Consideration.objects.visible_to(request.user),
            notice_date__isnull=False,
        ).select_related("consideration__market__buyer", "consideration__lot")
        procedure = get_object_or_404(procedures, consideration=pk)
        consideration = procedure.consideration
        # the parties to the contract (holders, co-contractors), not their subcontractors
        contractors = Contractor.objects.filter(
            lot__market=consideration.market_id, role__in=[ContractorRole.HOLDER, ContractorRole.CO_CONTRACTOR]
        ).select_related("organisation", "lot")
        if consideration.lot_id:
            contractors = contractors.filter(lot=consideration.lot_id)
        context = {
            "procedure": procedure,
            "consideration": consideration,
            "market": consideration.market,
            "contractors": contractors.order_by("role", "organisation__name"),
            "procedure_source": PROCEDURE_SOURCE,
        }
        filename = f"mise-en-demeure-{consideration.market.reference}-{consideration.pk}.pdf"
        return pdf_response("reporting/pdf/penalty_notice.html", context, filename, request)
