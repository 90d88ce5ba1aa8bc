"""python manage.py import_decp PATH [--territory NAME] [--dry-run] [--json] [--report FILE] [--batch-size N]."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from markets.decp.importer import BATCH_SIZE, COMMAND_REASON, import_decp
from markets.decp.reader import DecpFileError
from territories.models import Territory


class Command(BaseCommand):
    help = (
        "Importe un fichier DECP (JSON, schéma 2.0.x : marches.marche et marches.contrat-concession) : "
        "acheteurs, titulaires, marchés et modifications. Lecture en flux, écriture par lots, tout ou rien. "
        "Les enregistrements rejetés vont dans un rapport CSV (enregistrement, id, motif)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier DECP au format JSON.")
        parser.add_argument(
            "--territory", help="Nom du territoire de facilitation qui suit ces marchés (facultatif s'il est seul)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Tout vérifier et compter sans rien enregistrer.")
        parser.add_argument(
            "--json", action="store_true", help="Afficher les compteurs en une ligne JSON (la dernière)."
        )
        parser.add_argument("--report", help="Chemin du rapport CSV des rejets (par défaut : PATH.rejets.csv).")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help=f"Enregistrements par lot ({BATCH_SIZE})."
        )

    def handle(self, *args, **options):
        source = Path(options["path"])
        report_path = Path(options["report"] or source.with_name(source.name + ".rejets.csv"))
        dry_run = options["dry_run"]
        territory = self.territory(options["territory"])
        try:
            result = import_decp(
                source,
                territory=territory,
                report_path=report_path,
                dry_run=dry_run,
                batch_size=options["batch_size"],
                user=None,
                change_reason=COMMAND_REASON,
            )
        except DecpFileError as exc:
            raise CommandError(f"Import impossible, rien n'a été enregistré. {exc}") from exc
        prefix = "Simulation (rien n'a été enregistré) : " if dry_run else "Import terminé : "
        self.stdout.write(
            prefix
            + "{created} créés, {updated} mis à jour, {unchanged} inchangés, {rejected} rejetés.".format(
                **result.counts()
            )
        )
        if result.held:
            self.stdout.write(
                f"{result.held} marché(s) saisi(s) dans Levier diffèrent des DECP : non modifiés, listés dans le "
                "rapport, à arbitrer sur la page « Différences avec les DECP » (/marches/decp/differences/)."
            )
        self.stdout.write(f"Rapport des rejets : {report_path}")
        if options["json"]:
            self.stdout.write(json.dumps(result.counts()))

    def territory(self, name: str | None) -> Territory:
        territories = Territory.objects.filter(name=name) if name else Territory.objects.all()
        found = list(territories[:2])
        if len(found) == 1:
            return found[0]
        names = ", ".join(Territory.objects.values_list("name", flat=True))
        refused = "Import impossible, rien n'a été enregistré."
        if not names:
            raise CommandError(f"{refused} Aucun territoire de facilitation : créez-en un d'abord (administration).")
        if name:
            raise CommandError(f"{refused} Aucun territoire ne s'appelle « {name} » (territoires : {names}).")
        raise CommandError(f"{refused} Précisez le territoire avec --territory (territoires : {names}).")
