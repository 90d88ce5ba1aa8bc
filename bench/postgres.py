"""The PostgreSQL server a benchmark runs on, and the role Levier connects as there.

A superuser escapes the territories' row-level security (territories.row_security): measured as one, the pages
would skip the policies they pay for in production. So the benchmarks create, as the superuser, the role ``levier``
(LOGIN NOSUPERUSER CREATEDB, when missing) and their database owned by it, then run the application, its commands
and the SQL they time as ``levier``; only what needs the superuser (CHECKPOINT, the server's version) runs as it.
"""

import subprocess
from dataclasses import dataclass

from config import database

ROLE = database.EMBEDDED_USER  # the same role as the embedded server's, which config/database.py creates
PSQL = database.client_program("psql")  # shipped with the embedded server; any server version 15-18


@dataclass(frozen=True)
class PostgreSQL:
    """The server's URLs without a database: as its superuser (``admin``) and as Levier's role (``app``)."""

    admin: str
    app: str
    label: str

    @classmethod
    def of(cls, url: str | None) -> "PostgreSQL":
        """``url``: a superuser's URL without a database (``postgres://postgres@127.0.0.1:5432``); None: the
        embedded server. On another server, ``levier`` logs in as the URL's host allows (trust, ~/.pgpass)."""
        if not url:
            admin, app = (database.embedded_url("", superuser=superuser).rstrip("/") for superuser in (True, False))
            return cls(admin, app, "embedded")
        admin = url.rstrip("/")
        scheme, rest = admin.split("://", 1)
        return cls(admin, f"{scheme}://{ROLE}@{rest.rsplit('@', 1)[-1]}", "system")

    def admin_url(self, name: str = "postgres") -> str:
        return f"{self.admin}/{name}"

    def app_url(self, name: str) -> str:
        return f"{self.app}/{name}"

    def psql(self, sql: str, name: str = "postgres") -> str:
        """Runs ``sql`` as the superuser; returns what it prints, unaligned."""
        return subprocess.run(
            [PSQL, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.admin_url(name), "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def recreate(self, name: str) -> None:
        """Drops the database ``name`` and creates it again, owned by Levier's role (created when missing, and
        refused when it would escape row-level security)."""
        self.psql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN "
            f"CREATE ROLE {ROLE} LOGIN NOSUPERUSER CREATEDB; END IF; END $$"
        )
        if self.psql(f"SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = '{ROLE}'") != "f":
            raise SystemExit(
                f"Le rôle PostgreSQL « {ROLE} » est superutilisateur ou BYPASSRLS sur ce serveur : la sécurité par "
                "ligne ne s'appliquerait pas aux mesures."
            )
        self.psql(f"DROP DATABASE IF EXISTS {name}")
        self.psql(f"CREATE DATABASE {name} OWNER {ROLE}")
