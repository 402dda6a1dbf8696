"""Writes of the training app. Each is keyword-only and atomic, and refuses bad input with a
message a training officer can act on. Views, the API, commands and the demo all call these."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.core.dates import add_months
from forcegen.core.models import Organisation, SharingGrant
from forcegen.personnel.models import Person, Requirement, Specialty

from .checks import nomination_problems
from .models import (
    SEATED_STATUSES,
    Attendance,
    Certificate,
    ClassSession,
    Course,
    Enrolment,
    RequiredCourse,
)

# --- Catalogue ----------------------------------------------------------------------------------


@transaction.atomic
def save_course(
    *,
    organisation: Organisation,
    course: Course | None = None,
    prerequisites: Iterable[Course] | None = None,
    required_for: Iterable[Specialty] | None = None,
    **fields: Any,
) -> Course:
    """Create a course in the organisation's catalogue (course=None) or update one."""
    course = course or Course(organisation=organisation)
    if course.organisation_id != organisation.pk:
        raise ValidationError(_("This course belongs to another organisation's catalogue."))
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    if prerequisites is not None:
        prerequisites = list(prerequisites)
        if any(p.pk == course.pk or p.organisation_id != organisation.pk for p in prerequisites):
            raise ValidationError(
                {"prerequisites": _("Prerequisites must be other courses of your catalogue.")}
            )
        course.prerequisites.set(prerequisites)
    if required_for is not None:
        course.required_for.set(required_for)
    return course


@transaction.atomic
def require_course(*, requirement: Requirement, course: Course) -> RequiredCourse:
    """Make an eligibility requirement ask for a valid certificate of this course."""
    required, _created = RequiredCourse.objects.get_or_create(
        requirement=requirement, course=course
    )
    return required


@transaction.atomic
def unrequire_course(*, requirement: Requirement, course: Course) -> None:
    RequiredCourse.objects.filter(requirement=requirement, course=course).delete()


# --- Classes ------------------------------------------------------------------------------------


def _check_partners(organisation: Organisation, partners: list[Organisation]) -> None:
    granted = set(
        SharingGrant.objects.active()
        .filter(grantor=organisation, scope=SharingGrant.Scope.COURSE_CATALOGUE)
        .values_list("grantee_id", flat=True)
    )
    refused = [p for p in partners if p.pk not in granted]
    if refused:
        raise ValidationError(
            {
                "shared_with": _(
                    "Share your course catalogue with %(partners)s first (organisation page, "
                    "sharing), then open the class to them."
                )
                % {"partners": ", ".join(p.name_en for p in refused)}
            }
        )


def _accepted(session: ClassSession) -> int:
    """Trainees holding a seat: accepted, or already assessed."""
    return session.enrolments.filter(status__in=SEATED_STATUSES).count()


def _lock(session: ClassSession) -> ClassSession:
    """Lock the class row so two decisions cannot both take its last seat."""
    return ClassSession.objects.select_for_update().select_related("course").get(pk=session.pk)


@transaction.atomic
def save_class(
    *,
    organisation: Organisation,
    session: ClassSession | None = None,
    instructors: Iterable[Person] | None = None,
    shared_with: Iterable[Organisation] | None = None,
    **fields: Any,
) -> ClassSession:
    """Create a class of one of the organisation's courses (session=None) or update one.

    Adding seats promotes people from the waiting list; removing seats below the number already
    accepted is refused.
    """
    if session is not None:
        session = _lock(session)
    session = session or ClassSession(organisation=organisation)
    if session.organisation_id != organisation.pk:
        raise ValidationError(_("This class belongs to another organisation."))
    for name, value in fields.items():
        setattr(session, name, value)
    if session.course_id and session.course.organisation_id != organisation.pk:
        raise ValidationError({"course": _("Choose a course of your own catalogue.")})
    session.full_clean()
    _check_dates_fit_status(session, session.status)
    if session.pk is not None and session.capacity < (taken := _accepted(session)):
        raise ValidationError(
            {
                "capacity": _(
                    "%(taken)d trainees are already accepted: keep at least %(taken)d seats, or "
                    "decline some first."
                )
                % {"taken": taken}
            }
        )
    session.save()
    if instructors is not None:
        instructors = list(instructors)
        if any(p.organisation_id != organisation.pk for p in instructors):
            raise ValidationError(
                {"instructors": _("Instructors must be your own personnel; name others below.")}
            )
        session.instructors.set(instructors)
    if shared_with is not None:
        partners = [p for p in shared_with if p.pk != organisation.pk]
        _check_partners(organisation, partners)
        session.shared_with.set(partners)
    _promote_waitlisted(session)
    return session


