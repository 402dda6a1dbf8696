"""Background work of the personnel registry, and the functions that queue it.

Checking and importing a roster can take tens of seconds for a large file, so neither runs inside a
web request: the upload and the confirmation only record the request and queue a core job, which
`manage.py db_worker` runs (the test suite may use the immediate backend instead).
"""

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
from forcegen.core.files import removed_on_failure
from forcegen.core.models import Organisation

from . import imports
from .models import RosterColumnMapping, RosterImport
from .roster_columns import IGNORED, KNOWN_COLUMNS

CHECK = "personnel.roster_check"
IMPORT = "personnel.roster_import"
jobs.register_kind(CHECK, gettext_lazy("Roster check"))
jobs.register_kind(IMPORT, gettext_lazy("Roster import"))


@task()
def check_roster(job_id: int) -> str | None:
    """Check every row of an uploaded roster (and import it if it asked to be, and is valid)."""
    return jobs.run(job_id, imports.check_roster_job)


@task()
def commit_roster(job_id: int) -> str | None:
    """Store a confirmed roster, all or nothing."""
    return jobs.run(job_id, imports.commit_roster_job)


def queue(roster_import: RosterImport, *, user: Any, kind: str = CHECK) -> None:
    """Record the import's next job (in the requester's language) and queue its task."""
    roster_import.job = jobs.create_job(
        kind=kind,
        organisation=roster_import.organisation,
        user=user,
        message=roster_import.original_name,
        link=reverse("personnel:import_detail", args=[roster_import.pk]),
    )
    roster_import.save(update_fields=["job"])
    (commit_roster if kind == IMPORT else check_roster).enqueue(roster_import.job.pk)


@transaction.atomic
def submit_roster(
    *,
    organisation: Organisation,
    user: Any,
    upload: UploadedFile,
    commit_when_valid: bool = False,
) -> RosterImport:
    """Store the uploaded file and queue its check; the import and its task are saved together."""
    roster_import = RosterImport(
        organisation=organisation,
        uploaded_by=user,
        original_name=(upload.name or "roster")[:255],
        file=upload,
        commit_when_valid=commit_when_valid,
    )
    roster_import.full_clean()
    roster_import.save()
    with removed_on_failure(roster_import.file):
        queue(roster_import, user=user)
    return roster_import


@transaction.atomic
def confirm_roster(*, roster_import: RosterImport, user: Any) -> RosterImport:
    """Queue the import of a checked roster; only a roster without errors can be confirmed."""
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if not locked.can_confirm:
        raise ValidationError(
            _("Only a checked roster without errors can be imported (this one is: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    locked.status = RosterImport.Status.IMPORTING
    locked.confirmed_by = user
    locked.save(update_fields=["status", "confirmed_by"])
    queue(locked, user=user, kind=IMPORT)
    return locked


@transaction.atomic
def remap_columns(
    *, roster_import: RosterImport, choices: dict[str, str], user: Any
) -> RosterImport:
    """Remember what the organisation's unknown headings mean (a column, or "-" to ignore) and
    check the same file again with them."""
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    unknown = set(locked.unknown_columns)
    for header, column in choices.items():
        if header not in unknown or column not in KNOWN_COLUMNS | {IGNORED}:
            raise ValidationError(
                _("“%(value)s” is not a column of the template.") % {"value": column}
            )
        RosterColumnMapping.objects.update_or_create(
            organisation_id=locked.organisation_id, header=header, defaults={"column": column}
        )
    locked.status = RosterImport.Status.UPLOADED
    locked.errors, locked.counts, locked.changes = [], {}, []
    locked.save(update_fields=["status", "errors", "counts", "changes"])
    queue(locked, user=user)
    return locked
