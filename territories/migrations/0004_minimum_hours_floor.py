"""A territory's minimum of hours never goes below 35 h (sheet C1.2, § I « Attention »): a territory set lower is
raised to 35 h, then the database keeps the floor."""

import django.core.validators
from django.db import migrations, models

FLOOR = 35


def raise_to_the_floor(apps, schema_editor):
    apps.get_model("territories", "Territory").objects.filter(minimum_hours__lt=FLOOR).update(minimum_hours=FLOOR)


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0003_territory_counting_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="territory",
            name="minimum_hours",
            field=models.PositiveIntegerField(
                default=70,
                help_text="En dessous, une clause d'insertion n'a pas de sens : souvent 70 à 150 h, jamais moins de 35 h (fiche C1.2, § I « Attention »).",
                validators=[
                    django.core.validators.MinValueValidator(
                        35,
                        "Le minimum d'heures du territoire ne peut pas descendre sous 35 h : en dessous, une clause d'insertion n'a de sens pour personne (fiche C1.2, § I « Attention »).",
                    )
                ],
                verbose_name="minimum d'heures du territoire",
            ),
        ),
        migrations.RunPython(raise_to_the_floor, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="territory",
            constraint=models.CheckConstraint(
                condition=models.Q(("minimum_hours__gte", 35)),
                name="territory_minimum_hours_floor",
                violation_error_message="Le minimum d'heures du territoire ne peut pas descendre sous 35 h : en dessous, une clause d'insertion n'a de sens pour personne (fiche C1.2, § I « Attention »).",
            ),
        ),
    ]
