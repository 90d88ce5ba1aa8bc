"""The DECP export page: a buyer's contracts of a period as a DECP 2.0.3 JSON download."""

import json

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from markets.models import Market
from partners.downloads import content_disposition
from partners.models import Organisation

from .decp_export import decp_export

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecpExportForm(forms.Form):
    buyer = forms.ModelChoiceField(label="Donneur d'ordre", queryset=Organisation.objects.none())
    du = forms.DateField(label="Notifiés du", widget=DATE_WIDGET)
    au = forms.DateField(label="au", widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        buyers = Organisation.objects.buyers()
        self.fields["buyer"].queryset = buyers.filter(pk=user.organisation_id) if user.is_buyer_user else buyers

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("du") and cleaned.get("au") and cleaned["au"] < cleaned["du"]:
            raise forms.ValidationError("La fin de la période ne peut pas précéder son début.")
        return cleaned


class DecpExportView(TemplateView):
    """Without parameters: the form. With ``buyer``, ``du`` and ``au``: the JSON file.

    Buyer users export their own organisation only (another buyer answers 404).
    """

    template_name = "reporting/decp_export.html"

    def get(self, request, *args, **kwargs):
        if "buyer" not in request.GET:
            return self.render_to_response(self.get_context_data(form=DecpExportForm(user=request.user)))
        if request.user.is_buyer_user and request.GET["buyer"] != str(request.user.organisation_id):
            raise Http404("Donneur d'ordre inconnu.")
        form = DecpExportForm(request.GET, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        buyer = get_object_or_404(Organisation.objects.buyers(), pk=form.cleaned_data["buyer"].pk)
        document, skipped = decp_export(
            Market.objects.visible_to(request.user), buyer, form.cleaned_data["du"], form.cleaned_data["au"]
        )
        if request.GET.get("format") != "json":
            counts = {
                "marche": len(document["marches"]["marche"]),
                "concession": len(document["marches"].get("contrat-concession", [])),
            }
            return self.render_to_response(
                self.get_context_data(
                    form=form, document=document, counts=counts, skipped=skipped, query=request.GET.urlencode()
                )
            )
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        filename = f"decp-{buyer.siret}-{form.cleaned_data['du']:%Y%m%d}-{form.cleaned_data['au']:%Y%m%d}.json"
        response["Content-Disposition"] = content_disposition(filename)
        return response