TRANSITIONS: dict[str, set[str]] = {
    ClassSession.Status.PLANNED: {ClassSession.Status.OPEN, ClassSession.Status.CANCELLED},
    ClassSession.Status.OPEN: {
        ClassSession.Status.PLANNED,
        ClassSession.Status.RUNNING,
        ClassSession.Status.CANCELLED,
    },
    ClassSession.Status.RUNNING: {ClassSession.Status.COMPLETED, ClassSession.Status.CANCELLED},
    ClassSession.Status.COMPLETED: set(),
    ClassSession.Status.CANCELLED: set(),
}


def _check_dates_fit_status(session: ClassSession, status: str) -> None:
    """A class runs from its first day and is completed from its last: its status follows its
    dates, so results and certificates cannot come before the class has happened."""
    today = timezone.localdate()
    if status == ClassSession.Status.RUNNING and session.starts_on > today:
        raise ValidationError(
            _("The class starts on %(day)s: it can be running from that day.")
            % {"day": session.starts_on.isoformat()}
        )
    if status == ClassSession.Status.COMPLETED and session.ends_on > today:
        raise ValidationError(
            _("The class lasts until %(day)s: it can be completed from that day.")
            % {"day": session.ends_on.isoformat()}
        )


@transaction.atomic
def set_class_status(*, session: ClassSession, status: str) -> ClassSession:
    """Move a class along planned → open → running → completed (or cancel it); a class runs
    from its first day and is completed from its last.

    Cancelling declines every pending or accepted nomination, with the reason.
    """
    session = _lock(session)
    if status not in ClassSession.Status.values:
        raise ValidationError(_("Unknown class status “%(status)s”.") % {"status": status})
    if status not in TRANSITIONS[session.status]:
        allowed = ", ".join(
            str(label)
            for value, label in ClassSession.Status.choices
            if value in TRANSITIONS[session.status]
        )
        raise ValidationError(
            _("A class that is %(current)s cannot become %(new)s. Possible: %(allowed)s.")
            % {
                "current": session.get_status_display().lower(),
                "new": str(ClassSession.Status(status).label).lower(),
                "allowed": allowed or _("none"),
            }
        )
    _check_dates_fit_status(session, status)
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    if status == ClassSession.Status.CANCELLED:
        for enrolment in session.enrolments.active():
            enrolment.status = Enrolment.Status.DECLINED
            enrolment.decided_at = timezone.now()
            enrolment.decision_note = _("The class was cancelled.")
            enrolment.save(update_fields=["status", "decided_at", "decision_note"])
    return session


# --- Nominations --------------------------------------------------------------------------------


def _may_nominate(session: ClassSession, organisation: Organisation) -> bool:
    if session.organisation_id == organisation.pk:
        return True
    granted = SharingGrant.objects.active().filter(
        grantor_id=session.organisation_id,
        grantee=organisation,
        scope=SharingGrant.Scope.COURSE_CATALOGUE,
    )
    return granted.exists() and session.shared_with.filter(pk=organisation.pk).exists()


