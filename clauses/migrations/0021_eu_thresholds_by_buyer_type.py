"""EU thresholds keyed by purchase kind and buyer type (central authority, other contracting authority, contracting
entity, defence or security; works, supplies, services, social and specific services) instead of the contract's
nature and the buyer's category; their text; the exemption reasons of L2112-2-1 with its 1°. The rows are
converted by 0019_eu_thresholds."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clauses", "0020_reservation_bases_data")]

    operations = [
        migrations.RemoveConstraint(model_name="euthreshold", name="unique_threshold"),
        migrations.RenameField(model_name="euthreshold", old_name="nature", new_name="purchase"),
        migrations.RenameField(model_name="euthreshold", old_name="buyer_category", new_name="buyer_type"),
        migrations.AlterField(
            model_name="euthreshold",
            name="purchase",
            field=models.CharField(
                choices=[
                    ("travaux", "travaux et concessions"),
                    ("fournitures", "fournitures"),
                    ("services", "services"),
                    ("services_sociaux", "services sociaux et autres services spécifiques"),
                ],
                max_length=20,
                verbose_name="achat",
            ),
        ),
        migrations.AlterField(
            model_name="euthreshold",
            name="buyer_type",
            field=models.CharField(
                choices=[
                    ("central", "autorité publique centrale (État)"),
                    ("pouvoir_adjudicateur", "autre pouvoir adjudicateur"),
                    ("entite_adjudicatrice", "entité adjudicatrice (réseaux)"),
                    ("defense_securite", "marché de défense ou de sécurité"),
                ],
                max_length=30,
                verbose_name="acheteur",
            ),
        ),
        migrations.AddField(
            model_name="euthreshold",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Par exemple : règlement délégué (UE) 2025/2152.",
                max_length=200,
                verbose_name="texte",
            ),
        ),
        migrations.AlterModelOptions(
            name="euthreshold",
            options={
                "ordering": ["-valid_from", "purchase", "buyer_type"],
                "verbose_name": "seuil européen",
                "verbose_name_plural": "seuils européens",
            },
        ),
        migrations.AddConstraint(
            model_name="euthreshold",
            constraint=models.UniqueConstraint(
                fields=("valid_from", "purchase", "buyer_type"),
                name="unique_threshold",
                violation_error_message="Ce seuil existe déjà pour cette date de début.",
            ),
        ),
        migrations.AlterField(
            model_name="climateexemption",
            name="reason",
            field=models.CharField(
                choices=[
                    ("solution_disponible", "besoin satisfait par une solution immédiatement disponible"),
                    ("lien", "lien insuffisant avec l'objet du marché"),
                    ("concurrence", "restriction de la concurrence"),
                    ("difficulte", "exécution techniquement ou économiquement difficile"),
                ],
                max_length=20,
                verbose_name="motif",
            ),
        ),
    ]
