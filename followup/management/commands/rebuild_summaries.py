import time

from django.core.management.base import BaseCommand

from followup.summaries import rebuild_all


class Command(BaseCommand):
    help = (
        "Recalcule toutes les synthèses du suivi (heures par considération, entreprise et année ; participants "
        "comptés ; actions par type ; réalisé des considérations) à partir des lignes d'heures et des actions, "
        "avec le SQL des déclencheurs qui les tiennent à jour. Outil de réparation, sans risque à relancer : "
        "tant que les déclencheurs sont en place, il ne change rien."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rebuild_all()
        self.stdout.write(self.style.SUCCESS(f"Synthèses du suivi recalculées en {time.monotonic() - started:.1f} s."))
