"""Specialties take the shared translated-name fields (core.TranslatedName): `name` becomes
`name_en`, and each language gets its own column instead of a JSON map."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("personnel", "0005_person_deceased_status")]

    operations = [
        migrations.RenameField("specialty", "name", "name_en"),
        migrations.AlterField(
            model_name="specialty",
            name="name_en",
            field=models.CharField(max_length=200, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="specialty",
            name="name_lo",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Lao)"),
        ),
        migrations.AddField(
            model_name="specialty",
            name="name_vi",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Vietnamese)"),
        ),
        migrations.AddField(
            model_name="specialty",
            name="name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (French)"),
        ),
        migrations.AlterModelOptions(
            name="specialty",
            options={
                "ordering": ["name_en"],
                "verbose_name": "specialty",
                "verbose_name_plural": "specialties",
            },
        ),
    ]
