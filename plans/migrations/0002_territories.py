import django.db.models.deletion
from django.db import migrations, models

from territories.row_security import RowSecurity, of_territory_or_buyer
from territories.upgrade import fill_territory



class Migration(migrations.Migration):
    """A plan belongs to the territory (the facilitation service) that writes it; the area it covers, the text
    field it had under the name ``territory``, becomes ``area``."""

    dependencies = [
        ("plans", "0001_initial"),
        ("territories", "0002_row_security_functions"),
        ("markets", "0007_territories"),
    ]

    operations = [
        migrations.RenameField("actionplan", "territory", "area"),
        migrations.AlterField(
            model_name="actionplan",
            name="area",
            field=models.CharField(max_length=200, verbose_name="territoire couvert"),
        ),
        migrations.AddField(
            model_name="actionplan",
            name="territory",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="action_plans",
                to="territories.territory",
                verbose_name="service",
            ),
        ),
        migrations.RunPython(fill_territory("plans", "ActionPlan"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionplan",
            name="territory",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="action_plans",
                to="territories.territory",
                verbose_name="service",
            ),
        ),
        RowSecurity("reporting_actionplan", of_territory_or_buyer()),
    ]
