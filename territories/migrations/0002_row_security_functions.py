from django.db import migrations

from territories.row_security import DROP_FUNCTIONS, FUNCTIONS


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS)]
