"""Load the UN gender-parity targets (data/gender-targets.csv); administrators edit them later."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

TARGETS = Path(__file__).resolve().parent.parent / "data" / "gender-targets.csv"


def load(apps, schema_editor):
    target_model = apps.get_model("deployments", "GenderTarget")
    with TARGETS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            target_model.objects.update_or_create(
                category=row["category"],
                year=int(row["year"]),
                defaults={
                    "percent": Decimal(row["percent"]),
                    "verified": row["verified"] == "1",
                    "source": row["source"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("deployments", "0002_rotations_deployments_events")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
