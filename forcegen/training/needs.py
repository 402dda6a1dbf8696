"""Training needs: for a group of people and a deadline (a unit's departure, say), who lacks which
course, and which coming classes would close each gap in time.

Set-based: the group, the courses it needs, the certificates it holds, the courses and the classes
are five queries whatever the group's size; the gaps are a set difference of the two middle ones.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.personnel.models import Person, Requirement, Specialty

from .models import Certificate, ClassSession, Course

if TYPE_CHECKING:
    from .registers import NeedsFilters

MAX_PEOPLE = 5000  # a whole contingent is a few hundred; a larger group is a mis-click

Pair = tuple[int, int]  # (person id, course id)


@dataclass(frozen=True)
class CourseNeed:
    course: Course
    missing: int
    classes: list[ClassSession]  # annotated with seats_left

    @property
    def seats(self) -> int:
        return sum(max(0, getattr(c, "seats_left", 0)) for c in self.classes)

    @property
    def shortfall(self) -> int:
        """People the coming classes cannot seat in time."""
        return max(0, self.missing - self.seats)


@dataclass(frozen=True)
class PersonNeeds:
    person: Person
    gaps: list[CourseNeed]


@dataclass(frozen=True)
class TrainingNeeds:
    deadline: datetime.date
    group_size: int
    rows: list[PersonNeeds]  # only the people with a gap, by name
    courses: list[CourseNeed]  # every course someone lacks, by code

    @property
    def gap_count(self) -> int:
        return sum(len(row.gaps) for row in self.rows)


def select_people(
    user: object,
    *,
    specialty: Specialty | None = None,
    unit: str = "",
    requirement: Requirement | None = None,
    service_numbers: Sequence[str] = (),
) -> QuerySet[Person]:
    """Active personnel the user may see, narrowed by whichever criteria are given."""
    people = Person.objects.visible_to(user).filter(status=Person.Status.ACTIVE)
    if specialty is not None:
        people = people.filter(specialties=specialty)
    if requirement is not None and requirement.specialty_id is not None:
        people = people.filter(specialties=requirement.specialty_id)
    if unit.strip():
        people = people.filter(home_unit__icontains=unit.strip())
    if service_numbers:
        people = people.filter(service_number__in=service_numbers)
    return people.distinct()


def requirement_courses(requirement: Requirement) -> list[Course]:
    """The courses an eligibility requirement asks for (empty: go by specialty)."""
    return list(Course.objects.filter(required_by__requirement=requirement).order_by("code"))


def chosen_courses(
    courses: Sequence[Course], requirement: Requirement | None
) -> list[Course] | None:
    """The courses to check: those picked, else the requirement's, else None (each person's
    specialties decide)."""
    picked = list(courses) or (requirement_courses(requirement) if requirement else [])
    return picked or None


def _needed_for_specialties(people: QuerySet[Person], courses: QuerySet[Course]) -> set[Pair]:
    """(person, course) for each course required for one of the person's specialties."""
    rows = Person.specialties.through.objects.filter(
        person_id__in=people.values("pk"), specialty__required_courses__in=courses
    ).values_list("person_id", "specialty__required_courses")
    return set(rows)


def _held(people: QuerySet[Person], course_ids: set[int], deadline: datetime.date) -> set[Pair]:
    valid = Certificate.objects.valid_through(deadline).filter(
        person_id__in=people.values("pk"), course_id__in=course_ids
    )
    return set(valid.values_list("person_id", "course_id"))


def training_needs(
    *,
    user: object,
    people: QuerySet[Person],
    deadline: datetime.date,
    courses: Sequence[Course] | None = None,
    today: datetime.date | None = None,
) -> TrainingNeeds:
    """Who in `people` lacks a certificate valid on `deadline` for `courses` (by default: the
    courses required for their specialties), and the classes visible to the user that end by
    the deadline, have not started and have a free seat."""
    today = today or timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline has passed.")})
    group = list(people.select_related("rank").order_by("full_name", "pk")[: MAX_PEOPLE + 1])
    if len(group) > MAX_PEOPLE:
        raise ValidationError(
            _("Choose at most %(max)d people at once (by specialty, unit or requirement).")
            % {"max": MAX_PEOPLE}
        )
    catalogue = Course.objects.visible_to(user)
    if courses is None:
        needed = _needed_for_specialties(people, catalogue)
    else:
        needed = {(p.pk, c.pk) for p in group for c in courses}
    gaps = needed - _held(people, {course for _, course in needed}, deadline)
    missing = Counter(course for _, course in gaps)
    classes: dict[int, list[ClassSession]] = {course: [] for course in missing}
    for session in (
        ClassSession.objects.visible_to(user)
        .filter(course_id__in=missing)
        .closing_gaps_by(deadline, today)
        .select_related("organisation")
        .order_by("starts_on", "pk")
    ):
        classes[session.course_id].append(session)
    by_course = {
        course.pk: CourseNeed(course, missing[course.pk], classes[course.pk])
        for course in catalogue.filter(pk__in=missing).order_by("code", "pk")
    }
    per_person: dict[int, list[CourseNeed]] = {}
    for person_id, course_id in sorted(gaps, key=lambda gap: by_course[gap[1]].course.code):
        per_person.setdefault(person_id, []).append(by_course[course_id])
    rows = [PersonNeeds(p, per_person[p.pk]) for p in group if p.pk in per_person]
    return TrainingNeeds(deadline, len(group), rows, list(by_course.values()))


def for_filters(user: object, filters: NeedsFilters) -> TrainingNeeds:
    """The needs a page's or an API request's filters ask for. A specialty or requirement the
    user may not see is a 404; an unknown course, or no deadline, is refused."""
    if filters.deadline is None:
        raise ValidationError({"deadline": _("Give the date the people must be trained by.")})
    specialty = (
        get_object_or_404(Specialty.objects.all(), code=filters.specialty)
        if filters.specialty
        else None
    )
    requirement = (
        get_object_or_404(Requirement.objects.visible_to(user), pk=filters.requirement)
        if filters.requirement
        else None
    )
    courses = list(Course.objects.visible_to(user).filter(pk__in=filters.courses))
    if len(courses) != len(set(filters.courses)):
        raise ValidationError({"courses": _("Unknown course id.")})
    people = select_people(
        user,
        specialty=specialty,
        unit=filters.unit,
        requirement=requirement,
        service_numbers=filters.service_numbers,
    )
    return training_needs(
        user=user,
        people=people,
        deadline=filters.deadline,
        courses=chosen_courses(courses, requirement),
    )
