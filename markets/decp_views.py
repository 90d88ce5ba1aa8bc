"""The DECP upload page: facilitators import a file; the rejects report is kept for their session only."""

import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views import View
from django.views.generic import FormView

from accounts.permissions import EditorRequiredMixin

from .decp.importer import import_decp
from .decp.reader import DecpFileError
from .forms import DecpUploadForm

REPORT_DIR = Path(tempfile.gettempdir()) / "levier-decp-rapports"
SESSION_KEY = "decp_report"


class DecpImportView(EditorRequiredMixin, FormView):
    form_class = DecpUploadForm
    template_name = "markets/decp/import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("result", None)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        REPORT_DIR.mkdir(exist_ok=True)
        previous = self.request.session.get(SESSION_KEY, "")
        token = uuid.uuid4().hex
        try:
            result = self._import(form.cleaned_data["file"], REPORT_DIR / f"{token}.csv", form.cleaned_data["dry_run"])
        except DecpFileError as exc:
            form.add_error("file", f"Import impossible, rien n'a été enregistré. {exc}")
            return self.form_invalid(form)
        if previous.isalnum():
            (REPORT_DIR / f"{previous}.csv").unlink(missing_ok=True)
        self.request.session[SESSION_KEY] = token
        messages.success(self.request, "Simulation terminée : rien n'a été enregistré." if result.dry_run
                         else "Import terminé.")
        return render(self.request, self.template_name, self.get_context_data(form=DecpUploadForm(), result=result))

    @staticmethod
    def _import(upload, report_path, dry_run):
        """Imports from a private temporary file (Django's own for large uploads), deleted afterwards."""
        if hasattr(upload, "temporary_file_path"):
            return import_decp(upload.temporary_file_path(), report_path=report_path, dry_run=dry_run)
        with tempfile.NamedTemporaryFile(suffix=".json") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
            copy.flush()
            return import_decp(copy.name, report_path=report_path, dry_run=dry_run)


class DecpReportView(EditorRequiredMixin, View):
    """The CSV report of the last import of this session (404 when there is none)."""

    def get(self, request):
        token = request.session.get(SESSION_KEY, "")
        path = REPORT_DIR / f"{token}.csv"
        if not token.isalnum() or not path.is_file():
            raise Http404("Aucun rapport d'import dans cette session.")
        return FileResponse(path.open("rb"), as_attachment=True, filename="rejets-decp.csv",
                            content_type="text/csv; charset=utf-8")