@transaction.atomic
def nominate(
    *, session: ClassSession, person: Person, organisation: Organisation, user: Any = None
) -> Enrolment:
    """Put one of the organisation's people forward for a class; the centre decides later."""
    session = _lock(session)
    if person.organisation_id != organisation.pk:
        raise ValidationError(_("You can only nominate your own organisation's personnel."))
    if not _may_nominate(session, organisation):
        raise ValidationError(_("This class is not open to your organisation."))
    if session.status != ClassSession.Status.OPEN:
        raise ValidationError(
            _("Nominations for this class are closed (it is %(status)s).")
            % {"status": session.get_status_display().lower()}
        )
    existing = (
        session.enrolments.filter(person=person)
        .exclude(status__in=[Enrolment.Status.DECLINED, Enrolment.Status.WITHDRAWN])
        .first()
    )
    if existing is not None:
        raise ValidationError(
            _("%(person)s is already on this class (%(status)s).")
            % {"person": person.full_name, "status": existing.get_status_display().lower()}
        )
    problems = nomination_problems(person, session)
    if problems:
        raise ValidationError(problems)
    enrolment = Enrolment(
        organisation=organisation, session=session, person=person, nominated_by=user
    )
    enrolment.full_clean()
    enrolment.save()
    return enrolment


def _decision_allowed(enrolment: Enrolment, allowed: AbstractSet[str], action: str) -> None:
    if enrolment.status not in allowed:
        raise ValidationError(
            _("A nomination that is %(status)s cannot be %(action)s.")
            % {"status": enrolment.get_status_display().lower(), "action": action}
        )


def _reload(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_related("session__course", "person").get(pk=enrolment.pk)


@transaction.atomic
def accept(*, enrolment: Enrolment) -> Enrolment:
    """Give the trainee a seat, or a place on the waiting list when the class is full."""
    session = _lock(enrolment.session)
    enrolment = _reload(enrolment)
    _decision_allowed(enrolment, {Enrolment.Status.NOMINATED}, _("accepted"))
    if session.status not in {ClassSession.Status.OPEN, ClassSession.Status.RUNNING}:
        raise ValidationError(
            _("The class is %(status)s: nominations can no longer be accepted.")
            % {"status": session.get_status_display().lower()}
        )
    problems = nomination_problems(enrolment.person, session)
    if problems:
        raise ValidationError(problems)
    enrolment.decided_at = timezone.now()
    if _accepted(session) < session.capacity:
        enrolment.status = Enrolment.Status.ACCEPTED
    else:
        enrolment.status = Enrolment.Status.WAITLISTED
        enrolment.queued_at = enrolment.decided_at
    enrolment.save(update_fields=["status", "decided_at", "queued_at"])
    return enrolment


def waiting_position(enrolment: Enrolment) -> int:
    ahead = enrolment.session.enrolments.filter(
        status=Enrolment.Status.WAITLISTED, queued_at__lt=enrolment.queued_at
    )
    return ahead.count() + 1


def _promote_waitlisted(session: ClassSession) -> list[Enrolment]:
    """Fill free seats from the waiting list, first come first served (caller holds the lock)."""
    free = session.capacity - _accepted(session)
    if free <= 0:
        return []
    promoted = list(
        session.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by("queued_at", "pk")[
            :free
        ]
    )
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.ACCEPTED
        enrolment.decided_at = timezone.now()
        enrolment.save(update_fields=["status", "decided_at"])
    return promoted


def _close(enrolment: Enrolment, status: str, note: str) -> Enrolment:
    session = _lock(enrolment.session)
    enrolment = _reload(enrolment)
    allowed = {Enrolment.Status.NOMINATED, Enrolment.Status.WAITLISTED, Enrolment.Status.ACCEPTED}
    _decision_allowed(enrolment, allowed, str(Enrolment.Status(status).label).lower())
    freed_a_seat = enrolment.status == Enrolment.Status.ACCEPTED
    enrolment.status = status
    enrolment.decided_at = timezone.now()
    enrolment.decision_note = note
    enrolment.save(update_fields=["status", "decided_at", "decision_note"])
    if freed_a_seat:
        _promote_waitlisted(session)
    return enrolment


@transaction.atomic
def decline(*, enrolment: Enrolment, reason: str) -> Enrolment:
    """The centre turns a nomination down; the nominating organisation sees the reason."""
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give a reason: the nominating organisation will see it.")}
        )
    return _close(enrolment, Enrolment.Status.DECLINED, reason.strip())


