"""RGPD: what an anonymisation or an erasure cleans beyond the participant's record and its history.

The name may have been copied elsewhere as text: Django's admin log (``object_repr``, ``change_message``), a
realised action's description, a rejection's reason, a change reason in the history of the participant's hirings
or hours lines. ``scrub_name(participant, first_name, last_name)`` replaces the first and last names, as whole
words and whatever their case, by ``ERASED`` in

- every text column of the rows pointing to the participant (its hours lines, hirings, actions, summaries: the
  reverse relations, so that partners imports nothing above it) and of their history rows;
- the admin log entries about the participant or one of those rows (their ``object_repr`` becomes the anonymous
  record's for the participant's own);
- every other admin log entry that holds the full name (« Prénom Nom » or « Nom Prénom »): a first name alone
  elsewhere is most often someone else's.

One UPDATE per table, done by PostgreSQL (``regexp_replace``): the names never leave the database again.
"""

from __future__ import annotations

import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Func, Q, Value

ERASED = "[nom effacé]"
# a name is a whole word: neither a letter nor a digit around it (lookarounds, whatever the database's locale)
_WORD = "(?<![[:alnum:]_]){}(?![[:alnum:]_])"


def _pattern(names: list[str]) -> str:
    escaped = [re.sub(r"([^\w\s])", r"\\\1", name) for name in names]
    return _WORD.format("(?:" + "|".join(escaped) + ")")


class RegexpReplace(Func):
    function = "regexp_replace"
    output_field = models.TextField()

    def __init__(self, expression, pattern: str, replacement: str = ERASED):
        super().__init__(expression, Value(pattern), Value(replacement), Value("gi"))


def _text_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def _scrub(queryset, pattern: str) -> None:
    fields = _text_fields(queryset.model)
    if not fields:
        return
    holding = Q()
    for name in fields:
        holding |= Q(**{f"{name}__iregex": pattern})
    queryset.filter(holding).update(**{name: RegexpReplace(models.F(name), pattern) for name in fields})


def _history_model(model):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def scrub_name(participant, first_name: str, last_name: str) -> None:
    names = sorted({name.strip() for name in (first_name, last_name) if name and name.strip()}, key=len, reverse=True)
    if not names:
        return
    pattern = _pattern(names)
    logged = Q(content_type=ContentType.objects.get_for_model(type(participant)), object_id=str(participant.pk))
    history = _history_model(type(participant))
    if history is not None:
        _scrub(history.objects.filter(id=participant.pk), pattern)
    for relation in participant._meta.related_objects:  # hours lines, hirings, actions (many-to-many), summaries
        if not relation.field.concrete:
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: participant})
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            continue
        _scrub(model._default_manager.filter(pk__in=ids), pattern)
        history = _history_model(model)
        if history is not None:
            _scrub(history.objects.filter(**{f"{model._meta.pk.attname}__in": ids}), pattern)
        logged |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids])
    about = LogEntry.objects.filter(logged)
    about.filter(content_type=ContentType.objects.get_for_model(type(participant))).update(
        object_repr=str(participant)[:200]
    )
    _scrub(about, pattern)
    if first_name.strip() and last_name.strip():
        full = [f"{first_name.strip()} {last_name.strip()}", f"{last_name.strip()} {first_name.strip()}"]
        _scrub(LogEntry.objects.exclude(logged), _pattern(full))
