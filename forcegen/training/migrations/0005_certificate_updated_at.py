"""A certificate is changed after it is issued (revoked): it takes core's TimeStamped pair.
Existing rows get the migration's time here; the next migration sets what is known instead."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_timestamps_from_core_base"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
    ]
