"""The ``Content-Disposition`` header of every download whose name is built from data (a contract's reference,
a SIRET…): one helper, so that a quote, a line break or an accent in a name never breaks or injects a header.

It writes an ASCII fallback ``filename="…"`` (accents dropped, anything outside letters, digits, ``.``, ``-``
and ``_`` replaced by ``_``) for old clients, then, when the name is not plain ASCII, the exact name in RFC 6266's
``filename*=UTF-8''…`` (percent-encoded), which browsers prefer. Django's ``content_disposition_header`` writes
only one of the two forms, so a name with an accent would have no fallback. It lives in partners, low in the
layers, because partners (the right of access), clauses and reporting all serve files.
"""

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(filename: str) -> str:
    """``filename`` in safe ASCII: « bilan-M\"1\\r\\n é.pdf » → « bilan-M_1_e.pdf »."""
    decomposed = unicodedata.normalize("NFKD", filename)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("_", plain).strip("._") or "fichier"


def content_disposition(filename: str, *, as_attachment: bool = True) -> str:
    disposition = "attachment" if as_attachment else "inline"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{disposition}; filename="{fallback}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
