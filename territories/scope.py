"""Which territories' rows the database lets a connection read and write.

The tables that hold a territory's data have PostgreSQL row-level security policies (territories.row_security)
keyed on two settings of the connection: ``levier.territories`` (territory ids separated by commas, ``*`` for
every territory, empty for none) and ``levier.organisation`` (a buyer user's organisation, whose contracts it reads
in whatever territory follows them). A connection that sets neither reads no territory row.

A web request runs in its user's scope (accounts.middleware.DatabaseScopeMiddleware); a process outside requests
(``manage.py`` commands, migrations, the test suite) starts its connections with ``set_process_default(ALL)``; the
WSGI server keeps the default, NOTHING, so that only a request's scope opens rows.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections


@dataclass(frozen=True)
class Scope:
    territories: tuple[int, ...] | None  # None: every territory
    organisation: int | None = None

    def settings(self) -> list[str]:
        territories = "*" if self.territories is None else ",".join(str(pk) for pk in sorted(self.territories))
        return [territories, "" if self.organisation is None else str(self.organisation)]


ALL = Scope(None)
NOTHING = Scope(())

_SET = "SELECT set_config('levier.territories', %s, false), set_config('levier.organisation', %s, false)"
_SWAP = (
    "SELECT current_setting('levier.territories', true), current_setting('levier.organisation', true), "
    "set_config('levier.territories', %s, false), set_config('levier.organisation', %s, false)"
)
_process_default = NOTHING


def set_process_default(scope: Scope) -> None:
    """The scope of the connections this process opens from now on (call it before the first query)."""
    global _process_default
    _process_default = scope


def apply_process_default(sender, connection, **kwargs) -> None:
    """connection_created: a new connection starts in the process's default scope."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_SET, _process_default.settings())


@contextmanager
def database_scope(scope: Scope, using: str = "default"):
    """Runs the block in ``scope``, then gives the connection back the scope it had (two queries)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_SWAP, scope.settings())
        previous = [value or "" for value in cursor.fetchone()[:2]]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(_SET, previous)
