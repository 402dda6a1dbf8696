"""A membership's last change before `updated_at` existed is unknown: its creation stands in."""

from django.db import migrations
from django.db.models import F


def backfill(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_membership_updated_at"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
