"""The inventory import runs on the task worker, as a core job: 50,000 rows take longer than a
request should wait. The file is checked (name, type, size, content) when it is submitted; its
rows are checked by the job, which stores all of them or none."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from forcegen.core import jobs
from forcegen.core.models import Job, Organisation

from .imports import IMPORT, import_inventory
from .models import InventoryUpload

KIND = "logistics.inventory_import"
jobs.register_kind(KIND, gettext_lazy("Inventory import"))
SHOWN_ERRORS = 100  # a job's error lists this many row errors, then how many more there are


@task()
def import_uploaded_inventory(job_id: int) -> str | None:
    return jobs.run(job_id, _import)


def _import(job: Job) -> dict[str, Any]:
    upload = InventoryUpload.objects.get(job=job)
    try:
        count = import_inventory(
            organisation=job.organisation, data=bytes(upload.data), filename=upload.name
        )
    except ValidationError as exc:
        errors = exc.messages
        shown = "; ".join(errors[:SHOWN_ERRORS])
        if len(errors) > SHOWN_ERRORS:
            shown += " " + _("(and %(count)d more)") % {"count": len(errors) - SHOWN_ERRORS}
        raise ValidationError(
            _("%(name)s: nothing was stored. %(errors)s") % {"name": upload.name, "errors": shown}
        ) from exc
    finally:
        upload.delete()
    message = _("%(name)s: %(count)d items imported.") % {"name": upload.name, "count": count}
    jobs.progress(job, done=count, total=count, message=message)
    return {"imported": count}


@transaction.atomic
def submit_inventory(*, organisation: Organisation, user: Any, upload: UploadedFile) -> Job:
    """Check the file, then record the job and its bytes and queue the import (together)."""
    IMPORT.check(upload)
    job = jobs.create_job(
        kind=KIND, organisation=organisation, user=user, link=reverse("logistics:inventory")
    )
    upload.seek(0)
    InventoryUpload.objects.create(job=job, name=upload.name or "inventory.csv", data=upload.read())
    import_uploaded_inventory.enqueue(job.pk)
    return job
