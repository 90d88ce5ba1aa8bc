"""Benchmark of ``import_decp`` on PostgreSQL: time and peak memory for N generated contracts.

    bench/decp_import [--records 100000] [--database postgres://postgres@127.0.0.1:5432/levier_bench]

(by default the database levier_bench of the embedded PostgreSQL server; a superuser's URL; /usr/bin/time is
Debian's `time`)

1. generates a DECP 2.0 file of N marchés (2,000 buyers, 20,000 contractors, one record in ten with
   modifications, one in twenty with a quirk that gets it rejected) in a temporary folder;
2. drops and recreates the database ``levier_bench``, owned by the role ``levier`` (bench/postgres.py), migrates
   it as ``levier`` (row-level security applies, as in production) and creates the territory the contracts go to;
3. runs ``manage.py import_decp FILE --territory NAME --json`` twice under ``/usr/bin/time -v`` (first import,
   then the idempotent re-import) and prints elapsed time and peak RSS. Target: < 60 s, < 500 MB.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.postgres import PostgreSQL  # noqa: E402
from partners.siret import make_siret  # noqa: E402

CPVS = ["45210000-2", "45310000-3", "77310000-6", "90910000-9", "30192000-1", "15000000-8", "71000000-8"]
PROCEDURES = ["Procédure adaptée", "Appel d'offres ouvert", "Procédure avec négociation"]
CONSIDERATIONS = [
    ["Clause sociale"],
    ["Critère social"],
    ["Pas de considération sociale"],
    ["Clause sociale", "Critère social"],
    ["Marché réservé"],
]
TERRITORY = "Banc d'essai de l'import DECP"
CREATE_TERRITORY = (
    "from territories.models import Territory; "
    f"Territory.objects.get_or_create(name={TERRITORY!r}, defaults={{'carrier': 'Structure de test'}})"
)


def record(n: int, rng: random.Random) -> dict:
    buyer = make_siret(21_000_000 + rng.randrange(2000))
    titulaires = [
        {"titulaire": {"typeIdentifiant": "SIRET", "id": make_siret(50_000_000 + rng.randrange(20000))}}
        for _ in range(rng.choice([1, 1, 1, 2, 3]))
    ]
    item = {
        "id": f"B{n:09d}",
        "acheteur": {"id": buyer},
        "nature": "Marché",
        "objet": f"Marché de test n°{n}",
        "codeCPV": rng.choice(CPVS),
        "techniques": {"technique": ["Sans objet"]},
        "modalitesExecution": {"modaliteExecution": ["Sans objet"]},
        "marcheInnovant": False,
        "ccag": "Travaux",
        "offresRecues": 3,
        "attributionAvance": False,
        "typeGroupementOperateurs": "Pas de groupement",
        "procedure": rng.choice(PROCEDURES),
        "lieuExecution": {"code": f"{rng.randrange(1000, 95999):05d}", "typeCode": "Code postal"},
        "dureeMois": rng.randrange(1, 60),
        "dateNotification": f"2024-{rng.randrange(1, 13):02d}-15",
        "datePublicationDonnees": "2024-12-20",
        "montant": rng.randrange(40_000, 5_000_000),
        "typesPrix": {"typePrix": ["Définitif ferme"]},
        "formePrix": "Forfaitaire",
        "sousTraitanceDeclaree": False,
        "titulaires": titulaires,
        "considerationsSociales": {"considerationSociale": rng.choice(CONSIDERATIONS)},
        "considerationsEnvironnementales": {"considerationEnvironnementale": ["Pas de considération environnementale"]},
    }
    if n % 10 == 0:
        item["modifications"] = [
            {
                "modification": {
                    "id": 1,
                    "dateNotificationModification": "2025-01-10",
                    "montant": item["montant"] + 10_000,
                    "dureeMois": 60,
                }
            }
        ]
    if n % 20 == 7:
        item["montant"] = "1e17"  # absurd amount: rejected
    return item


def generate(path: Path, count: int) -> None:
    rng = random.Random(6)
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"marches": {"marche": [\n')
        for n in range(count):
            if n:
                fh.write(",\n")
            fh.write(json.dumps(record(n, rng), ensure_ascii=False))
        fh.write("\n]}}\n")


def timed_import(path: Path, env: dict) -> dict:
    command = [
        "/usr/bin/time",
        "-v",
        str(ROOT / ".venv/bin/python"),
        "manage.py",
        "import_decp",
        str(path),
        "--territory",
        TERRITORY,
        "--json",
        "--report",
        str(path.with_suffix(".rejets.csv")),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    elapsed = re.search(r"Elapsed \(wall clock\) time.*: (.+)", done.stderr).group(1)
    minutes, seconds = elapsed.rsplit(":", 1) if elapsed.count(":") == 1 else ("0", elapsed)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return {
        "seconds": round(int(minutes) * 60 + float(seconds), 1),
        "peak_rss_mb": round(rss_kb / 1024),
        "counts": json.loads(done.stdout.strip().splitlines()[-1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument(
        "--database",
        help="URL de la base à recréer, en superutilisateur ; par défaut levier_bench du serveur embarqué. "
        "Levier s'y connecte avec le rôle levier.",
    )
    args = parser.parse_args()
    url, name = args.database.rsplit("/", 1) if args.database else (None, "levier_bench")
    server = PostgreSQL.of(url)
    env = {**os.environ, "DATABASE_URL": server.app_url(name), "DEBUG": "1"}
    with tempfile.TemporaryDirectory(prefix="levier-bench-") as folder:
        path = Path(folder) / "decp.json"
        generate(path, args.records)
        print(f"Fichier : {args.records} marchés, {path.stat().st_size / 1e6:.0f} Mo")
        server.recreate(name)
        for command in (["migrate", "-v0"], ["shell", "-v0", "-c", CREATE_TERRITORY]):
            subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", *command], cwd=ROOT, env=env, check=True)
        for label in ("premier import", "second import (idempotent)"):
            figures = timed_import(path, env)
            print(f"{label} : {figures['seconds']} s, pic mémoire {figures['peak_rss_mb']} Mo, {figures['counts']}")


if __name__ == "__main__":
    main()
