"""python manage.py export_decp SIRET --du AAAA-MM-JJ --au AAAA-MM-JJ [--output FICHIER]."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from markets.models import Market
from partners.models import Organisation
from reporting.decp_export import decp_export


class Command(BaseCommand):
    help = (
        "Exporte au format DECP 2.0.3 les marchés d'un donneur d'ordre notifiés sur une période, avec les "
        "considérations sociales suivies dans Levier."
    )

    def add_arguments(self, parser):
        parser.add_argument("siret", help="SIRET du donneur d'ordre.")
        parser.add_argument("--du", required=True, type=date.fromisoformat, help="Début de période (AAAA-MM-JJ).")
        parser.add_argument("--au", required=True, type=date.fromisoformat, help="Fin de période (AAAA-MM-JJ).")
        parser.add_argument("--output", help="Fichier JSON à écrire (par défaut : la sortie standard).")

    def handle(self, *args, **options):
        buyer = Organisation.objects.buyers().filter(siret=options["siret"]).first()
        if buyer is None:
            raise CommandError(f"Aucun donneur d'ordre avec le SIRET {options['siret']}.")
        document, skipped = decp_export(Market.objects.all(), buyer, options["du"], options["au"])
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text)
        for market, missing in skipped:
            self.stderr.write(f"Non exporté : {market.reference} (à compléter : {', '.join(missing)})")
