"""Reading the audit trail that django-auditlog writes for every domain record."""

from typing import Any, cast

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet

AUDIT_PERMISSION = "auditlog.view_logentry"


def history_for(obj: Model) -> QuerySet[Any]:
    """Every recorded change to one record, newest first, with the acting user."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
    return cast(QuerySet[Any], entries)


def can_see_history(user: Any) -> bool:
    return bool(user.has_perm(AUDIT_PERMISSION))
