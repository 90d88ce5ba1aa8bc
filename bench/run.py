"""Benchmark of Levier at territory scale, served as in production.

    bench/run [--scale 1] [--users 8] [--duration 60] [--requests 30] [--keep-data]

1. drops and recreates the PostgreSQL database ``levier_perf`` (127.0.0.1:5432, user postgres), migrates it
   and loads ``seed_volume --scale N`` (timed); ``--keep-data`` reuses the database when it already holds them;
2. collects the static files into a temporary folder and starts gunicorn as the README's production section
   does (DEBUG off, 3 workers, loopback only);
3. logs in the volume facilitator and buyer user by creating their sessions, then requests each page of
   ``demo.volume.sample_pages()`` by one user (``--requests`` times after a warm-up, at most 60 s a page),
   then all pages by ``--users`` concurrent users for ``--duration`` seconds, and records p50 and p95;
4. times with psql the SQL the facilitator's home runs (its figures and alerts, the session and user lookups
   left out) and prints the ratio page p50 ÷ SQL;
5. writes the Markdown table to ``bench/results/scale-N-DATE.md`` and prints it.
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
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DATABASE = "levier_perf"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
HOST = "127.0.0.1"
WORKERS = 3  # as in the README's production section
# (target p95 in ms, the class of page); checked on the one-user p95
TARGETS = {"home": (300, "tableau de bord"), "buyer_home": (300, "tableau de bord"),
           "reports": (300, "tableau de bord"), "market_list": (150, "liste"), "market": (150, "détail"),
           "company": (150, "détail"), "market_pdf": (1500, "PDF")}
RATIO_TARGET = 2
PAGE_TIME_LIMIT = 60  # seconds of one-user requests per page at most
RESULTS = ROOT / "bench" / "results"


def environment(static_root: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": DATABASE_URL, "DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50,
            "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "CONN_MAX_AGE": "60",
            "DJANGO_SETTINGS_MODULE": "bench.settings", "LEVIER_BENCH_STATIC_ROOT": static_root,
            "LOG_LEVEL": "WARNING",
            # [check] the production storage (whitenoise's CompressedManifestStaticFilesStorage) fails on the
            # source map that vendor/bootstrap/bootstrap.bundle.min.js names and the repository lacks; the
            # benchmark requests pages, not static files, so it compresses them without the manifest.
            "STATICFILES_BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", "-X", "-q", "-At", "-h", HOST, "-U", "postgres", "-d", database, "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def manage(env, *args) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(env, scale: float, keep: bool) -> float | None:
    """Recreates, migrates and loads the database; returns the loading time (None when the data was kept)."""
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") == "1"
    if keep and exists and psql("SELECT count(*) FROM markets_market WHERE reference LIKE 'VOL-%%'", DATABASE) != "0":
        manage(env, "migrate", "--noinput", "-v0")
        return None
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(env, "seed_volume", "--scale", str(scale), "--force")
    return time.monotonic() - started


def django_side(env) -> tuple[list, dict[str, str], list[str], dict[str, int]]:
    """In this process: the pages, a session cookie per user, the SQL of the facilitator's home, the volumes."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from clauses.models import Consideration, RealisedAction, RealisedHours
    from demo.volume import FACILITATOR, sample_pages
    from markets.models import Lot, Market
    from partners.models import Participant

    pages = sample_pages()
    cookies = {}
    for username in {page[2] for page in pages}:
        user = User.objects.get(username=username)
        session = SessionStore()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash()})
        session.create()
        cookies[username] = f"sessionid={session.session_key}"
    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=FACILITATOR))
    home = next(page for page in pages if page[0] == "home")[3]
    client.get(home)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries
                  if not re.search(r'FROM "(django_session|accounts_user)"', query["sql"])]
    volumes = {"marchés": Market.objects.count(), "lots": Lot.objects.count(),
               "considérations": Consideration.objects.count(), "participants": Participant.objects.count(),
               "lignes d'heures": RealisedHours.objects.count(), "actions": RealisedAction.objects.count()}
    connections.close_all()
    return pages, cookies, statements, volumes


