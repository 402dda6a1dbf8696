"""Copy each specialty's translated names from the old JSON map into their columns."""

from django.db import migrations

LANGUAGES = ("lo", "vi", "fr")


def forward(apps, schema_editor):
    specialty = apps.get_model("personnel", "Specialty")
    for row in specialty.objects.all():
        for language in LANGUAGES:
            setattr(row, f"name_{language}", (row.translations or {}).get(language, ""))
        row.save(update_fields=[f"name_{language}" for language in LANGUAGES])


def backward(apps, schema_editor):
    specialty = apps.get_model("personnel", "Specialty")
    for row in specialty.objects.all():
        row.translations = {
            language: getattr(row, f"name_{language}")
            for language in LANGUAGES
            if getattr(row, f"name_{language}")
        }
        row.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("personnel", "0006_specialty_translated_names")]

    operations = [migrations.RunPython(forward, backward)]
