import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.volume import build_volume, delete_volume_data, expected_counts, has_volume_data, settle


class Command(BaseCommand):
    help = (
        "Charge des territoires de volume pour mesurer les performances : à l'échelle 1, un territoire de "
        "10 000 marchés et 1 000 000 de lignes d'heures mensuelles, deux territoires dix fois plus petits et une "
        "coordination nationale. Refuse de tourner sans DEBUG, sauf --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Échelle (1 = 10 000 marchés dans le premier territoire, 1 000 dans chacun des deux autres ; "
            "0,01 = 100 marchés dans le premier). Par défaut : 1.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Graine du tirage aléatoire (par défaut : 2026).")
        parser.add_argument("--reset", action="store_true", help="Supprimer d'abord les données de volume existantes.")
        parser.add_argument("--force", action="store_true", help="Charger même quand DEBUG est désactivé.")

    def handle(self, *args, scale, seed, reset, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : ce serveur ressemble à une production. "
                "Relancez avec --force si vous voulez vraiment y charger des données de volume."
            )
        if not 0 < scale <= 10:
            raise CommandError("L'échelle doit être comprise entre 0 (exclu) et 10.")
        started = time.monotonic()
        if has_volume_data():
            if not reset:
                raise CommandError(
                    "La base contient déjà des données de volume : relancez avec --reset pour les remplacer."
                )
            with transaction.atomic():
                delete_volume_data()
        # Each step commits (bulk_create, the hour lines' chunks): in one transaction, every row the triggers look
        # up would be one the transaction wrote, and the load slowed down from step to step (27 s for 2,000
        # actions at scale 0.3, 0.1 s once committed). A failed load leaves volume data that --reset removes.
        created = build_volume(scale, seed)
        settle()
        expected = expected_counts(scale)
        lines = [
            f"  {name} : {count:,}".replace(",", " ")
            + (f" (prévu {expected[name]:,})".replace(",", " ") if expected.get(name, count) != count else "")
            for name, count in created.items()
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de volume chargées à l'échelle {scale:g} en {time.monotonic() - started:.1f} s :\n"
                + "\n".join(lines)
            )
        )
