"""Reference data production needs from day one: territory defaults, trades, legal bases, modality conversions.
All of it stays editable in the Django admin. The EU thresholds, loaded here at first with the shape of their time,
are loaded by 0019_eu_thresholds (clauses.reference_data)."""

from decimal import Decimal

from django.db import migrations


# [check] orders of magnitude used by facilitators (DOMAIN.md): to be adjusted per territory.
TRADES = [
    ("45", "Bâtiment et travaux publics", "0.4"),
    ("45262500", "Maçonnerie", "0.5"),
    ("45442", "Peinture intérieure", "0.7"),
    ("452231", "Charpente métallique", "0.2"),
    ("45233", "Voirie et réseaux divers", "0.35"),
    ("453", "Équipements techniques (électricité, plomberie, chauffage)", "0.45"),
    ("454", "Travaux de finition", "0.6"),
    ("50", "Maintenance et réparation", "0.5"),
    ("55", "Restauration collective", "0.45"),
    ("77", "Espaces verts", "0.6"),
    ("90", "Propreté et nettoyage", "0.8"),
    ("98311", "Blanchisserie", "0.5"),
    ("15", "Fournitures alimentaires", "0.1"),
]
# Only the execution condition of L2112-2 is, for sure, a "condition d'exécution" in the sense of L2112-2-1.
SATISFYING = {"execution"}
LEGAL_BASES = ["execution", "critere", "L2113-12", "L2113-13", "L2113-13-1", "L2113-15", "achat_insertion"]
MODALITIES = ["embauche", "mise_a_disposition", "sous_traitance", "formation"]


def load(apps, schema_editor):
    TerritorySettings = apps.get_model("clauses", "TerritorySettings")
    if not TerritorySettings.objects.exists():
        TerritorySettings.objects.create(hourly_cost=Decimal("30"), insertion_rate=Decimal("0.05"), minimum_hours=70)
    TradeLabourShare = apps.get_model("clauses", "TradeLabourShare")
    for prefix, name, share in TRADES:
        TradeLabourShare.objects.get_or_create(cpv_prefix=prefix, defaults={"name": name,
                                                                           "labour_share": Decimal(share)})
    LegalBasisReference = apps.get_model("clauses", "LegalBasisReference")
    for basis in LEGAL_BASES:
        LegalBasisReference.objects.get_or_create(legal_basis=basis,
                                                  defaults={"satisfies_climate_obligation": basis in SATISFYING})
    ModalityConversion = apps.get_model("clauses", "ModalityConversion")
    for modality in MODALITIES:
        ModalityConversion.objects.get_or_create(modality=modality, defaults={"hours_per_hour": Decimal("1")})


class Migration(migrations.Migration):
    dependencies = [("clauses", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
