"""What deployments watches (registered with `core.reminders` in `apps.ready`): credentials that
lapse before a tour ends, people planned for a rotation who are not fit for it on its dates
(`personnel.fitness`, the one answer), and rotations whose successor should be planned."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Kind, window
from forcegen.personnel.fitness import Seat, blocking_condition, fit_condition
from forcegen.personnel.models import Credential, Person
from forcegen.personnel.reminder_kinds import not_renewed

from .models import Deployment, Rotation
from .services import tour_seat_of

# Tours still to be served or under way: the people on them need valid papers throughout.
AHEAD = (Deployment.Status.PLANNED, Deployment.Status.APPROVED, Deployment.Status.DEPLOYED)
# Tours whose member can still be replaced: fitness is checked before departure only.
NOT_DEPARTED = (Deployment.Status.PLANNED, Deployment.Status.APPROVED)


def _tours_ahead(horizons: dict[int, int], today: datetime.date) -> Any:
    """Tours not yet over that start within the organisation's horizon."""
    return Deployment.objects.filter(
        window(horizons, today, "planned_start"), status__in=AHEAD, planned_end__gte=today
    )


def lapsing_during_tours(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """A credential (not renewed) that lapses before the end of a tour; two queries."""
    if not horizons:
        return []
    tours = _tours_ahead(horizons, today)
    spans: dict[int, list[tuple[int, str, datetime.date, datetime.date]]] = defaultdict(list)
    for pk, person_id, mission, start, end in tours.values_list(
        "pk", "person_id", "mission__acronym", "planned_start", "planned_end"
    ):
        spans[person_id].append((pk, mission, start, end))
    credentials = Credential.objects.filter(
        not_renewed(), person__in=tours.values("person_id"), valid_until__isnull=False
    ).values_list("pk", "organisation_id", "person_id", "person__full_name", "kind", "valid_until")
    return [
        Due(
            organisation_id=organisation_id,
            target=f"deployments.deployment:{tour}:credential:{pk}",
            due_on=valid_until,
            url=reverse("personnel:detail", args=[person_id]),
            params={
                "person": name,
                "credential": kind,
                "day": valid_until.isoformat(),
                "mission": mission,
                "end": end.isoformat(),
            },
            person_id=person_id,
        )
        for pk, organisation_id, person_id, name, kind, valid_until in credentials
        for tour, mission, _start, end in spans[person_id]
        if valid_until is not None and valid_until < end
    ]


def unfit_for_rotation(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Members of a rotation, not yet departed, whom seat fitness refuses on the tour's dates.
    One query reads the tours; one more asks fitness for all of them together, one condition
    per distinct seat (the members of a rotation in the same post share one), so the number of
    queries does not grow with the people or their credentials."""
    if not horizons:
        return []
    tours = list(
        Deployment.objects.filter(
            window(horizons, today, "planned_start"),
            status__in=NOT_DEPARTED,
            rotation__isnull=False,
            planned_start__gte=today,
        ).select_related("person", "mission", "rotation__unit", "slot__unit", "slot__requirement")
    )
    if not tours:
        return []
    groups: dict[tuple[Seat, bool], list[Deployment]] = defaultdict(list)
    for tour in tours:
        groups[_shared_seat(tour)].append(tour)
    keyed = list(groups.items())
    unfit = Case(
        *[
            When(
                Q(pk__in={t.person_id for t in members})
                & ~(blocking_condition(seat) if justified else fit_condition(seat)),
                then=Value(index),
            )
            for index, ((seat, justified), members) in enumerate(keyed)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    failing = set(
        Person.objects.filter(pk__in={tour.person_id for tour in tours})
        .annotate(unfit=unfit)
        .exclude(unfit=-1)
        .values_list("pk", "unfit")
    )
    return [
        Due(
            organisation_id=tour.organisation_id,
            target=f"deployments.deployment:{tour.pk}",
            due_on=tour.planned_start,
            url=reverse("deployments:detail", args=[tour.pk]),
            params={
                "person": tour.person.full_name,
                "unit": rotation.unit.name,
                "number": rotation.number,
                "mission": tour.mission.acronym,
                "day": tour.planned_start.isoformat(),
            },
            person_id=tour.person_id,
        )
        for index, (_key, members) in enumerate(keyed)
        for tour in members
        if (tour.person_id, index) in failing and (rotation := tour.rotation) is not None
    ]


def _shared_seat(tour: Deployment) -> tuple[Seat, bool]:
    """The tour's seat (`tour_seat_of`) without what is only this member's, so members in the
    same post share it: the own slot is left out through its unit (as when a plan refills the
    unit's slots). True when the person's slot holds a recorded justification, which
    `deployment_problems` lets override all but being somewhere else."""
    seat = tour_seat_of(tour)
    slot = tour.slot
    if slot is None:
        return replace(seat, tour_id=None), False
    shared = replace(seat, slot_id=None, tour_id=None, replanned_unit_ids=frozenset({slot.unit_id}))
    return shared, slot.person_id == tour.person_id and slot.is_overridden


def rotations_to_plan(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Rotations ending within the horizon with no successor planned (`due_for_planning`)."""
    found: list[Due] = []
    if not horizons:
        return found
    longest = max(horizons.values())
    for rotation in (
        Rotation.objects.filter(organisation_id__in=horizons)
        .due_for_planning(today, longest)
        .select_related("unit", "mission")
    ):
        lead = datetime.timedelta(days=horizons[rotation.organisation_id])
        if rotation.ends_on - lead > today:
            continue  # within the longest horizon, not this organisation's
        found.append(
            Due(
                organisation_id=rotation.organisation_id,
                target=f"deployments.rotation:{rotation.pk}",
                due_on=rotation.ends_on,
                url=reverse("deployments:rotation", args=[rotation.pk]),
                params={
                    "unit": rotation.unit.name,
                    "number": rotation.number,
                    "mission": rotation.mission.acronym,
                    "day": rotation.ends_on.isoformat(),
                },
            )
        )
    return found


LAPSING_DURING_TOUR = Kind(
    code="deployments.credential_lapses_during_tour",
    label=_("Credential lapsing during a tour"),
    reason=_(
        "%(person)s: %(credential)s expires on %(day)s, before the tour in %(mission)s ends "
        "(%(end)s)."
    ),
    find=lapsing_during_tours,
    horizon_days=365,
    roles=("personnel_officer", "planner"),
    to_person=True,
    choices={"credential": Credential.Kind},
)
UNFIT_FOR_ROTATION = Kind(
    code="deployments.unfit_for_rotation",
    label=_("Planned person not fit for the rotation"),
    reason=_(
        "%(person)s is planned for rotation %(number)s of %(unit)s (%(mission)s, from %(day)s) "
        "but is not fit for it on its dates."
    ),
    find=unfit_for_rotation,
    horizon_days=180,
    roles=("planner", "personnel_officer"),
)
ROTATION_TO_PLAN = Kind(
    code="deployments.rotation_to_plan",
    label=_("Rotation to plan"),
    reason=_(
        "Rotation %(number)s of %(unit)s in %(mission)s ends on %(day)s: plan the rotation "
        "that relieves it."
    ),
    find=rotations_to_plan,
    horizon_days=180,
    roles=("planner",),
)
