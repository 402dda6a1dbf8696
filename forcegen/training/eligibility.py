"""The training rule of personnel eligibility: each required course, with a certificate that is
not revoked and still valid on the last day of the period."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import Period, day
from forcegen.personnel.models import Person, Requirement

from .models import Certificate, RequiredCourse


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
