"""A cheap streamed pre-check of a JSON file, before any JSON parser builds anything.

``check_json_limits(source)`` reads the file in chunks of ``CHUNK`` bytes and tokenises only what matters, with
regular expressions (C speed): strings are skipped, brackets counted, numbers measured. It refuses, with a French
message naming the line and byte:

* nesting deeper than ``MAX_DEPTH`` levels (a DECP record is about 6 deep; a record nested 100,000 levels deep
  made the parser's memory grow with the square of the depth);
* a number written with more than ``MAX_NUMBER_LENGTH`` characters, or whose exponent exceeds ``MAX_EXPONENT``
  (``1e1000000`` costs seconds of CPU once turned into an integer; a 10,000-digit integer crashes ijson's C
  backend, which refuses integers above Python's 4,300-digit limit);
* a string longer than ``MAX_STRING_LENGTH`` bytes.

Memory is bounded by one chunk plus the carried-over end of a number; time is linear in the file's size. The
check does not validate the JSON grammar: the parser that runs next does.
"""

from __future__ import annotations

import re
from typing import IO

MAX_DEPTH = 64
MAX_NUMBER_LENGTH = 40
MAX_EXPONENT = 30
MAX_STRING_LENGTH = 1024 * 1024
CHUNK = 64 * 1024

# a whole string, or the opening quote of one that goes on in the next chunk, a bracket, or a number
_OUTSIDE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|"|[\[{]|[\]}]|-?[0-9][0-9.eE+\-]*')
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*')  # a string's content up to its closing quote
_EXPONENT = re.compile(rb"[eE]([+\-]?)([0-9]+)$")


class JsonLimitError(ValueError):
    """The file goes beyond a limit; the message is French and names where."""


def _where(line: int, offset: int) -> str:
    return f"ligne {line}, octet {offset + 1}"


def _number_problem(token: bytes) -> str | None:
    if len(token) > MAX_NUMBER_LENGTH:
        return f"Nombre de plus de {MAX_NUMBER_LENGTH} caractères ({{where}}) : fichier refusé."
    exponent = _EXPONENT.search(token)
    if exponent and int(exponent.group(2)) > MAX_EXPONENT:
        return f"Nombre hors limites « {token.decode('ascii', 'replace')} » ({{where}}) : fichier refusé."
    return None


def check_json_limits(source: IO[bytes]) -> None:
    """Read ``source`` (binary, from where it stands) to its end; raise ``JsonLimitError`` at the first excess."""
    depth = 0
    in_string = False
    string_length = 0
    carry = b""
    consumed = 0  # bytes of the file before ``buffer``
    line = 1  # line number at the start of ``buffer``
    head = source.read(CHUNK)
    significant = head.lstrip(b" \t\r\n")
    if significant and not significant.startswith((b"{", b"[")):
        return  # not JSON at all: the parser that runs next says so at once, no need to read the whole file
    pending = head
    while True:
        chunk, pending = (pending, b"") if pending else (source.read(CHUNK), b"")
        final = not chunk
        buffer = carry + chunk
        start = consumed - len(carry)
        carry = b""
        pos = 0
        while pos < len(buffer):
            if in_string:
                end = _STRING_REST.match(buffer, pos).end()
                string_length += end - pos
                if string_length > MAX_STRING_LENGTH:
                    line_here = line + buffer.count(b"\n", 0, end)
                    raise JsonLimitError(
                        f"Texte de plus de {MAX_STRING_LENGTH // 1024} Kio ({_where(line_here, start + end)}) : "
                        "fichier refusé."
                    )
                if end < len(buffer) and buffer[end : end + 1] == b'"':
                    in_string, pos = False, end + 1
                    continue
                carry = buffer[end:]  # nothing, or a backslash whose escaped character is in the next chunk
                break
            match = _OUTSIDE.search(buffer, pos)
            if match is None:
                break
            token = match.group()
            if token[0] == 0x22 and len(token) > 1:  # a whole string
                if len(token) > MAX_STRING_LENGTH:
                    line_here = line + buffer.count(b"\n", 0, match.start())
                    raise JsonLimitError(
                        f"Texte de plus de {MAX_STRING_LENGTH // 1024} Kio ({_where(line_here, start + match.start())})"
                        " : fichier refusé."
                    )
            elif token == b'"':
                in_string, string_length = True, 0
            elif token in (b"[", b"{"):
                depth += 1
                if depth > MAX_DEPTH:
                    line_here = line + buffer.count(b"\n", 0, match.start())
                    raise JsonLimitError(
                        f"Plus de {MAX_DEPTH} niveaux d'imbrication ({_where(line_here, start + match.start())}) : "
                        "fichier refusé."
                    )
            elif token in (b"]", b"}"):
                depth -= 1
            elif match.end() == len(buffer) and not final and len(token) <= MAX_NUMBER_LENGTH:
                carry = token  # the number may go on in the next chunk
                buffer = buffer[: match.start()]
                break
            elif problem := _number_problem(token):  # the line is counted only then: counting costs
                line_here = line + buffer.count(b"\n", 0, match.start())
                raise JsonLimitError(problem.format(where=_where(line_here, start + match.start())))
            pos = match.end()
        line += buffer.count(b"\n")
        if final:
            return
        consumed += len(chunk)
