"""An in-mission event can be corrected (in the admin) after it is recorded: it takes core's
TimeStamped pair. Existing rows get the migration's time here; the next migration sets their
recording time instead."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deployments", "0005_timestamps_from_core_base"),
    ]

    operations = [
        migrations.AddField(
            model_name="missionevent",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="missionevent",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
    ]