@transaction.atomic
def withdraw(*, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The nominating organisation takes its nomination back; a freed seat goes to the list."""
    return _close(enrolment, Enrolment.Status.WITHDRAWN, reason.strip())


# --- Attendance and results ---------------------------------------------------------------------

ATTENDING = {Enrolment.Status.ACCEPTED, Enrolment.Status.PASSED, Enrolment.Status.FAILED}
ASSESSABLE = {Enrolment.Status.ACCEPTED, Enrolment.Status.FAILED}  # a fail may be re-assessed
UNDER_WAY = {ClassSession.Status.RUNNING, ClassSession.Status.COMPLETED}


def _check_under_way(session: ClassSession) -> None:
    if session.status not in UNDER_WAY:
        raise ValidationError(
            _("The class is %(status)s: start it before recording attendance or results.")
            % {"status": session.get_status_display().lower()}
        )


def _check_register_days(session: ClassSession, days: Iterable[datetime.date]) -> None:
    today = timezone.localdate()
    for day in sorted(set(days)):
        if not session.starts_on <= day <= session.ends_on:
            raise ValidationError(
                {"day": _("%(day)s is not a day of this class.") % {"day": day.isoformat()}}
            )
        if day > today:
            raise ValidationError(
                {
                    "day": _("%(day)s has not come yet: attendance is kept up to today.")
                    % {"day": day.isoformat()}
                }
            )


@transaction.atomic
def record_register(
    *, session: ClassSession, marks: Mapping[tuple[int, datetime.date], str]
) -> int:
    """Store the class register at once: (enrolment id, day) → present/absent/excused for any
    trainees and days that have come. All marks are stored, or none; unchanged ones are kept."""
    _check_under_way(session)
    _check_register_days(session, (day for _enrolment, day in marks))
    bad = set(marks.values()) - set(Attendance.Mark.values)
    if bad:
        raise ValidationError(_("Unknown attendance mark: %(marks)s.") % {"marks": ", ".join(bad)})
    wanted = {enrolment_id for enrolment_id, _day in marks}
    trainees = set(
        session.enrolments.filter(pk__in=wanted, status__in=ATTENDING).values_list("pk", flat=True)
    )
    if trainees != wanted:
        raise ValidationError(_("Attendance is only kept for accepted trainees of this class."))
    stored = {
        (a.enrolment_id, a.day): a for a in Attendance.objects.filter(enrolment_id__in=wanted)
    }
    changed = 0
    for (enrolment_id, day), mark in marks.items():
        existing = stored.get((enrolment_id, day))
        if existing is None:
            Attendance.objects.create(enrolment_id=enrolment_id, day=day, mark=mark)
        elif existing.mark != mark:
            existing.mark = mark
            existing.save(update_fields=["mark"])
        else:
            continue
        changed += 1
    return changed


@transaction.atomic
def record_attendance(
    *, session: ClassSession, day: datetime.date, marks: Mapping[int, str]
) -> int:
    """Mark each trainee (enrolment id → present/absent/excused) for one day of the class."""
    return record_register(
        session=session,
        marks={(enrolment_id, day): mark for enrolment_id, mark in marks.items()},
    )


def _check_results_due(session: ClassSession) -> None:
    """Results come once the class has run: completed, or running on its last day."""
    _check_under_way(session)
    if session.ends_on > timezone.localdate():
        raise ValidationError(
            _("The class lasts until %(day)s: record results from that day.")
            % {"day": session.ends_on.isoformat()}
        )


def attendance_shortfall(enrolment: Enrolment) -> str:
    """Why the trainee's attendance is too low to pass (empty when it is enough)."""
    session = enrolment.session
    total = len(session.days())
    present = enrolment.attendance.filter(mark=Attendance.Mark.PRESENT).count()
    required = session.course.min_attendance
    if present * 100 >= required * total:
        return ""
    return _(
        "Present %(present)d of %(total)d days (%(share)d %%); the course requires %(required)d %%."
    ) % {
        "present": present,
        "total": total,
        "share": present * 100 // total,
        "required": required,
    }


@transaction.atomic
def record_result(*, enrolment: Enrolment, score: Decimal, remarks: str = "") -> Enrolment:
    """Score an accepted trainee (or re-assess a failed one) once the class has run: a score at
    or above the course's pass mark, with the course's minimum attendance, passes, and a pass
    issues the certificate. Too little attendance fails, and the reason is kept."""
    _lock(enrolment.session)
    enrolment = _reload(enrolment)
    _check_results_due(enrolment.session)
    _decision_allowed(enrolment, ASSESSABLE, _("assessed"))
    enrolment.score = score
    enrolment.remarks = remarks
    shortfall = attendance_shortfall(enrolment)
    passed = Decimal(score) >= enrolment.session.course.pass_mark and not shortfall
    enrolment.status = Enrolment.Status.PASSED if passed else Enrolment.Status.FAILED
    enrolment.decision_note = shortfall
    enrolment.full_clean()
    enrolment.save(update_fields=["score", "remarks", "status", "decision_note"])
    if passed:
        issue_certificate(enrolment=enrolment)
    return enrolment


@transaction.atomic
def record_results(*, results: Iterable[tuple[Enrolment, Decimal, str]]) -> list[Enrolment]:
    """Score several trainees of a class (enrolment, score, remarks): all are stored, or none,
    and a refusal names the trainee it is about."""
    recorded = []
    for enrolment, score, remarks in results:
        try:
            recorded.append(record_result(enrolment=enrolment, score=score, remarks=remarks))
        except ValidationError as exc:
            raise ValidationError(
                _("%(person)s: %(problem)s")
                % {"person": enrolment.person.full_name, "problem": " ".join(exc.messages)}
            ) from exc
    return recorded


# --- Certificates -------------------------------------------------------------------------------


def certificate_number(organisation: Organisation, course: Course, year: int, serial: int) -> str:
    """VN-DPKO-CPTM-2026-0001: issuer, course, year, serial within them."""
    return f"{organisation.code.upper()}-{course.code}-{year}-{serial:04d}"


def next_serial(organisation: Organisation, course: Course, year: int) -> int:
    """One more than the last serial numbered for this issuer, course and year."""
    prefix = certificate_number(organisation, course, year, 0)[:-4]
    last = Certificate.objects.filter(organisation=organisation, number__startswith=prefix)
    return (last.aggregate(last=Max("serial"))["last"] or 0) + 1


def new_verification_code() -> str:
    """128 random bits: unguessable, so the public page cannot be walked."""
    return secrets.token_urlsafe(16)


def valid_until(course: Course, issued_on: datetime.date) -> datetime.date | None:
    if course.validity_months is None:
        return None
    return add_months(issued_on, course.validity_months)


@transaction.atomic
def issue_certificate(*, enrolment: Enrolment) -> Certificate:
    """Number and store the certificate of a passed enrolment, dated the class's last day."""
    if enrolment.status != Enrolment.Status.PASSED:
        raise ValidationError(_("Only a passed trainee receives a certificate."))
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("This trainee already has a certificate for this class."))
    session = enrolment.session
    course = Course.objects.select_for_update().get(pk=session.course_id)  # serialises serials
    issuer = session.organisation
    issued_on = session.ends_on
    if issued_on > timezone.localdate():
        raise ValidationError(_("A certificate is issued once the class has ended."))
    serial = next_serial(issuer, course, issued_on.year)
    certificate = Certificate(
        organisation=issuer,
        enrolment=enrolment,
        person_id=enrolment.person_id,
        course=course,
        serial=serial,
        number=certificate_number(issuer, course, issued_on.year, serial),
        verification_code=new_verification_code(),
        issued_on=issued_on,
        valid_until=valid_until(course, issued_on),
    )
    certificate.save()
    return certificate


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, user: Any = None) -> Certificate:
    """Withdraw a certificate: it stops counting and its verification page says so."""
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking it.")})
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = user
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    return certificate
