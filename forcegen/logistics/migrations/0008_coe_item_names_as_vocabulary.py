"""The items' names again, now worded as the shared vocabulary words them (core terms)."""

from django.db import migrations

from forcegen.logistics.reference import load_coe_items


def load(apps, schema_editor):
    load_coe_items(
        apps.get_model("logistics", "CoeItem"), apps.get_model("logistics", "CoeCategory")
    )


class Migration(migrations.Migration):
    dependencies = [("logistics", "0007_coe_item_names")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