def time_sql(statements: list[str], runs: int = 5) -> float:
    """Median over runs of the sum of the statements' times as psql reports them (ms, round trips included)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("\\timing on\n" + "".join(f"{statement};\n" for statement in statements))
    totals = []
    for _ in range(runs + 1):  # the first run warms the cache and is not kept
        output = subprocess.run(["psql", "-X", "-q", "-h", HOST, "-U", "postgres", "-d", DATABASE, "-o", os.devnull,
                                 "-v", "ON_ERROR_STOP=1", "-f", script.name],
                                check=True, capture_output=True, text=True).stdout
        totals.append(sum(float(ms) for ms in re.findall(r"Time: ([0-9.]+) ms", output)))
    os.unlink(script.name)
    return statistics.median(totals[1:])


class Server:
    def __init__(self, env, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", str(WORKERS),
             "--bind", f"{HOST}:{port}", "--timeout", "120"], cwd=ROOT, env=env)
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


def fetch(connection: http.client.HTTPConnection, url: str, cookie: str) -> tuple[float, bool]:
    """(milliseconds, ok): the whole response read; ok is a 200."""
    started = time.perf_counter()
    try:
        connection.request("GET", url, headers={"Cookie": cookie, "Host": HOST})
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
    except (OSError, http.client.HTTPException):
        connection.close()
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def one_user(port, pages, cookies, requests: int) -> dict[str, dict]:
    results = {}
    for key, _, username, url in pages:
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        count = max(3, requests // 3) if key == "market_pdf" else requests
        for _ in range(2):
            fetch(connection, url, cookies[username])
        times, errors, deadline = [], 0, time.monotonic() + PAGE_TIME_LIMIT
        for _ in range(count):
            elapsed, ok = fetch(connection, url, cookies[username])
            times.append(elapsed)
            errors += not ok
            if time.monotonic() > deadline:
                break
        connection.close()
        results[key] = {"times": times, "errors": errors}
    return results


def concurrent_users(port, pages, cookies, users: int, duration: float) -> dict[str, dict]:
    """Each user requests the pages in turn (starting from a different one) until the time is up."""
    results = {key: {"times": [], "errors": 0} for key, *_ in pages}
    lock, stop_at = threading.Lock(), time.monotonic() + duration

    def user(offset: int):
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        for turn in range(offset, offset + 1_000_000):  # bounded; the clock stops it first
            if time.monotonic() >= stop_at:
                break
            key, _, username, url = pages[turn % len(pages)]
            elapsed, ok = fetch(connection, url, cookies[username])
            with lock:
                results[key]["times"].append(elapsed)
                results[key]["errors"] += not ok
        connection.close()

    threads = [threading.Thread(target=user, args=(offset,)) for offset in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 150)
    return results


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    version = psql("SHOW server_version").split()[0]
    return (f"{os.cpu_count()} cœurs ({cpu}), {memory} Go de mémoire, PostgreSQL {version} (réglages par défaut), "
            f"Python {platform.python_version()}, gunicorn {WORKERS} workers synchrones")


def ms(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def report(args, pages, single, loaded, sql_ms, volumes, seed_seconds) -> tuple[str, bool]:
    home_p50 = statistics.median(single["home"]["times"])
    ratio = home_p50 / sql_ms if sql_ms else float("inf")
    total = sum(len(row["times"]) for row in loaded.values())
    errors = sum(row["errors"] for row in loaded.values()) + sum(row["errors"] for row in single.values())
    lines = [
        f"# Banc d'essai de Levier à l'échelle {args.scale:g} – {datetime.now():%d/%m/%Y %H:%M}", "",
        f"Machine : {machine()}.", "",
        "Données : " + ", ".join(f"{ms(count)} {name}" for name, count in volumes.items())
        + (f" ; chargées en {seed_seconds:.0f} s." if seed_seconds is not None else " (base réutilisée)."), "",
        f"| page | URL | cible p95 | p50 1 util. | p95 1 util. | p50 {args.users} util. | p95 {args.users} util. "
        f"| requêtes à {args.users} | erreurs | cible tenue |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    met = True
    for key, label, _, url in pages:
        target, kind = TARGETS[key]
        one, many = single[key], loaded[key]
        p95 = percentile(one["times"], 0.95)
        ok = p95 <= target and not one["errors"] and not many["errors"]
        met &= ok
        lines.append(
            f"| {label} ({kind}) | `{url}` | {ms(target)} ms | {ms(statistics.median(one['times']))} ms "
            f"| {ms(p95)} ms | {ms(statistics.median(many['times'])) if many['times'] else '–'} ms "
            f"| {ms(percentile(many['times'], 0.95)) if many['times'] else '–'} ms | {len(many['times'])} "
            f"| {one['errors'] + many['errors']} | {'oui' if ok else '**non**'} |")
    met &= ratio <= RATIO_TARGET and errors == 0
    lines += [
        "",
        f"- SQL de l'accueil du facilitateur (indicateurs et alertes, {args.statements} requêtes) avec psql : "
        f"{sql_ms:.0f} ms ; page (p50, 1 utilisateur) ÷ SQL = **{ratio:.2f}** (cible ≤ {RATIO_TARGET}).",
        f"- {args.users} utilisateurs pendant {args.duration:g} s : {total} requêtes ({total / args.duration:.1f}/s), "
        f"**{errors} erreur(s)** (toutes phases).",
        f"- 1 utilisateur : {args.requests} requêtes par page après 2 de mise en route ({max(3, args.requests // 3)} "
        f"pour le PDF), au plus {PAGE_TIME_LIMIT} s par page ; la cible se lit sur le p95 à 1 utilisateur.",
        f"- Charge moyenne de la machine (1 min) avant les mesures : {args.load_before:.2f}, après : "
        f"{args.load_after:.2f} (le banc y compte pour 1 à 2 ; davantage : d'autres processus partageaient les cœurs).",
        f"- Toutes les cibles tenues : **{'oui' if met else 'non'}**.",
    ]
    return "\n".join(lines) + "\n", met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep-data", action="store_true",
                        help="réutiliser levier_perf quand elle contient déjà des données de volume")
    args = parser.parse_args()
    static_root = tempfile.mkdtemp(prefix="levier-bench-static-")
    env = environment(static_root)
    try:
        seed_seconds = prepare_database(env, args.scale, args.keep_data)
        manage(env, "collectstatic", "--noinput", "-v0")
        pages, cookies, statements, volumes = django_side(env)
        args.statements = len(statements)
        sql_ms = time_sql(statements)
        server = Server(env, args.port)
        args.load_before = os.getloadavg()[0]
        try:
            single = one_user(args.port, pages, cookies, args.requests)
            loaded = concurrent_users(args.port, pages, cookies, args.users, args.duration)
            args.load_after = os.getloadavg()[0]
        finally:
            server.stop()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    text, met = report(args, pages, single, loaded, sql_ms, volumes, seed_seconds)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"scale-{args.scale:g}-{datetime.now():%Y%m%d-%H%M}.md"
    path.write_text(text)
    print(text)
    print(f"Écrit dans {path.relative_to(ROOT)}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
