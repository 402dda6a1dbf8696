"""A certificate's last change before `updated_at` existed: its revocation if revoked, else its
creation."""

from django.db import migrations
from django.db.models import F


def backfill(apps, schema_editor):
    Certificate = apps.get_model("training", "Certificate")
    Certificate.objects.filter(revoked_at__isnull=False).update(updated_at=F("revoked_at"))
    Certificate.objects.filter(revoked_at__isnull=True).update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0005_certificate_updated_at"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
