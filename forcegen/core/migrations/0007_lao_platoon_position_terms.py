from importlib import import_module

from django.db import migrations

# The same step as the findings' (the vocabulary's rows not loaded yet), for the positions of
# the Lao engineering platoon template added to the vocabulary since.
load_new_terms = import_module("forcegen.core.migrations.0006_visit_findings_terms").load_new_terms


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_visit_findings_terms"),
    ]

    operations = [
        migrations.RunPython(load_new_terms, migrations.RunPython.noop),
    ]
