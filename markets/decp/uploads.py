"""A DECP file uploaded in the browser: imported from a private temporary file (Django's own for large uploads,
deleted afterwards), its rejects report kept on the server under a random token, for the uploader's session."""

import tempfile
import uuid
from pathlib import Path

from .importer import PAGE_REASON, ImportResult, import_decp

REPORT_DIR = Path(tempfile.gettempdir()) / "levier-decp-rapports"


def report_path(token: str) -> Path | None:
    """The rejects report of that token, if it exists (None for a token that is not one of ours)."""
    path = REPORT_DIR / f"{token}.csv"
    return path if token.isalnum() and path.is_file() else None


def import_upload(upload, *, territory, dry_run: bool, replaces: str = "", user=None) -> tuple[ImportResult, str]:
    """Imports the uploaded file into ``territory``'s contracts; returns the result and the token of its rejects
    report. The report of the token it ``replaces`` (the session's previous import) is deleted once this one
    succeeded. Raises DecpFileError."""
    REPORT_DIR.mkdir(exist_ok=True)
    token = uuid.uuid4().hex
    result = _import(upload, REPORT_DIR / f"{token}.csv", territory, dry_run, user)
    if previous := report_path(replaces):
        previous.unlink(missing_ok=True)
    return result, token


def _import(upload, report: Path, territory, dry_run: bool, user) -> ImportResult:
    options = {"territory": territory, "report_path": report, "dry_run": dry_run, "user": user}
    if hasattr(upload, "temporary_file_path"):
        return import_decp(upload.temporary_file_path(), change_reason=PAGE_REASON, **options)
    with tempfile.NamedTemporaryFile(suffix=".json") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        return import_decp(copy.name, change_reason=PAGE_REASON, **options)
