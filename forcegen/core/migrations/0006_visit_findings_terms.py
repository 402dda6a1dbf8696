import csv
import datetime
from pathlib import Path

from django.db import migrations

TERMS = Path(__file__).resolve().parent.parent / "data" / "terms.csv"


def load_new_terms(apps, schema_editor):
    """The vocabulary's rows not loaded yet (the standard findings of UN visits, in
    en/lo/vi/fr): words already there, edited or not, are left as they are."""
    term = apps.get_model("core", "Term")
    known = set(term.objects.values_list("kind", "key"))
    with TERMS.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if (row["kind"], row["key"]) not in known]
    term.objects.bulk_create(term(effective_from=datetime.date(2025, 1, 1), **row) for row in rows)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_term_kind_visit_finding"),
    ]

    operations = [
        migrations.RunPython(load_new_terms, migrations.RunPython.noop),
    ]
