"""Anonymises the participants whose exit (or, with no exit date, last activity) is older than the retention
period (settings, default 24 months).

Safe to run daily (cron): an anonymised participant is never selected again. Every count stays the same."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from partners.models import Participant, months_before


class Command(BaseCommand):
    help = (
        "Anonymise les participants sortis du parcours (ou, sans date de sortie, sans activité) depuis plus de "
        "LEVIER_PARTICIPANT_RETENTION_MONTHS mois "
        "(noms, année de naissance, code postal et notes effacés, historique compris ; les effectifs restent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compte sans rien modifier")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        months = settings.LEVIER_PARTICIPANT_RETENTION_MONTHS
        due = Participant.objects.past_retention(today, months).order_by("pk")
        limit = months_before(today, months)
        if dry_run:
            self.stdout.write(
                f"{due.count()} participant(s) sorti(s) ou inactif(s) au plus tard le {limit:%d/%m/%Y} "
                "seraient anonymisé(s) (simulation : rien n'est modifié)."
            )
            return
        with transaction.atomic():
            participants = list(due.select_for_update())
            for participant in participants:
                participant.anonymise(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(participants)} participant(s) sorti(s) ou inactif(s) au plus tard le {limit:%d/%m/%Y} "
                "anonymisé(s)."
            )
        )
