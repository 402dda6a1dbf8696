"""The shipped major-equipment items, named in en/lo/vi/fr with their date and source ([U])."""

from django.db import migrations

from forcegen.logistics.reference import load_coe_items


def load(apps, schema_editor):
    load_coe_items(
        apps.get_model("logistics", "CoeItem"), apps.get_model("logistics", "CoeCategory")
    )


class Migration(migrations.Migration):
    dependencies = [("logistics", "0006_inventory_upload")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
