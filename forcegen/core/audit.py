"""Reading the audit trail that django-auditlog writes for every domain record, and writing it
for changes saved in bulk (which auditlog, listening to each save, does not see)."""

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.text import capfirst

AUDIT_PERMISSION = "auditlog.view_logentry"
HISTORY_LIMIT = 50  # entries on a record's page; the admin shows them all


@dataclass(frozen=True)
class Change:
    """One changed field as a person reads it: its label, and the values before and after."""

    label: str
    before: str
    after: str


def history_for(obj: Model) -> QuerySet[Any]:
    """Every recorded change to one record, newest first, with the acting user."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
    return cast(QuerySet[Any], entries)


def history_panel(obj: Model, limit: int = HISTORY_LIMIT) -> list[Any]:
    """The latest entries of `history_for`, each with its `readable` changes."""
    entries = list(history_for(obj)[:limit])
    for entry in entries:
        entry.readable = readable_changes(entry)
    return entries


def log_bulk_updates(
    pairs: Sequence[tuple[Model, Model]], fields: Sequence[str], *, actor: Any = None
) -> None:
    """The audit entries of records about to be written together (`bulk_update`), one per
    (before, after) pair whose `fields` differ, as auditlog writes them for a save; `actor` None
    is the system (a daily step). Written in one query."""
    entries = []
    for before, after in pairs:
        changes = model_instance_diff(before, after, fields_to_check=fields)
        if changes:
            entries.append(
                LogEntry(
                    content_type=ContentType.objects.get_for_model(after),
                    object_pk=str(after.pk),
                    object_id=after.pk,
                    object_repr=str(after),
                    action=LogEntry.Action.UPDATE,
                    changes=changes,
                    actor=actor,
                    actor_email=getattr(actor, "email", None),
                    cid=get_cid(),
                )
            )
    LogEntry.objects.bulk_create(entries)


def _hidden_fields(model: type[Model]) -> set[str]:
    """The primary key and reverse relations: auditlog records a reverse relation's manager
    ("units.PcrsRecord.None") and a new record's id, neither of which tells a person anything."""
    return {
        field.name
        for field in model._meta.get_fields()
        if field.auto_created or getattr(field, "primary_key", False)
    }


def _shown(value: Any) -> str:
    return "—" if value in (None, "", "None") else str(value)


def readable_changes(entry: Any) -> list[Change]:
    """Field labels instead of names, choice labels instead of codes, names instead of ids
    (auditlog's display form, which reads each related record once)."""
    model = entry.content_type.model_class()
    hidden = _hidden_fields(model) if model else set()
    shown = copy.copy(entry)  # the display form of the fields worth showing only
    shown.changes = {k: v for k, v in entry.changes_dict.items() if k not in hidden}
    shown.changes_text = ""
    changes = [
        Change(capfirst(str(label)), _shown(values[0]), _shown(values[-1]))
        for label, values in shown.changes_display_dict.items()
        if values
    ]
    return [change for change in changes if change.before != change.after]


def can_see_history(user: Any) -> bool:
    return bool(user.has_perm(AUDIT_PERMISSION))
