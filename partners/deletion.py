"""Deleting an object from the app's pages: a GET page says what goes with it, the POST deletes, or refuses.

What goes with it is Django's own Collector (the cascades of the models), counted by model; what forbids it is
the follow-up data the object carries (hours lines, actions, hirings, penalties: `ConfirmDeleteView.blockers`)
and what the database protects (`on_delete=PROTECT`: ProtectedError, RestrictedError). A reference the user's
scope cannot see (another territory's row, under row-level security) still fails the database's foreign key:
the refusal says so. Derived rows (the follow-up summaries, kept by triggers) are not listed: they follow.

The history rows (« - ») are written by django-simple-history with the author that HistoryRequestMiddleware
takes from the request.
"""

from collections import Counter

from django.contrib import messages
from django.db import IntegrityError, connection, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.views.generic import DeleteView

from accounts.permissions import EditorRequiredMixin


def plural_name(model) -> str:
    """The name of a model's rows in a list: its ``followup_data`` label for follow-up data, else its plural."""
    return str(getattr(model, "followup_data", "") or model._meta.verbose_name_plural)


def count_by_model(objects) -> dict[str, int]:
    counts = Counter(plural_name(type(obj)) for obj in objects)
    return dict(sorted(counts.items()))


def _size(objects) -> int:
    return objects.count() if hasattr(objects, "count") and not isinstance(objects, list | set) else len(objects)


def _named_model(model, deleted_models):
    """A many-to-many table's rows count as the follow-up rows they link (the actions of a participant…), unless
    those are deleted too (they are counted then); other links are not listed."""
    if model._meta.auto_created:
        linked = [field.related_model for field in model._meta.fields if field.related_model is not None]
        flagged = [related for related in linked if getattr(related, "followup_data", "")]
        return flagged[0] if flagged and flagged[0] not in deleted_models else None
    return model


def cascaded(obj) -> tuple[dict[str, int], dict[str, int]]:
    """(what the deletion of ``obj`` deletes with it, what forbids it), each as {name: count}.

    Forbid it: the rows the database protects (PROTECT, RESTRICT), and the follow-up data (a model with a
    ``followup_data`` label: hours lines, actions, hirings, penalty procedures) that the deletion would delete,
    unlink (SET_NULL) or detach (a many-to-many link), the object itself apart. Derived rows (a model with
    ``derived = True``: the follow-up summaries, kept by triggers) are in neither."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    try:
        collector.collect([obj])
    except ProtectedError as error:
        return {}, count_by_model(error.protected_objects)
    except RestrictedError as error:
        return {}, count_by_model(error.restricted_objects)
    deleted, lost = Counter(), Counter()
    groups = [(model, len(instances)) for model, instances in collector.data.items()]
    groups += [(queryset.model, queryset.count()) for queryset in collector.fast_deletes]
    for model, count in groups:
        named = _named_model(model, collector.data)
        if named is None or getattr(named, "derived", False):
            continue
        if named is type(obj):
            count -= 1
        target = lost if getattr(named, "followup_data", "") else deleted
        target[plural_name(named)] += count
    for (field, _value), batches in collector.field_updates.items():
        if getattr(field.model, "followup_data", ""):
            lost[plural_name(field.model)] += sum(_size(batch) for batch in batches)
    return _positive(deleted), _positive(lost)


def _positive(counts: Counter) -> dict[str, int]:
    return {name: count for name, count in sorted(counts.items()) if count > 0}


def describe(counts: dict[str, int]) -> str:
    """« 3 lignes d'heures, 1 action réalisée » (the names are the models' plural names)."""
    return ", ".join(f"{count} {name}" for name, count in counts.items())


class ConfirmDeleteView(EditorRequiredMixin, DeleteView):
    """GET: the confirmation page, with what would be deleted with the object or why it cannot be. POST: the
    deletion in one transaction, refused with a French message naming what depends on the object.

    Subclasses give `get_queryset` (scoped with ``visible_to``: another territory's object answers 404) and
    `get_success_url`; `cascaded` finds the follow-up data the deletion would lose, `blockers` adds the rest."""

    template_name = "includes/confirm_delete.html"
    context_object_name = "object"

    def blockers(self) -> dict[str, int]:
        """{what else depends on the object: count} that forbids the deletion, beside `cascaded`'s."""
        return {}

    def erase_url(self) -> str:
        return ""

    def examine(self) -> tuple[dict[str, int], dict[str, int]]:
        """(what is deleted with the object, what forbids its deletion)."""
        deleted_with, lost = cascaded(self.object)
        return deleted_with, {name: count for name, count in self.blockers().items() if count} | lost

    def refused_message(self, refusals: dict[str, int]) -> str:
        return f"Suppression refusée : {describe(refusals)} dépendent de « {self.object} »."

    def get_context_data(self, **kwargs):
        deleted_with, refusals = self.examine()
        return super().get_context_data(
            refusals=refusals,
            refused_message=self.refused_message(refusals) if refusals else "",
            deleted_with=deleted_with,
            cancel_url=self.get_success_url(),
            erase_url=self.erase_url(),
            **kwargs,
        )

    def form_valid(self, form):
        success_url = self.get_success_url()
        _, refusals = self.examine()
        if refusals:
            messages.error(self.request, self.refused_message(refusals))
            return redirect(success_url)
        name = str(self.object)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a hidden reference fails here, not at the commit
                self.object.delete()
        except (ProtectedError, RestrictedError, IntegrityError):
            # a reference that the user's scope does not see (another territory's contract…)
            messages.error(self.request, f"Suppression refusée : d'autres données dépendent de « {name} ».")
            return redirect(success_url)
        messages.success(self.request, f"Suppression enregistrée : « {name} ».")
        return redirect(success_url)
