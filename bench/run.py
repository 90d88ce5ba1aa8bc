"""Benchmark of Levier at territory scale, served as in production.

    bench/run [--scale 1] [--server URL] [--seconds 15] [--users 8] [--duration 60] [--keep-data]

1. drops and recreates the database ``levier_perf`` on the embedded PostgreSQL server (config/database.py), or on
   the server of ``--server`` (for example ``postgres://postgres@127.0.0.1:5432``, a superuser), owned by the role
   ``levier`` (created when missing: bench/postgres.py), migrates it and loads ``seed_volume --scale N`` (timed)
   as ``levier``, so that row-level security applies as in production; ``--keep-data`` reuses the database when
   it already holds them;
2. collects the static files into a temporary folder and starts gunicorn as the README's production section
   does (DEBUG off, 3 workers, loopback only, connected as ``levier``);
3. logs in the volume facilitator, buyer user and coordination user by creating their sessions, then has wrk
   (Debian's package, with bench/wrk.lua) request each page of ``demo.volume.sample_pages()``: after a warm-up,
   by one user for ``--seconds`` a page, then by ``--users`` concurrent users for ``--duration`` seconds in all,
   shared between the pages; it records p50, p95 and the failed requests (any status but 200);
4. times with psql, as ``levier``, the SQL the facilitator's home runs (its scope's settings, its figures and
   alerts; the session and user lookups left out) and prints the ratio page p50 ÷ SQL;
5. writes the Markdown table to ``bench/results/scale-N-SERVER.md`` (the latest run per scale and server: git
   keeps the earlier ones) and prints it.
"""

import argparse
import http.client
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.postgres import PSQL, PostgreSQL  # noqa: E402
from config import gunicorn as gunicorn_settings  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE = "levier_perf"
HOST = "127.0.0.1"
WORKERS = gunicorn_settings.workers  # as in production
# (target p95 in ms, the class of page); checked on the one-user p95
TARGETS = {
    "home": (300, "tableau de bord"),
    "buyer_home": (300, "tableau de bord"),
    "reports": (300, "tableau de bord"),
    "market_list": (150, "liste"),
    "market": (150, "détail"),
    "company": (150, "détail"),
    "market_pdf": (1500, "PDF"),
    "coordination_home": (300, "tableau de bord"),
}
RATIO_TARGET = 2
WARM_UP_SECONDS = 3  # per page, at WORKERS users, before measuring
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
RESULTS = ROOT / "bench" / "results"


SERVER: PostgreSQL  # set by main()


def environment(static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": SERVER.app_url(DATABASE),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LEVIER_BENCH_STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(env, scale: float, keep: bool) -> float | None:
    """Recreates, migrates and loads the database; returns the loading time (None when the data was kept)."""
    exists = SERVER.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") == "1"
    volume = "SELECT count(*) FROM markets_market WHERE reference LIKE 'VOL-%%'"  # as the superuser: every row
    if keep and exists and SERVER.psql(volume, DATABASE) != "0":
        manage(env, "migrate", "--noinput", "-v0")
        return None
    SERVER.recreate(DATABASE)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(env, "seed_volume", "--scale", str(scale), "--force")
    seconds = time.monotonic() - started
    # the load's dirty pages written now, not by a checkpoint during the measures (the superuser's right)
    SERVER.psql("CHECKPOINT", DATABASE)
    return seconds


def django_side(env) -> tuple[list, dict[str, str], list[str], dict[str, int]]:
    """In this process: the pages, a session cookie per user, the SQL of the facilitator's home, the volumes."""
    os.environ.update(env)
    import django

    django.setup()
    from territories.scope import ALL, set_process_default

    set_process_default(ALL)  # as manage.py's: this process reads every territory; the requests run in their user's
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from clauses.models import Consideration
    from demo.volume import FACILITATOR, sample_pages
    from followup.models import RealisedAction, RealisedHours
    from markets.models import Lot, Market
    from partners.models import Participant

    pages = sample_pages()
    cookies = {}
    for username in {page[2] for page in pages}:
        user = User.objects.get(username=username)
        session = SessionStore()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        session.create()
        cookies[username] = f"sessionid={session.session_key}"
    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=FACILITATOR))
    home = next(page for page in pages if page[0] == "home")[3]
    client.get(home)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home).status_code == 200
    statements = [
        query["sql"]
        for query in queries.captured_queries
        if not re.search(r'FROM "(django_session|accounts_user)"', query["sql"])
    ]
    volumes = {
        "marchés": Market.objects.count(),
        "lots": Lot.objects.count(),
        "considérations": Consideration.objects.count(),
        "participants": Participant.objects.count(),
        "lignes d'heures": RealisedHours.objects.count(),
        "actions": RealisedAction.objects.count(),
    }
    connections.close_all()
    return pages, cookies, statements, volumes


