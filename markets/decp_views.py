"""The DECP upload page: facilitators import a file; the rejects report is kept for their session only."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views import View
from django.views.generic import FormView

from accounts.permissions import EditorRequiredMixin

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
