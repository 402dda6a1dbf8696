"""Equipment items now live in the logistics inventory (copied there by its migration 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_role_permissions"),
        ("logistics", "0003_inventory_from_units"),
    ]

    operations = [migrations.DeleteModel(name="EquipmentItem")]
