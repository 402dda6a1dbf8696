"""The planner's instance built from the records: the seats of the rotations (one per slot), the
people who may take each (seat fitness, in SQL once per distinct seat), the courses they hold
and the classes that could give them the rest, and their recorded unavailability. The two rules
the planner checks itself (required courses, unavailability) are left out of the SQL answer so
that the planner can say why a slot stays empty and what would fill it."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Max,
    Prefetch,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen import planner
from forcegen.deployments.models import (
    Deployment,
    Rotation,
)
from forcegen.personnel.eligibility import Available, Period
from forcegen.personnel.fitness import Seat, fit_condition
from forcegen.personnel.models import (
    Availability,
    Credential,
    Person,
    Requirement,
)
from forcegen.training.eligibility import CoursesCertified
from forcegen.training.models import Certificate, ClassSession, RequiredCourse
from forcegen.training.services import valid_until
from forcegen.units.fitness import OtherSlots, slot_seat
from forcegen.units.models import Slot

from .models import PLANNABLE, PlanRun

# Rules the planner applies itself from the instance, so that its explanations can name them.
PLANNER_CHECKS: tuple[type, ...] = (CoursesCertified, Available)
# Other units' slots are counted apart, to say how many eligible people are held elsewhere.
COUNTED_APART: tuple[type, ...] = (*PLANNER_CHECKS, OtherSlots)


ENGLISH = "en"


def check_rotations(organisation_id: int, rotations: list[Rotation]) -> None:
    """Rotations a run may plan together: the organisation's own, still forming, one per unit."""
    if not rotations:
        raise ValidationError({"rotations": _("Choose at least one rotation.")})
    problems = []
    for rotation in rotations:
        if rotation.organisation_id != organisation_id:
            problems.append(_("%(rotation)s belongs to another organisation.") % _named(rotation))
        elif rotation.status not in PLANNABLE:
            problems.append(
                _("%(rotation)s is %(status)s: only rotations in planning or forming are planned.")
                % {**_named(rotation), "status": rotation.get_status_display()}
            )
    units_seen = Counter(rotation.unit_id for rotation in rotations)
    if any(count > 1 for count in units_seen.values()):
        problems.append(_("Two rotations of the same unit share its slots: plan them one by one."))
    empty = {r.unit_id for r in rotations} - set(
        Slot.objects.filter(unit__in=units_seen).values_list("unit_id", flat=True).distinct()
    )
    problems += [
        _("%(rotation)s: its unit has no slots to fill.") % _named(r)
        for r in rotations
        if r.unit_id in empty
    ]
    if problems:
        raise ValidationError({"rotations": problems})


def _named(rotation: Rotation) -> dict[str, str]:
    return {"rotation": str(rotation)}


# --- Building the instance ------------------------------------------------------------------------

# A seat's requirement, rotation and periods: everything its SQL answer depends on.
FitKey = tuple[int, int, tuple[Period, ...]]
CourseKey = tuple[int, datetime.date]  # a course, valid through this day


@dataclass(frozen=True)
class PlanSeat:
    """A slot the planner fills, with the rotation whose dates it takes and its fitness seat."""

    slot: Slot
    rotation: Rotation
    requirement: Requirement
    role: str
    seat: Seat

    @property
    def fit_key(self) -> FitKey:
        return (self.requirement.pk, self.rotation.pk, self.seat.periods)

    @property
    def certified_through(self) -> datetime.date:
        return self.seat.end


@dataclass
class Built:
    """The instance (as the planner's JSON and as loaded) and what maps it back to records."""

    run: PlanRun
    data: dict[str, Any]
    instance: planner.Instance
    seats: dict[str, PlanSeat]  # by planner slot id
    kept: list[tuple[Slot, Rotation]]
    people: dict[str, int]  # planner person id (service number) -> person pk
    eligible: dict[FitKey, set[int]]  # fit but for other units' slots and the planner's checks
    busy: dict[FitKey, set[int]]  # people holding an overlapping slot of another unit
    # The planner's requirement names as data: {"course": code, "through": ISO day or None}.
    requirements: dict[str, dict[str, str | None]]


