from django.db import migrations


class Migration(migrations.Migration):
    """The action plans now belong to the plans app (plans 0001): removed from reporting's state only."""

    dependencies = [
        ('reporting', '0001_initial'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(model_name='actionplan', name='buyer'),
            migrations.RemoveField(model_name='actionplan', name='facilitator'),
            migrations.RemoveField(model_name='planline', name='plan'),
            migrations.RemoveField(model_name='planindicator', name='plan'),
            migrations.RemoveField(model_name='planline', name='market'),
            migrations.DeleteModel(name='PlanAxis'),
            migrations.DeleteModel(name='ActionPlan'),
            migrations.DeleteModel(name='PlanIndicator'),
            migrations.DeleteModel(name='PlanLine'),
        ]),
    ]
