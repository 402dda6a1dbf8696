"""UN files uploaded in the UI or the API are imported by the task worker, as a core job: a
20-year file takes tens of seconds, which no request should wait for."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from forcegen.core import jobs
from forcegen.core.models import Job, Organisation

from .models import UNUpload
from .un_files import import_un_file

KIND = "insights.un_import"
jobs.register_kind(KIND, gettext_lazy("UN data import"))


@task()
def import_uploaded_file(job_id: int) -> str | None:
    return jobs.run(job_id, _import)


def _import(job: Job) -> dict[str, Any]:
    upload = UNUpload.objects.get(job=job)
    try:
        result = import_un_file(
            name=upload.name,
            data=bytes(upload.data),
            user=job.created_by,
            progress=lambda done, total: jobs.progress(job, done=done, total=total),
        )
    finally:
        upload.delete()
    source = result.file
    outcome = (
        _("%(name)s: %(figures)s figures, %(first)s to %(last)s")
        if result.created
        else _("%(name)s was already imported: nothing changed.")
    )
    facts = {"first": f"{source.first_month:%Y-%m}", "last": f"{source.last_month:%Y-%m}"}
    message = outcome % {"name": source.name, "figures": source.figures, **facts}
    jobs.progress(job, done=source.rows, total=source.rows, message=message)
    return {"file": source.pk, "created": result.created}


@transaction.atomic
def submit_un_file(*, organisation: Organisation, user: Any, upload: UploadedFile) -> Job:
    """Record the job and its file, and queue the import (saved together, or not at all)."""
    job = jobs.create_job(
        kind=KIND, organisation=organisation, user=user, link=reverse("insights:imports")
    )
    UNUpload.objects.create(job=job, name=(upload.name or "un-data.csv")[:255], data=upload.read())
    import_uploaded_file.enqueue(job.pk)  # the database backend queues it in this transaction
    return job
