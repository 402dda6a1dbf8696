"""An event's last change before `updated_at` existed is unknown: its recording stands in."""

from django.db import migrations
from django.db.models import F


def backfill(apps, schema_editor):
    MissionEvent = apps.get_model("deployments", "MissionEvent")
    MissionEvent.objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("deployments", "0006_missionevent_updated_at"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
