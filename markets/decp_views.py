"""The DECP upload page: facilitators import a file; the rejects report is kept for their session only. The
contracts typed in Levier that the DECP would change are arbitrated on the differences page."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.permissions import EditorRequiredMixin

from .decp.conflicts import KEEP, TAKE, pending, resolve
from .decp.reader import DecpFileError
from .decp.uploads import import_upload, report_path
from .forms import DecpUploadForm

SESSION_KEY = "decp_report"


class DecpImportView(EditorRequiredMixin, FormView):
    form_class = DecpUploadForm
    template_name = "markets/decp/import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("result", None)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            result, token = import_upload(
                form.cleaned_data["file"],
                territory=self.request.user.territory,
                dry_run=form.cleaned_data["dry_run"],
                replaces=self.request.session.get(SESSION_KEY, ""),
                user=self.request.user,
            )
        except DecpFileError as exc:
            form.add_error("file", f"Import impossible, rien n'a été enregistré. {exc}")
            return self.form_invalid(form)
        self.request.session[SESSION_KEY] = token
        messages.success(
            self.request, "Simulation terminée : rien n'a été enregistré." if result.dry_run else "Import terminé."
        )
        return render(self.request, self.template_name, self.get_context_data(form=DecpUploadForm(), result=result))


class DecpReportView(EditorRequiredMixin, View):
    """The CSV report of the last import of this session (404 when there is none)."""

    def get(self, request):
        path = report_path(request.session.get(SESSION_KEY, ""))
        if path is None:
            raise Http404("Aucun rapport d'import dans cette session.")
        return FileResponse(
            path.open("rb"), as_attachment=True, filename="rejets-decp.csv", content_type="text/csv; charset=utf-8"
        )


class DecpConflictsView(EditorRequiredMixin, TemplateView):
    """The contracts typed in Levier that an import would change: their differences, field by field; per contract
    the facilitator keeps their values or takes the DECP's (one transaction, a history version each)."""

    template_name = "markets/decp/conflicts.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(conflicts=pending(self.request.user), take=TAKE, keep=KEEP, **kwargs)

    def post(self, request):
        choices = {}
        for name, value in request.POST.items():
            prefix, _, pk = name.partition("-")
            if prefix == "choix" and pk.isdigit() and value in (TAKE, KEEP):
                choices[int(pk)] = value
        if not choices:
            messages.warning(request, "Aucun choix : rien n'a été modifié.")
            return redirect("markets:decp_conflicts")
        taken, kept = resolve(choices, request.user)
        messages.success(
            request, f"{taken} marché(s) mis à jour avec les DECP, {kept} marché(s) gardé(s) tels que saisis."
        )
        return redirect("markets:decp_conflicts")
