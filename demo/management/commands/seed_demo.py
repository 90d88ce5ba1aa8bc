from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Charge les deux territoires de démonstration et leur coordination régionale (idempotent). "
        "Refuse de tourner sans DEBUG, sauf --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Charger la démo même quand DEBUG est désactivé.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : ce serveur ressemble à une production. "
                "Relancez avec --force si vous voulez vraiment y charger la démo."
            )
        counts = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                "Démo chargée : {territories} territoires, {organisations} organisations, {markets} marchés, "
                "{users} comptes (mot de passe : demo-levier).".format(**counts)
            )
        )
