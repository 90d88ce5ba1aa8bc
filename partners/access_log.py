"""Accountability: the one place that writes the access log (partners.AccessRecord).

The views that show or hand out participants' data call ``record_access``: a participant's page (its record, its
hirings), a list naming participants (a clause's hours), an export, a right-of-access download. Only the
facilitators and admins of a territory reach those data; anyone else (a buyer never sees them) leaves no record.
What is recorded names no one: the participant's id, or how many a list named, and a short description."""

from .enums import AccessKind
from .models import AccessRecord

__all__ = ["AccessKind", "record_access"]


def record_access(request, kind: str, what: str, *, participant=None, count: int | None = None) -> None:
    user = request.user
    territory_id = participant.territory_id if participant is not None else getattr(user, "territory_id", None)
    if not getattr(user, "can_edit", False) or territory_id is None:
        return
    AccessRecord.objects.create(
        territory_id=territory_id,
        user=user,
        participant=participant,
        count=1 if participant is not None else (count or 0),
        kind=kind,
        what=what[:200],
        path=request.get_full_path()[:500],
    )
