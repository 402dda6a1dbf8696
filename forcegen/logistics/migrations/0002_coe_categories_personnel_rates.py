"""The shipped reference data: COE categories (tagged [U]) and the dated personnel rates."""

from django.db import migrations

from forcegen.logistics.reference import load_coe_categories, load_personnel_rates


def load(apps, schema_editor):
    load_coe_categories(apps.get_model("logistics", "CoeCategory"))
    load_personnel_rates(apps.get_model("logistics", "PersonnelRate"))


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_catalogue_inventory_inspections_mou")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
