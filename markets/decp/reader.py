"""Streaming reader for DECP files (données essentielles de la commande publique).

Pure Python, no database: ``iter_records`` turns a DECP JSON file into a stream of
``(kind, raw_dict)`` pairs, ``kind`` being ``"marche"`` or ``"concession"``. The file is parsed
with ijson event by event, so a multi-gigabyte consolidated file is read in bounded memory: only
the record being built is held at any time. Numbers come out as ``int`` or ``Decimal`` (never
``float``), which the normaliser keeps.

Supported layouts:

* schema 2.0.x (official)::

      {"marches": {"marche": [...], "contrat-concession": [...]}}

  either key may be missing and they may come in any order;
* schema 1.x flat layout::

      {"marches": [{"_type": "Marché", ...}, {"_type": "Contrat de concession", ...}]}

  a record without ``_type`` is a marché.

Errors: a file that is not JSON, is truncated, or has another top level raises ``DecpFileError``
with a French message. As an iterator only discovers a truncation when it reaches it, an import
must either call ``check_readable(path)`` first (one full streamed pass, nothing built) or run the
whole import inside a database transaction; the import command should do both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import ijson
from ijson.common import ObjectBuilder

from .limits import JsonLimitError, check_json_limits

__all__ = ["DecpFileError", "check_readable", "iter_records"]

MARCHE = "marche"
CONCESSION = "concession"

# prefix (ijson dotted path) of the array items -> kind; ``None`` means "decide from ``_type``".
_ITEM_PREFIXES: dict[str, str | None] = {
    "marches.marche.item": MARCHE,
    "marches.contrat-concession.item": CONCESSION,
    "marches.item": None,
}
_CONTAINER_PREFIXES = {"marches.marche", "marches.contrat-concession", "marches"}

_CONCESSION_TYPES = {"contrat de concession", "contrat-concession", "concession"}

_BOM = b"\xef\xbb\xbf"

MSG_NOT_JSON = "Le fichier n'est pas un JSON lisible : {detail}"
MSG_WRONG_TOP = "Le fichier ne contient ni « marches.marche » ni « marches.contrat-concession »."


class DecpFileError(Exception):
    """The DECP file cannot be imported as a whole (not JSON, truncated, wrong top level)."""


class _SkipBom:
    """Binary reader wrapper that drops a leading UTF-8 byte order mark (common in exports)."""

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        head = raw.read(len(_BOM))
        self._pending = b"" if head == _BOM else head

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            if size is None or size < 0:
                data, self._pending = self._pending + self._raw.read(), b""
                return data
            data, self._pending = self._pending[:size], self._pending[size:]
            if len(data) < size:
                data += self._raw.read(size - len(data))
            return data
        return self._raw.read(size)


@contextmanager
def _open(source: str | os.PathLike | IO[bytes]) -> Iterator[_SkipBom]:
    if isinstance(source, str | os.PathLike):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise DecpFileError(f"Le fichier ne peut pas être ouvert : {exc.strerror or exc}") from exc
        try:
            yield _SkipBom(fh)
        finally:
            fh.close()
    else:
        yield _SkipBom(source)


def _kind_from_type(record: Any) -> str:
    if isinstance(record, dict):
        declared = record.get("_type")
        if isinstance(declared, str) and declared.strip().casefold() in _CONCESSION_TYPES:
            return CONCESSION
    return MARCHE


def _scan(stream: _SkipBom, build: bool) -> Iterator[tuple[str, Any]]:
    """Walk the ijson events; yield ``(kind, record)`` (``record`` is None when not ``build``)."""
    found_container = False
    first = True
    target: str | None = None  # prefix of the record being read
    target_kind: str | None = None
    builder: ObjectBuilder | None = None
    try:
        for prefix, event, value in ijson.parse(stream, use_float=False):
            if first:
                first = False
                if event != "start_map":
                    raise DecpFileError(MSG_WRONG_TOP)
                continue
            if target is not None:
                # inside a record: nested maps/arrays always have a longer prefix than the item
                if builder is not None:
                    builder.event(event, value)
                if prefix == target and event in ("end_map", "end_array"):
                    record = builder.value if builder is not None else None
                    kind = target_kind or _kind_from_type(record)
                    target = builder = None
                    yield kind, record
                continue
            if prefix in _CONTAINER_PREFIXES and event == "start_array":
                found_container = True
                continue
            if prefix in _ITEM_PREFIXES:
                kind = _ITEM_PREFIXES[prefix]
                if event in ("start_map", "start_array"):
                    target, target_kind = prefix, kind
                    if build or kind is None:  # schema 1.x: the kind is in the record's _type
                        builder = ObjectBuilder()
                        builder.event(event, value)
                elif event not in ("end_array", "end_map", "map_key"):
                    # a scalar where a record is expected: let the normaliser reject it
                    yield kind or MARCHE, value
    except ijson.JSONError as exc:
        raise DecpFileError(MSG_NOT_JSON.format(detail=_describe(exc))) from exc
    except UnicodeDecodeError as exc:
        raise DecpFileError(MSG_NOT_JSON.format(detail="encodage non UTF-8")) from exc
    if first:
        raise DecpFileError(MSG_NOT_JSON.format(detail="fichier vide"))
    if not found_container:
        raise DecpFileError(MSG_WRONG_TOP)


def _describe(exc: Exception) -> str:
    detail = exc.args[0] if exc.args else ""
    if isinstance(detail, bytes):  # the C parser's messages are bytes
        detail = detail.decode("utf-8", "replace")
    text = " ".join(str(detail).split())
    if "premature EOF" in text or "Incomplete JSON" in text:
        return f"fichier tronqué ou incomplet ({text[:200]})"
    for english, french in _PARSER_ERRORS:
        if english in text:
            return f"{french} (détail de l'analyseur : {text[:160]})"
    return text[:200] or exc.__class__.__name__


# the C parser's messages (yajl), in French before their original
_PARSER_ERRORS = [
    ("invalid bytes in UTF8 string", "encodage non UTF-8"),
    ("invalid char in json text", "caractère inattendu, ce n'est pas du JSON"),
    ("invalid string", "texte mal formé"),
    ("invalid object key", "clé d'objet invalide"),
    ("after key and value, inside map", "virgule ou accolade manquante dans un objet"),
    ("after array element", "virgule ou crochet manquant dans une liste"),
    ("trailing garbage", "texte après la fin du JSON"),
    ("malformed number", "nombre mal écrit"),
]


def iter_records(source: str | os.PathLike | IO[bytes]) -> Iterator[tuple[str, dict]]:
    """Yield ``("marche", raw)`` / ``("concession", raw)`` for every record of a DECP file.

    ``source`` is a path or a file opened in binary mode (the caller then closes it). Records are
    built one at a time (bounded memory). Raises ``DecpFileError`` as soon as the problem is met;
    records yielded before a truncation are valid, which is why callers should run
    ``check_readable`` first or import inside a transaction.

    A non-object item of an array (e.g. a bare string) is yielded as is; ``normalise`` rejects it.
    """
    with _open(source) as stream:
        yield from _scan(stream, build=True)


def check_readable(source: str | os.PathLike | IO[bytes]) -> dict[str, int]:
    """Scan the whole file (streamed, no record kept) and raise ``DecpFileError`` if it is broken.

    The file is first checked for nesting depth, number and string sizes (``limits``), in a pass that builds
    nothing. Returns the number of records per kind, e.g. ``{"marche": 12, "concession": 3}``. Records are
    not built (faster), except in the schema 1.x flat layout where the kind is the record's
    ``_type``.
    """
    counts = {MARCHE: 0, CONCESSION: 0}
    with _open(source) as stream:
        try:
            check_json_limits(stream)  # before any parser builds anything: depth, numbers, strings
        except JsonLimitError as exc:
            raise DecpFileError(str(exc)) from exc
    if not isinstance(source, str | os.PathLike):
        source.seek(0)  # an open file is read again from its start
    with _open(source) as stream:
        for kind, _record in _scan(stream, build=False):
            counts[kind] += 1
    return counts
