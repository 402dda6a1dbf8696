"""What training watches (registered with `core.reminders` in `apps.ready`): classes open for
nomination that still have seats as their nomination deadline (the first day) comes, told to the
centre and to the partners the class is open to."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Kind

from .models import ClassSession


def _shared_with(horizons: dict[int, int]) -> dict[int, set[int]]:
    """Class ids by each partner they are open to (one query)."""
    shared: dict[int, set[int]] = defaultdict(set)
    for class_id, org_id in ClassSession.shared_with.through.objects.filter(
        organisation_id__in=horizons
    ).values_list("classsession_id", "organisation_id"):
        shared[class_id].add(org_id)
    return shared


def open_seats(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Classes open for nomination, with free seats, starting within the horizon of the centre
    or of a partner it is open to; two queries."""
    if not horizons:
        return []
    shared = _shared_with(horizons)
    longest = today + datetime.timedelta(days=max(horizons.values()))
    # Any: `seats_left` is annotated by with_seats, which the type checker cannot follow.
    seated: Any = ClassSession.objects.filter(
        Q(organisation_id__in=horizons) | Q(pk__in=list(shared)),
        status=ClassSession.Status.OPEN,
        starts_on__gte=today,
        starts_on__lte=longest,
    ).with_seats()
    classes = seated.filter(seats_left__gt=0).values_list(
        "pk", "organisation_id", "course__code", "starts_on", "seats_left"
    )
    return [
        Due(
            organisation_id=told,
            target=f"training.class:{pk}",
            due_on=starts_on,
            url=reverse("training:class", args=[pk]),
            params={"course": course, "day": starts_on.isoformat(), "seats": seats},
        )
        for pk, owner, course, starts_on, seats in classes
        for told in {owner, *shared.get(pk, ())}
        if told in horizons and starts_on <= today + datetime.timedelta(days=horizons[told])
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
