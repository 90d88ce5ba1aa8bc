"""A reserved market rests on one or several articles: the others than its legal basis (combined_bases)."""

import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clauses", "0018_pnad_targets_counted_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="consideration",
            name="combined_bases",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("L2113-12", "réservation aux EA et ESAT (L2113-12)"),
                        ("L2113-13", "réservation aux SIAE (L2113-13)"),
                        ("L2113-13-1", "réservation au travail en détention (L2113-13-1)"),
                        ("L2113-15", "réservation aux entreprises de l'ESS (L2113-15)"),
                    ],
                    max_length=20,
                ),
                blank=True,
                default=list,
                help_text="Marché réservé : les articles combinés avec le fondement juridique (L2113-12 et L2113-13).",
                size=None,
                verbose_name="autres articles de la réservation",
            ),
        ),
        migrations.AddField(
            model_name="historicalconsideration",
            name="combined_bases",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("L2113-12", "réservation aux EA et ESAT (L2113-12)"),
                        ("L2113-13", "réservation aux SIAE (L2113-13)"),
                        ("L2113-13-1", "réservation au travail en détention (L2113-13-1)"),
                        ("L2113-15", "réservation aux entreprises de l'ESS (L2113-15)"),
                    ],
                    max_length=20,
                ),
                blank=True,
                default=list,
                help_text="Marché réservé : les articles combinés avec le fondement juridique (L2113-12 et L2113-13).",
                size=None,
                verbose_name="autres articles de la réservation",
            ),
        ),
    ]
