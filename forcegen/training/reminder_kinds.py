"""What training watches (registered with `core.reminders` in `apps.ready`): classes open for
nomination that still have seats as their nomination deadline (the first day) comes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Kind, window

from .models import ClassSession


def open_seats(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Classes open for nomination, starting within the horizon, with free seats; one query."""
    if not horizons:
        return []
    # Any: `seats_left` is annotated by with_seats, which the type checker cannot follow.
    seated: Any = ClassSession.objects.filter(
        window(horizons, today, "starts_on"),
        status=ClassSession.Status.OPEN,
        starts_on__gte=today,
    ).with_seats()
    classes = seated.filter(seats_left__gt=0).values_list(
        "pk", "organisation_id", "course__code", "starts_on", "seats_left"
    )
    return [
        Due(
            organisation_id=organisation_id,
            target=f"training.class:{pk}",
            due_on=starts_on,
            url=reverse("training:class", args=[pk]),
            params={"course": course, "day": starts_on.isoformat(), "seats": seats},
        )
        for pk, organisation_id, course, starts_on, seats in classes
    ]


OPEN_SEATS = Kind(
    code="training.open_seats",
    label=_("Class with open seats"),
    reason=_(
        "The %(course)s class from %(day)s still has %(seats)s open seats: nominate before it "
        "starts."
    ),
    find=open_seats,
    horizon_days=21,
    roles=("training_officer",),
)
