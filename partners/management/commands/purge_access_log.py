"""Deletes the access log entries older than LEVIER_ACCESS_LOG_RETENTION_DAYS days (settings, default 365).

Safe to run daily (cron), with anonymise_participants."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from partners.models import AccessRecord


class Command(BaseCommand):
    help = (
        "Efface les entrées du journal des accès aux données des participants plus anciennes que "
        "LEVIER_ACCESS_LOG_RETENTION_DAYS jours (365 par défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compte sans rien effacer")

    def handle(self, *args, dry_run=False, **options):
        days = settings.LEVIER_ACCESS_LOG_RETENTION_DAYS
        expired = AccessRecord.objects.expired(timezone.now(), days)
        if dry_run:
            self.stdout.write(f"{expired.count()} entrée(s) de plus de {days} jours seraient effacée(s) (simulation).")
            return
        deleted, _ = expired.delete()
        self.stdout.write(self.style.SUCCESS(f"{deleted} entrée(s) de plus de {days} jours effacée(s)."))
