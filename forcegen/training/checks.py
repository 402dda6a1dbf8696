"""Can this person take this class? Every reason they cannot, in words an officer can act on.

Prerequisites and the language level are read from the trainee's certificates and credentials;
clashes from their other classes and their recorded unavailability. The messages reach the
centre too, so they name dates and courses, never a credential's details or why someone is away.

Other apps add clash checks with `register_clash` (the deployments app refuses a class that
overlaps a deployment). `Person.last_mission_return` is not used: it is a past return date, which
says nothing about where the person will be during a future class.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import day
from forcegen.personnel.models import (
    Availability,
    Credential,
    LanguageLevel,
    Person,
    language_name,
)

from .models import Certificate, ClassSession, Enrolment

# (person, class) -> reasons the person is elsewhere during the class.
ClashCheck = Callable[[Person, ClassSession], list[str]]


def _span(start: datetime.date, end: datetime.date) -> str:
    return f"{day(start)} – {day(end)}"


def missing_prerequisites(person: Person, session: ClassSession) -> list[str]:
    """Each prerequisite course needs a certificate still valid on the first day of the class."""
    reasons = []
    start = session.starts_on
    prerequisites = list(session.course.prerequisites.all())
    held = Certificate.objects.filter(
        person=person, course__in=prerequisites, revoked_at__isnull=True
    )
    by_course: dict[int, list[Certificate]] = {}
    for certificate in held:
        by_course.setdefault(certificate.course_id, []).append(certificate)
    for course in prerequisites:
        mine = by_course.get(course.pk, [])
        if any(c.valid_until is None or c.valid_until >= start for c in mine):
            continue
        if not mine:
            reasons.append(
                _("%(person)s has not passed the prerequisite %(course)s.")
                % {"person": person.full_name, "course": course.code}
            )
        else:
            latest = max(c.valid_until for c in mine if c.valid_until)
            reasons.append(
                _("%(person)s's %(course)s certificate expired %(expiry)s, before the class.")
                % {"person": person.full_name, "course": course.code, "expiry": day(latest)}
            )
    return reasons


def language_shortfall(person: Person, session: ClassSession) -> list[str]:
    """The course's language at its minimum level, with a result valid on the first day."""
    course = session.course
    if not course.min_language or course.min_language_level is None:
        return []
    name = language_name(course.min_language)
    minimum = LanguageLevel(course.min_language_level).label
    results = Credential.objects.valid_through(session.starts_on).filter(
        person=person, kind=Credential.Kind.LANGUAGE, detail__iexact=course.min_language
    )
    best = max((c.level or 0 for c in results), default=0)
    if best == 0:
        return [
            _("%(person)s has no valid %(language)s result; the course requires %(minimum)s.")
            % {"person": person.full_name, "language": name, "minimum": minimum}
        ]
    if best < course.min_language_level:
        return [
            _("%(person)s's %(language)s level %(level)s is below the required %(minimum)s.")
            % {
                "person": person.full_name,
                "language": name,
                "level": LanguageLevel(best).label,
                "minimum": minimum,
            }
        ]
    return []


def other_classes(person: Person, session: ClassSession) -> list[str]:
    overlapping = (
        Enrolment.objects.active()
        .filter(
            person=person,
            session__starts_on__lte=session.ends_on,
            session__ends_on__gte=session.starts_on,
        )
        .exclude(session=session)
        .exclude(session__status=ClassSession.Status.CANCELLED)
        .select_related("session__course")
    )
    return [
        _("%(person)s is already %(status)s for %(course)s (%(dates)s), which overlaps.")
        % {
            "person": person.full_name,
            "status": e.get_status_display().lower(),
            "course": e.session.course.code,
            "dates": _span(e.session.starts_on, e.session.ends_on),
        }
        for e in overlapping
    ]


def unavailability(person: Person, session: ClassSession) -> list[str]:
    periods = Availability.objects.filter(
        person=person, starts_on__lte=session.ends_on, ends_on__gte=session.starts_on
    )
    return [
        _("%(person)s is recorded as unavailable %(dates)s.")
        % {"person": person.full_name, "dates": _span(a.starts_on, a.ends_on)}
        for a in periods
    ]


CLASH_CHECKS: list[ClashCheck] = [other_classes, unavailability]


def register_clash(check: ClashCheck) -> None:
    """Extension point: the deployments app adds "deployed during the class" here."""
    if check not in CLASH_CHECKS:
        CLASH_CHECKS.append(check)


def clashes(person: Person, session: ClassSession) -> list[str]:
    return [reason for check in CLASH_CHECKS for reason in check(person, session)]


def nomination_problems(person: Person, session: ClassSession) -> list[str]:
    """Everything that stops this person taking this class; empty when nothing does."""
    return [
        *missing_prerequisites(person, session),
        *language_shortfall(person, session),
        *clashes(person, session),
    ]
