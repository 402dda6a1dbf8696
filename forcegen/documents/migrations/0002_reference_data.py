"""Document types, issuing bodies, the framework checklist and subject areas (reference data)."""

from django.db import migrations

from forcegen.documents.reference import load


def forward(apps, schema_editor):
    load(lambda name: apps.get_model("documents", name))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_register")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