def time_sql(statements: list[str], runs: int = 5) -> float:
    """Median over runs of the sum of the statements' times as psql reports them (ms, round trips included)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("\\timing on\n" + "".join(f"{statement};\n" for statement in statements))
    totals = []
    for _ in range(runs + 1):  # the first run warms the cache and is not kept
        output = subprocess.run(
            [
                PSQL,
                "-X",
                "-q",
                "-d",
                SERVER.app_url(DATABASE),
                "-o",
                os.devnull,
                "-v",
                "ON_ERROR_STOP=1",
                "-f",
                script.name,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        totals.append(sum(float(ms) for ms in re.findall(r"Time: ([0-9.]+) ms", output)))
    os.unlink(script.name)
    return statistics.median(totals[1:])


class Server:
    def __init__(self, env, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--config",
                "config/gunicorn.py",
                "config.wsgi",
                "--bind",
                f"{HOST}:{port}",
            ],
            cwd=ROOT,
            env=env,
        )
        for _ in range(100):  # at most 30 s
            try:
                http.client.HTTPConnection(HOST, port, timeout=1).request("GET", "/accounts/login/")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn ne répond pas.")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass(frozen=True)
class Load:
    """What wrk measured on one page: requests completed, p50 and p95 latency (ms), failed requests."""

    count: int
    p50: float
    p95: float
    errors: int

    @classmethod
    def parse(cls, output: str) -> "Load":
        """The last line bench/wrk.lua writes: LEVIER requests p50 p95 failed (latencies in microseconds)."""
        line = next(line for line in reversed(output.splitlines()) if line.startswith("LEVIER "))
        count, p50, p95, errors = (int(field) for field in line.split()[1:])
        return cls(count, p50 / 1000, p95 / 1000, errors)


def wrk(port: int, url: str, cookie: str, connections: int, seconds: float) -> Load:
    """Requests the page from ``connections`` concurrent users (wrk connections, each waiting for its response
    before sending the next request) for ``seconds``."""
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            str(min(connections, 2)),
            "--connections",
            str(connections),
            "--duration",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "60s",
            "--script",
            str(WRK_SCRIPT),
            "--header",
            f"Cookie: {cookie}",
            f"http://{HOST}:{port}{url}",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    ).stdout
    return Load.parse(output)


def measure(port, pages, cookies, users: int, seconds: float) -> dict[str, Load]:
    """Each page in turn, by ``users`` concurrent users for ``seconds``."""
    return {key: wrk(port, url, cookies[username], users, seconds) for key, _, username, url in pages}


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) // 1024 // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    version = SERVER.psql("SHOW server_version").split()[0]
    kind = "embarqué (var/postgres)" if SERVER.label == "embedded" else "du système"
    return (
        f"{os.cpu_count()} cœurs ({cpu}), {memory} Go de mémoire, PostgreSQL {version} {kind} (réglages par "
        "défaut), "
        f"Python {platform.python_version()}, gunicorn {WORKERS} workers gthread à 1 fil (config/gunicorn.py)"
    )


def cpu_reference() -> float:
    """The time (ms, best of 5) of a fixed pure-Python loop: how fast the machine runs at the moment. Shared machines
    vary (seen here: the same page and the same loop twice as slow an hour later), so runs compare by it."""

    def loop():
        started, total = time.perf_counter(), 0
        for number in range(2_000_000):
            total += number
        return (time.perf_counter() - started) * 1000

    return min(loop() for _ in range(5))


def ms(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def report(args, pages, single, loaded, sql_ms, volumes, seed_seconds) -> tuple[str, bool]:
    ratio = single["home"].p50 / sql_ms if sql_ms else float("inf")
    total = sum(load.count for load in loaded.values())
    errors = sum(load.errors for load in [*loaded.values(), *single.values()])
    lines = [
        f"# Banc d'essai de Levier à l'échelle {args.scale:g} – {datetime.now():%d/%m/%Y %H:%M}",
        "",
        f"Machine : {machine()}.",
        "",
        "Données : "
        + ", ".join(f"{ms(count)} {name}" for name, count in volumes.items())
        + (f" ; chargées en {seed_seconds:.0f} s." if seed_seconds is not None else " (base réutilisée)."),
        "",
        f"| page | URL | cible p95 | p50 1 util. | p95 1 util. | requêtes à 1 | p50 {args.users} util. "
        f"| p95 {args.users} util. | requêtes à {args.users} | erreurs | cible tenue |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    met = True
    for key, label, _, url in pages:
        target, kind = TARGETS[key]
        one, many = single[key], loaded[key]
        ok = one.p95 <= target and not one.errors and not many.errors
        met &= ok
        lines.append(
            f"| {label} ({kind}) | `{url}` | {ms(target)} ms | {ms(one.p50)} ms | {ms(one.p95)} ms | {one.count} "
            f"| {ms(many.p50)} ms | {ms(many.p95)} ms | {many.count} | {one.errors + many.errors} "
            f"| {'oui' if ok else '**non**'} |"
        )
    met &= ratio <= RATIO_TARGET and errors == 0
    page_seconds = args.duration / len(pages)
    lines += [
        "",
        f"- SQL de l'accueil du facilitateur (indicateurs et alertes, {args.statements} requêtes) avec psql : "
        f"{sql_ms:.0f} ms ; page (p50, 1 utilisateur) ÷ SQL = **{ratio:.2f}** (cible ≤ {RATIO_TARGET}).",
        f"- Mesures par wrk, page après page : 1 utilisateur pendant {args.seconds:g} s par page, puis {args.users} "
        f"utilisateurs simultanés pendant {args.duration:g} s ({page_seconds:.1f} s par page) : {total} requêtes "
        f"({total / args.duration:.1f}/s), **{errors} erreur(s)** (toutes phases, tout statut autre que 200 compris).",
        f"- Avant les mesures, {WARM_UP_SECONDS} s par page à {WORKERS} utilisateurs (chaque worker lit ses gabarits "
        f"et dessine ses graphiques une première fois) ; la cible se lit sur le p95 à 1 utilisateur.",
        f"- Charge moyenne de la machine (1 min) avant les mesures : {args.load_before:.2f}, après : "
        f"{args.load_after:.2f} (le banc y compte pour 1 à 2 ; davantage : d'autres processus partageaient les cœurs).",
        f"- Référence processeur (boucle Python fixe, `cpu_reference`, gunicorn arrêté) : {args.cpu_before:.0f} ms "
        f"avant les mesures, {args.cpu_after:.0f} ms après (plus c'est long, plus la machine était lente à ce moment).",
        f"- Toutes les cibles tenues : **{'oui' if met else 'non'}**.",
    ]
    return "\n".join(lines) + "\n", met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--seconds", type=float, default=15, help="secondes par page à 1 utilisateur")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--server",
        help="URL d'un serveur PostgreSQL sans base (superutilisateur), par exemple "
        "postgres://postgres@127.0.0.1:5432 ; par défaut, le serveur embarqué",
    )
    parser.add_argument(
        "--keep-data", action="store_true", help="réutiliser levier_perf quand elle contient déjà des données de volume"
    )
    args = parser.parse_args()
    global SERVER
    SERVER = PostgreSQL.of(args.server)
    static_root = tempfile.mkdtemp(prefix="levier-bench-static-")
    env = environment(static_root)
    try:
        seed_seconds = prepare_database(env, args.scale, args.keep_data)
        manage(env, "collectstatic", "--noinput", "-v0")
        pages, cookies, statements, volumes = django_side(env)
        args.statements = len(statements)
        sql_ms = time_sql(statements)
        args.cpu_before = cpu_reference()  # before the workers start, and after they stop: the machine alone
        server = Server(env, args.port)
        args.load_before = os.getloadavg()[0]
        try:
            measure(args.port, pages, cookies, WORKERS, WARM_UP_SECONDS)
            single = measure(args.port, pages, cookies, 1, args.seconds)
            loaded = measure(args.port, pages, cookies, args.users, args.duration / len(pages))
            args.load_after = os.getloadavg()[0]
        finally:
            server.stop()
        args.cpu_after = cpu_reference()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    text, met = report(args, pages, single, loaded, sql_ms, volumes, seed_seconds)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"scale-{args.scale:g}-{SERVER.label}.md"
    path.write_text(text)
    print(text)
    print(f"Écrit dans {path.relative_to(ROOT)}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
