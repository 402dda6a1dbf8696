"""Background jobs: the request records a `Job` and queues a task; the task worker claims it,
reports progress and ends it with a result or an error. Every app's imports, plan runs and
reports go through these few functions, so "My jobs" shows them all the same way.

    job = jobs.create_job(kind="units.pledge", organisation=org, user=request.user, link=url)
    build_pledge.enqueue(job.pk)              # a django-tasks @task, run by `db_worker`

    @task()
    def build_pledge(job_id: int) -> str | None:
        return jobs.run(job_id, _build)       # _build(job) -> result dict; may call jobs.progress
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Job, Organisation

logger = logging.getLogger(__name__)

# What each kind of job is called on "My jobs"; apps add theirs with `register_kind`.
KINDS: dict[str, str | Promise] = {}


def register_kind(kind: str, label: str | Promise) -> None:
    KINDS[kind] = label


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def create_job(
    *,
    kind: str,
    organisation: Organisation,
    user: Any,
    total: int | None = None,
    message: str = "",
    link: str = "",
) -> Job:
    """A queued job, remembering the submitter's language so the worker answers in it."""
    return Job.objects.create(
        kind=kind,
        organisation=organisation,
        created_by=user if getattr(user, "pk", None) else None,
        total=total,
        message=message[:300],
        link=link,
        language=get_language() or "",
    )


def claim(job_id: int) -> Job | None:
    """Move a queued job to running; None if it is not queued (already taken, or gone)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
        return job


def progress(job: Job, *, done: int, total: int | None = None, message: str | None = None) -> None:
    """Record how far the job has got (saved at once, so the page polling it sees it)."""
    if total is not None:
        job.total = total
    job.done = min(done, job.total) if job.total is not None else done
    fields = ["done", "total"]
    if message is not None:
        job.message = message[:300]
        fields.append("message")
    job.save(update_fields=fields)


def succeed(job: Job, *, result: dict[str, Any] | None = None, message: str = "") -> None:
    job.status = Job.Status.SUCCEEDED
    job.result = result or {}
    if job.total is not None:
        job.done = job.total
    if message:
        job.message = message[:300]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "done", "message", "finished_at"])


def fail(job: Job, error: str) -> None:
    job.status = Job.Status.FAILED
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def run(job_id: int, work: Callable[[Job], dict[str, Any] | None]) -> str | None:
    """Claim the job and do `work(job)` in the submitter's language; its return value is the
    job's result. A ValidationError fails the job with its message (the user can act on it); any
    other error fails it too, and is logged and raised for the worker's own record."""
    job = claim(job_id)
    if job is None:
        return None
    with translation.override(job.language or None):
        try:
            result = work(job)
        except ValidationError as exc:
            fail(job, " ".join(exc.messages))
        except Exception as exc:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            fail(job, _("The job stopped on an unexpected error: %(error)s") % {"error": exc})
            raise
        else:
            succeed(job, result=result)
    return job.status
