"""The starter table of military occupational specialties (editable reference data)."""

import csv
from pathlib import Path

from django.db import migrations

SOURCE = "forcegen starter table (UN unit manuals' role names), editable"


def load(apps, schema_editor):
    specialty = apps.get_model("personnel", "Specialty")
    path = Path(__file__).resolve().parent.parent / "data" / "specialties.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            specialty.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "category": row["category"],
                    "translations": {lang: row[lang] for lang in ("vi", "lo", "fr")},
                    "source": SOURCE,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("personnel", "0001_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
