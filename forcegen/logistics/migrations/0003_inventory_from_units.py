"""The units' equipment items become the logistics inventory (same rows, same ids)."""

from django.db import migrations

FIELDS = ["id", "organisation_id", "unit_id", "line_id", "category", "item", "serial",
          "condition", "serviceable", "remarks", "created_at", "updated_at"]  # fmt: skip


def copy_items(apps, schema_editor):
    old = apps.get_model("units", "EquipmentItem")
    new = apps.get_model("logistics", "InventoryItem")
    lines = dict(apps.get_model("units", "EquipmentLine").objects.values_list("pk", "kind"))
    batch = []
    for row in old.objects.order_by("pk").values(*FIELDS).iterator(chunk_size=2000):
        row["annex"] = lines.get(row["line_id"], "major")
        if row["condition"] == "written_off":
            row["serviceable"] = False
        batch.append(new(**row))
        if len(batch) == 2000:
            new.objects.bulk_create(batch)
            batch = []
    new.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    old = apps.get_model("units", "EquipmentItem")
    new = apps.get_model("logistics", "InventoryItem")
    old.objects.bulk_create(old(**row) for row in new.objects.values(*FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0002_coe_categories_personnel_rates"),
        ("units", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(copy_items, copy_back)]