def build_instance(run: PlanRun) -> Built:
    """The planner's instance for the run, from the database in a fixed number of queries per
    distinct seat (no query per person)."""
    rotations = list(
        run.rotations.select_related("unit", "mission").order_by("planned_departure", "pk")
    )
    check_rotations(run.organisation_id, rotations)
    seats, kept = _seats(rotations)
    eligible: dict[FitKey, set[int]] = {}
    busy: dict[FitKey, set[int]] = {}
    for seat in seats:
        if seat.fit_key not in eligible:
            eligible[seat.fit_key] = _fit_ids(run.organisation_id, seat.seat, COUNTED_APART)
            busy[seat.fit_key] = _held_elsewhere(run.organisation_id, seat.seat)
    members = {slot.person_id for slot, _rotation in kept}  # in the plan already
    roles: dict[int, set[str]] = defaultdict(set)
    for seat in seats:
        for person_id in eligible[seat.fit_key] - busy[seat.fit_key] - members:
            roles[person_id].add(seat.role)
    course_keys = _course_keys(seats)
    start = min(seat.seat.start for seat in seats)
    end = max(seat.seat.end for seat in seats)
    people, ids = _people(run.organisation_id, roles, course_keys, start, end)
    classes = _classes(run.organisation_id, course_keys, seats)
    data: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "min_female_share": float(run.min_women_percent) / 100,
        "rest_days": 0,  # the rest between tours is part of each seat's SQL answer
        "min_experienced": run.min_experienced,
        "slots": [_slot_json(seat, course_keys) for seat in seats],
        "people": people,
        "classes": classes,
    }
    return Built(
        run=run,
        data=data,
        instance=planner.load_instance(data),
        seats={str(seat.slot.pk): seat for seat in seats},
        kept=kept,
        people=ids,
        eligible=eligible,
        busy=busy,
        requirements=_requirement_data(seats, course_keys),
    )


def _requirements(ids: set[int]) -> dict[int, Requirement]:
    courses = RequiredCourse.objects.select_related("course").order_by("course__code")
    found = (
        Requirement.objects.filter(pk__in=ids)
        .select_related("specialty")
        .prefetch_related("credentials", "languages", Prefetch("courses", queryset=courses))
    )
    return {requirement.pk: requirement for requirement in found}


def plan_seat(slot: Slot, rotation: Rotation, rotations: list[Rotation]) -> Seat:
    """The fitness seat of a slot filled for a rotation of the run: the units planned together
    are emptied and refilled by the plan, so their slots are no clash."""
    return slot_seat(
        slot,
        tour=Period(rotation.starts_on, rotation.ends_on, rotation.mission_id),
        rotation_id=rotation.pk,
        replanned_unit_ids=frozenset(r.unit_id for r in rotations),
    )


def _seats(rotations: list[Rotation]) -> tuple[list[PlanSeat], list[tuple[Slot, Rotation]]]:
    """Every slot of the rotations' units; slots held by a member of the rotation are kept."""
    by_unit = {rotation.unit_id: rotation for rotation in rotations}
    members = set(
        Deployment.objects.live()
        .filter(rotation__in=rotations)
        .values_list("rotation_id", "person_id")
    )
    slots = list(
        Slot.objects.filter(unit__in=by_unit)
        .select_related("unit")
        .order_by("unit_id", "order", "seat", "pk")
    )
    slots.sort(key=lambda s: (by_unit[s.unit_id].planned_departure, by_unit[s.unit_id].pk))
    requirements = _requirements({slot.requirement_id for slot in slots})
    several = len(rotations) > 1
    seats, kept = [], []
    for slot in slots:
        rotation = by_unit[slot.unit_id]
        if slot.person_id is not None and (rotation.pk, slot.person_id) in members:
            kept.append((slot, rotation))
            continue
        slot.requirement = requirements[slot.requirement_id]
        # One role per requirement and rotation: who is free differs from rotation to rotation.
        role = f"{slot.requirement.name} ({rotation})" if several else slot.requirement.name
        seat = plan_seat(slot, rotation, rotations)
        seats.append(PlanSeat(slot, rotation, slot.requirement, role, seat))
    return seats, kept


def _fit_ids(organisation_id: int, seat: Seat, skip: tuple[type, ...] = ()) -> set[int]:
    people = Person.objects.filter(organisation_id=organisation_id)
    return set(people.filter(fit_condition(seat, skip)).values_list("pk", flat=True))


def _held_elsewhere(organisation_id: int, seat: Seat) -> set[int]:
    """People holding a slot of another unit over the seat's dates."""
    people = Person.objects.filter(organisation_id=organisation_id)
    return set(people.exclude(OtherSlots().condition(seat)).values_list("pk", flat=True))


def _course_keys(seats: list[PlanSeat]) -> dict[CourseKey, str]:
    """The planner's requirement names for courses: the course code, with the date it must be
    valid through when the run's rotations need different dates."""
    needed: dict[CourseKey, str] = {}
    for seat in seats:
        for required in seat.requirement.courses.all():
            needed[(required.course_id, seat.certified_through)] = required.course.code
    ends = Counter(course for course, _end in needed)
    return {
        key: code
        if ends[key[0]] == 1
        else _("%(course)s valid to %(day)s") % {"course": code, "day": key[1].isoformat()}
        for key, code in needed.items()
    }


def _requirement_data(
    seats: list[PlanSeat], course_keys: dict[CourseKey, str]
) -> dict[str, dict[str, str | None]]:
    """What each requirement name of the instance stands for, so that explanations can be
    worded in any language: the course's code, and the day it must be valid through when the
    name carries one."""
    codes = {
        required.course_id: required.course.code
        for seat in seats
        for required in seat.requirement.courses.all()
    }
    return {
        name: {
            "course": codes[course_id],
            "through": None if name == codes[course_id] else through.isoformat(),
        }
        for (course_id, through), name in course_keys.items()
    }


