"""The EU thresholds by buyer type: an instance's rows keyed by the buyer's category become rows keyed by buyer type
(the State's: central authority; the others': contracting authority; of several rows for one key, the lowest
amount is kept, so that no contract is judged against a higher threshold than one the instance held); then the
thresholds of 2024-2025 and 2026-2027 the code holds are added (clauses.reference_data), the instance's own rows
kept. Backwards, the rows go back to one per buyer category."""

from django.db import migrations
from django.db.models import Q

from clauses.reference_data import seed_eu_thresholds

BUYER_TYPES = {"central", "pouvoir_adjudicateur", "entite_adjudicatrice", "defense_securite"}
OTHER_CATEGORIES = ("collectivite", "bailleur_social", "etablissement_public", "autre")


def by_buyer_type(apps, schema_editor):
    EuThreshold = apps.get_model("clauses", "EuThreshold")
    kept = {}
    for row in EuThreshold.objects.order_by("amount", "pk"):
        if row.buyer_type in BUYER_TYPES:
            buyer_type = row.buyer_type
        else:
            buyer_type = "central" if row.buyer_type == "etat" else "pouvoir_adjudicateur"
        key = (row.valid_from, row.purchase, buyer_type)
        if key in kept:
            row.delete()
        else:
            kept[key] = row
    for (_valid_from, _purchase, buyer_type), row in kept.items():
        if row.buyer_type != buyer_type:
            row.buyer_type = buyer_type
            row.save(update_fields=["buyer_type"])
    seed_eu_thresholds(EuThreshold)


def by_buyer_category(apps, schema_editor):
    EuThreshold = apps.get_model("clauses", "EuThreshold")
    EuThreshold.objects.filter(
        Q(buyer_type__in=["entite_adjudicatrice", "defense_securite"]) | Q(purchase="services_sociaux")
    ).delete()
    for row in EuThreshold.objects.filter(buyer_type="pouvoir_adjudicateur"):
        EuThreshold.objects.bulk_create(
            EuThreshold(
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                purchase=row.purchase,
                buyer_type=category,
                amount=row.amount,
                source=row.source,
            )
            for category in OTHER_CATEGORIES
        )
        row.delete()
    EuThreshold.objects.filter(buyer_type="central").update(buyer_type="etat")


class Migration(migrations.Migration):
    dependencies = [("clauses", "0021_eu_thresholds_by_buyer_type")]
    operations = [migrations.RunPython(by_buyer_type, by_buyer_category)]
