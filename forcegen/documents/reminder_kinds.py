"""What the legal register watches (registered with `core.reminders` in `apps.ready`): enacted
documents whose effective date, or last day in force, comes within the horizon."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Finder, Kind, window

from .models import ENACTED_STATUSES, Document


def dated(field: str) -> Finder:
    """Enacted documents whose `field` comes within the horizon; one query."""

    def find(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
        if not horizons:
            return []
        documents = Document.objects.filter(
            window(horizons, today, field),
            Q(**{f"{field}__gte": today}),
            status__in=ENACTED_STATUSES,
        ).values_list("pk", "organisation_id", "number", field)
        return [
            Due(
                organisation_id=organisation_id,
                target=f"documents.document:{pk}:{field}",
                due_on=day,
                url=reverse("documents:detail", args=[pk]),
                params={"number": number, "day": day.isoformat()},
            )
            for pk, organisation_id, number, day in documents
        ]

    return find


COMING_INTO_FORCE = Kind(
    code="documents.coming_into_force",
    label=_("Legal document coming into force"),
    reason=_("%(number)s comes into force on %(day)s."),
    find=dated("effective_from"),
    horizon_days=30,
    roles=("legal_officer",),
)
CEASING = Kind(
    code="documents.ceasing",
    label=_("Legal document ceasing to apply"),
    reason=_("%(number)s ceases to apply after %(day)s."),
    find=dated("effective_to"),
    horizon_days=60,
    roles=("legal_officer",),
)