def _slot_json(seat: PlanSeat, course_keys: dict[CourseKey, str]) -> dict[str, Any]:
    requires = sorted(
        course_keys[(required.course_id, seat.certified_through)]
        for required in seat.requirement.courses.all()
    )
    return {
        "id": str(seat.slot.pk),
        "role": seat.role,
        "requires": requires,
        "female_only": seat.requirement.female_only,
        # The seat's whole span (the tour, and the unit's own period when it differs), over
        # which the planner checks recorded unavailability.
        "start": seat.seat.start.isoformat(),
        "end": seat.seat.end.isoformat(),
    }


def _people(
    organisation_id: int,
    roles: dict[int, set[str]],
    course_keys: dict[CourseKey, str],
    start: datetime.date,
    end: datetime.date,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The candidates (people eligible for at least one slot) as the planner's JSON."""
    has = _courses_held(organisation_id, course_keys)
    tours = dict(
        Deployment.objects.filter(organisation_id=organisation_id, status__in=Deployment.ENDED)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    english = dict(
        Credential.objects.filter(
            organisation_id=organisation_id, kind=Credential.Kind.LANGUAGE, detail__iexact=ENGLISH
        )
        .valid_through(start)
        .order_by()
        .values("person_id")
        .annotate(best=Max("level"))
        .values_list("person_id", "best")
    )
    away = _unavailable(organisation_id, start, end)
    rows = (
        Person.objects.filter(organisation_id=organisation_id, status=Person.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "service_number", "sex", "last_mission_return")
    )
    people, ids = [], {}
    for pk, number, sex, back in rows:
        if pk not in roles:
            continue
        ids[number] = pk
        # A return recorded before the system counts as a tour, like the rest period does.
        count = max(tours.get(pk, 0), 1 if back else 0)
        person: dict[str, Any] = {
            "id": number,
            "sex": sex,
            "roles": sorted(roles[pk]),
            "has": sorted(has.get(pk, ())),
            "deployments": count,
            "unavailable": [[a.isoformat(), b.isoformat()] for a, b in away.get(pk, ())],
        }
        if back:
            person["last_return"] = back.isoformat()
        if english.get(pk):
            person["language_score"] = english[pk]
        people.append(person)
    return people, ids


def _courses_held(organisation_id: int, course_keys: dict[CourseKey, str]) -> dict[int, set[str]]:
    has: dict[int, set[str]] = defaultdict(set)
    for (course_id, through), name in course_keys.items():
        holders = (
            Certificate.objects.valid_through(through)
            .filter(course_id=course_id, person__organisation_id=organisation_id)
            .values_list("person_id", flat=True)
        )
        for person_id in holders:
            has[person_id].add(name)
    return has


def _unavailable(
    organisation_id: int, start: datetime.date, end: datetime.date
) -> dict[int, list[tuple[datetime.date, datetime.date]]]:
    """Recorded unavailability (the `Available` rule, which the planner checks and explains)."""
    away: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    periods = (
        Availability.objects.filter(
            organisation_id=organisation_id, starts_on__lte=end, ends_on__gte=start
        )
        .order_by("person_id", "starts_on", "ends_on")
        .values_list("person_id", "starts_on", "ends_on")
    )
    for person_id, first, last in periods:
        away[person_id].append((first, last))
    return away


def _classes(
    organisation_id: int, course_keys: dict[CourseKey, str], seats: list[PlanSeat]
) -> list[dict[str, Any]]:
    """Classes still to come, with a free seat, of the courses the slots require (the
    organisation's own and partners' shared ones), and what passing each would give."""
    if not course_keys:
        return []
    deadline = max(seat.rotation.starts_on for seat in seats)
    sessions = (
        ClassSession.objects.visible_to_organisation(organisation_id)
        .closing_gaps_by(deadline, timezone.localdate())
        .filter(course_id__in={course for course, _end in course_keys})
        .select_related("course")
        .order_by("ends_on", "pk")
    )
    classes: list[dict[str, Any]] = []
    names: set[str] = set()
    for session in sessions:
        until = valid_until(session.course, session.ends_on)
        gives = sorted(
            name
            for (course_id, through), name in course_keys.items()
            if course_id == session.course_id and (until is None or until >= through)
        )
        if not gives:
            continue
        label = session.reference or session.course.code
        if label in names:  # a partner's class may share a reference with one of ours
            label = f"{label} #{session.pk}"
        names.add(label)
        classes.append(
            {
                "id": label,
                "gives": gives,
                "ends": session.ends_on.isoformat(),
                "seats": max(getattr(session, "seats_left", 0), 0),
            }
        )
    return classes
