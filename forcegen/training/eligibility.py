"""What training adds to eligibility and seat fitness: each required course, with a certificate
that is not revoked and still valid on the last day of the period; and no class during the seat."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import Period, day
from forcegen.personnel.fitness import Seat
from forcegen.personnel.models import Person, Requirement

from .models import Certificate, ClassSession, Enrolment, EnrolmentQuerySet, RequiredCourse


def _required(requirement: Requirement) -> list[RequiredCourse]:
    # Honours a prefetch of "courses__course"; otherwise one query.
    if "courses" in getattr(requirement, "_prefetched_objects_cache", {}):
        return list(requirement.courses.all())
    return list(requirement.courses.select_related("course"))


class CoursesCertified:
    def explain(self, person: Person, requirement: Requirement, period: Period) -> list[str]:
        required = _required(requirement)
        if not required:
            return []
        held = list(person.certificates.all())  # uses a prefetch of "certificates" if any
        failures = []
        for needed in required:
            code = needed.course.code
            mine = [c for c in held if c.course_id == needed.course_id]
            standing = [c for c in mine if c.revoked_at is None]
            if any(c.valid_until is None or c.valid_until >= period.end for c in standing):
                continue
            if not mine:
                failures.append(_("never passed %(course)s") % {"course": code})
            elif not standing:
                failures.append(_("the %(course)s certificate was revoked") % {"course": code})
            else:
                latest = max(c.valid_until for c in standing if c.valid_until)
                failures.append(
                    _("no valid %(course)s certificate through %(end)s: latest expired %(expiry)s")
                    % {"course": code, "end": day(period.end), "expiry": day(latest)}
                )
        return failures

    def condition(self, requirement: Requirement, period: Period) -> Q:
        """One certificate check per required course, like the credentials rule: a correlated
        "no required course lacks a certificate" subquery is several times slower on large sets."""
        q = Q()
        for needed in _required(requirement):
            valid = Certificate.objects.valid_through(period.end).filter(
                person_id=OuterRef("pk"), course_id=needed.course_id
            )
            q &= Q(Exists(valid))
        return q


def _classes_during(seat: Seat) -> EnrolmentQuerySet:
    """Places held in classes (not cancelled) that meet the seat's dates."""
    return (
        Enrolment.objects.active()
        .filter(session__starts_on__lte=seat.end, session__ends_on__gte=seat.start)
        .exclude(session__status=ClassSession.Status.CANCELLED)
    )


class InClass:
    """A seat check (personnel.fitness): in a class while the seat needs the person."""

    def explain(self, person: Person, seat: Seat) -> list[str]:
        places = _classes_during(seat).filter(person_id=person.pk).select_related("session__course")
        return [
            _("%(status)s for %(course)s (%(dates)s), which overlaps the period")
            % {
                "status": e.get_status_display().lower(),
                "course": e.session.course.code,
                "dates": f"{day(e.session.starts_on)} – {day(e.session.ends_on)}",
            }
            for e in places.order_by("session__starts_on", "pk")
        ]

    def condition(self, seat: Seat) -> Q:
        return ~Q(Exists(_classes_during(seat).filter(person_id=OuterRef("pk"))))
