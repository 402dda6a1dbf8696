"""Background work of the personnel registry, and the functions that queue it.

Checking and importing a roster can take tens of seconds for a large file, so neither runs inside a
web request: the upload and the confirmation only record the request and queue a task, which
`manage.py db_worker` runs (the test suite may use the immediate backend instead).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task

from forcegen.core.files import removed_on_failure
from forcegen.core.models import Organisation

from . import imports
from .models import RosterColumnMapping, RosterImport
from .roster_columns import IGNORED, KNOWN_COLUMNS


@task()
def check_roster(import_id: int) -> str | None:
    """Check every row of an uploaded roster (and import it if it asked to be, and is valid)."""
    return imports.check_roster_import(import_id)


@task()
def commit_roster(import_id: int) -> str | None:
    """Store a confirmed roster, all or nothing."""
    return imports.commit_roster_import(import_id)


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
        language=get_language() or "",
    )
    roster_import.full_clean()
    roster_import.save()
    with removed_on_failure(roster_import.file):
        check_roster.enqueue(roster_import.pk)
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
    commit_roster.enqueue(locked.pk)
    return locked


@transaction.atomic
def remap_columns(*, roster_import: RosterImport, choices: dict[str, str]) -> RosterImport:
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
    locked.language = get_language() or locked.language
    locked.save(update_fields=["status", "errors", "counts", "changes", "language"])
    check_roster.enqueue(locked.pk)
    return locked
