"""What personnel watches (registered with `core.reminders` in `apps.ready`): credentials that lapse
soon and have not been renewed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Kind, window

from .models import Credential, Person


def not_renewed() -> Q:
    """No later credential of the same kind and detail: once the renewal is recorded, the old one
    no longer reminds anyone."""
    later = Credential.objects.filter(
        person_id=OuterRef("person_id"), kind=OuterRef("kind"), detail=OuterRef("detail")
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    return ~Q(Exists(later))


def expiring_credentials(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Credentials of active people lapsing within the horizon, or lapsed within as many days
    (a lapsed passport still needs renewing); one query."""
    if not horizons:
        return []
    longest = max(horizons.values())
    rows = (
        Credential.objects.filter(window(horizons, today, "valid_until"), not_renewed())
        .filter(
            valid_until__gte=today - datetime.timedelta(days=longest),
            person__status=Person.Status.ACTIVE,
        )
        .values_list(
            "pk", "organisation_id", "person_id", "person__full_name", "kind", "valid_until"
        )
    )
    return [
        Due(
            organisation_id=organisation_id,
            target=f"personnel.credential:{pk}",
            due_on=valid_until,
            url=reverse("personnel:detail", args=[person_id]),
            params={"person": name, "credential": kind, "day": valid_until.isoformat()},
            person_id=person_id,
        )
        for pk, organisation_id, person_id, name, kind, valid_until in rows
        if valid_until is not None  # the window excludes open-ended ones; this tells mypy
    ]


EXPIRING = Kind(
    code="personnel.credential_expiring",
    label=_("Credential expiring"),
    reason=_("%(person)s: %(credential)s expires on %(day)s."),
    find=expiring_credentials,
    horizon_days=60,
    roles=("personnel_officer",),
    to_person=True,
    choices={"credential": Credential.Kind},
)
