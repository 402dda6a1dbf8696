"""Demo training: Viet Nam's starter catalogue, past classes with results and certificates (some
expired), a completed class with Lao trainees, and coming classes, one open to Laos with Lao
officers nominated and accepted.

Dates are relative to today so "coming" stays coming. Each class is created once (by reference)
with its enrolments, attendance and certificates in bulk; running the demo again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from forcegen.core.models import Organisation
from forcegen.personnel.models import Person, Requirement

from .catalogue_file import load_starter_catalogue
from .models import Attendance, Certificate, ClassSession, Course, Enrolment, RequiredCourse
from .services import (
    certificate_number,
    new_verification_code,
    next_serial,
    valid_until,
)

REQUIRED_COURSES = {
    ("vn-dpko", "L2H surgeon (UNMISS)"): ["CPTM", "STM-MED"],
    ("vn-dpko", "L2H nurse (UNMISS)"): ["CPTM", "STM-MED"],
    ("vn-dpko", "Engineer (UNISFA)"): ["CPTM", "STM-ENG"],
    ("vn-dpko", "Staff officer (MINUSCA)"): ["CPTM", "STM-SO"],
    ("la-pko", "Field hospital nurse (pledge)"): ["CPTM"],
    ("la-pko", "Demining team member (pledge)"): ["CPTM"],
}


@dataclass(frozen=True)
class Trainees:
    organisation: str
    specialties: tuple[str, ...]
    count: int
    offset: int = 0  # skip the first people of these specialties, so classes mix


@dataclass(frozen=True)
class DemoClass:
    reference: str
    course: str
    start_in_days: int  # from today; negative: in the past
    days: int
    capacity: int
    status: str
    trainees: tuple[Trainees, ...]
    shared_with_laos: bool = False
    venue: str = "Department of Peacekeeping Operations training centre, Hà Nội"
    pending: int = 0  # last nominees left undecided (coming classes)


MEDICAL = ("surgeon", "anaesthetist", "physician", "nurse", "laboratory-technician")
ENGINEERS = ("combat-engineer", "plant-operator")
OFFICERS = ("staff-officer", "military-observer")
CLASSES = [
    DemoClass(
        "CPTM-DEMO-A", "CPTM", -4 * 365, 12, 32, ClassSession.Status.COMPLETED,
        (Trainees("vn-dpko", MEDICAL, 30),),
    ),
    DemoClass(
        "CPTM-DEMO-B", "CPTM", -20 * 30, 12, 40, ClassSession.Status.COMPLETED,
        (Trainees("vn-dpko", ENGINEERS, 24), Trainees("vn-dpko", OFFICERS, 14)),
    ),
    DemoClass(
        "STM-MED-DEMO-A", "STM-MED", -18 * 30, 5, 30, ClassSession.Status.COMPLETED,
        (Trainees("vn-dpko", MEDICAL, 25),),
    ),
    DemoClass(
        "CPTM-DEMO-LA", "CPTM", -8 * 30, 12, 24, ClassSession.Status.COMPLETED,
        (
            Trainees("la-pko", ("physician", "nurse"), 12),
            Trainees("vn-dpko", MEDICAL, 8, offset=30),
        ),
        shared_with_laos=True,
        venue="Department of Peacekeeping Operations training centre, Hà Nội (with Lao officers)",
    ),
    DemoClass(
        "CPTM-DEMO-NEXT", "CPTM", 30, 12, 24, ClassSession.Status.OPEN,
        (
            Trainees("vn-dpko", MEDICAL, 10, offset=40),
            Trainees("la-pko", ("deminer", "nurse"), 8),
        ),
        shared_with_laos=True,
        pending=2,
    ),
    DemoClass(
        "STM-SO-DEMO-NEXT", "STM-SO", 75, 10, 20, ClassSession.Status.PLANNED, (),
    ),
    DemoClass(
        "STM-ENG-DEMO-NEXT", "STM-ENG", 100, 5, 30, ClassSession.Status.OPEN,
        (Trainees("vn-dpko", ENGINEERS, 12, offset=30),),
    ),
]  # fmt: skip


def _people(spec: Trainees) -> list[Person]:
    chosen = (
        Person.objects.filter(
            organisation__code=spec.organisation, specialties__code__in=spec.specialties
        )
        .distinct()
        .order_by("service_number")
    )
    return list(chosen[spec.offset : spec.offset + spec.count])


def _store_results(
    session: ClassSession, enrolments: list[Enrolment], rng: random.Random, passing: bool = False
) -> list[Certificate]:
    """Scores, attendance and certificates of a completed class, in bulk (`passing`: everyone
    passes)."""
    course = session.course
    lowest = int(course.pass_mark) if passing else 60
    for enrolment in enrolments:
        enrolment.score = Decimal(rng.randint(lowest, 99))
        passed = enrolment.score >= course.pass_mark
        enrolment.status = Enrolment.Status.PASSED if passed else Enrolment.Status.FAILED
    Enrolment.objects.bulk_update(enrolments, ["score", "status"])
    Attendance.objects.bulk_create(
        Attendance(
            enrolment=e,
            day=day,
            mark=Attendance.Mark.ABSENT if rng.random() < 0.03 else Attendance.Mark.PRESENT,
        )
        for e in enrolments
        for day in session.days()
    )
    issued_on = session.ends_on
    first = next_serial(session.organisation, course, issued_on.year)
    certificates = []
    for serial, enrolment in enumerate(
        (e for e in enrolments if e.status == Enrolment.Status.PASSED), start=first
    ):
        certificates.append(
            Certificate(
                organisation_id=session.organisation_id,
                enrolment=enrolment,
                person_id=enrolment.person_id,
                course=course,
                serial=serial,
                number=certificate_number(session.organisation, course, issued_on.year, serial),
                verification_code=new_verification_code(),
                issued_on=issued_on,
                valid_until=valid_until(course, issued_on),
            )
        )
    return Certificate.objects.bulk_create(certificates)


def _create_class(
    spec: DemoClass, vn: Organisation, la: Organisation, today: datetime.date, rng: random.Random
) -> int:
    course = Course.objects.get(organisation=vn, code=spec.course)
    starts_on = today + datetime.timedelta(days=spec.start_in_days)
    session = ClassSession.objects.create(
        organisation=vn,
        course=course,
        reference=spec.reference,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=spec.days - 1),
        venue=spec.venue,
        capacity=spec.capacity,
        language="en",
        status=spec.status,
        external_instructors="UN DPO mobile training team",
    )
    if spec.shared_with_laos:
        session.shared_with.add(la)
    nominated_at = timezone.make_aware(
        datetime.datetime.combine(starts_on - datetime.timedelta(days=40), datetime.time(9))
    )
    people = [(p, group.organisation) for group in spec.trainees for p in _people(group)]
    organisations = {"vn-dpko": vn, "la-pko": la}
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            organisation=organisations[code],
            session=session,
            person=person,
            status=Enrolment.Status.NOMINATED
            if index >= len(people) - spec.pending
            else Enrolment.Status.ACCEPTED,
            nominated_at=nominated_at,
            decided_at=None if index >= len(people) - spec.pending else nominated_at,
        )
        for index, (person, code) in enumerate(people)
    )
    if spec.status == ClassSession.Status.COMPLETED:
        return len(_store_results(session, enrolments, rng))
    return 0


def completed_class(
    *, course: Course, reference: str, people: list[Person], ends_on: datetime.date
) -> int:
    """A class of `course` that ended on `ends_on`, every trainee passed (a unit's own
    pre-deployment class); created once by reference. Returns the certificates issued."""
    if ClassSession.objects.filter(organisation=course.organisation, reference=reference).exists():
        return 0
    session = ClassSession.objects.create(
        organisation=course.organisation,
        course=course,
        reference=reference,
        starts_on=ends_on - datetime.timedelta(days=11),
        ends_on=ends_on,
        venue="Department of Peacekeeping Operations training centre, Hà Nội",
        capacity=max(len(people), 1),
        language="en",
        status=ClassSession.Status.COMPLETED,
        external_instructors="UN DPO mobile training team",
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            organisation_id=person.organisation_id,
            session=session,
            person=person,
            status=Enrolment.Status.ACCEPTED,
        )
        for person in people
    )
    return len(_store_results(session, enrolments, random.Random(reference), passing=True))


def _required_courses(vn: Organisation) -> None:
    courses = {c.code: c for c in Course.objects.filter(organisation=vn)}
    for (org_code, name), codes in REQUIRED_COURSES.items():
        requirement = Requirement.objects.filter(organisation__code=org_code, name=name).first()
        if requirement is None:
            continue
        for code in codes:
            RequiredCourse.objects.get_or_create(requirement=requirement, course=courses[code])


def seed(*, scale: int = 0) -> str:
    vn = Organisation.objects.get(code="vn-dpko")
    la = Organisation.objects.get(code="la-pko")
    counts = load_starter_catalogue(vn)
    _required_courses(vn)
    today = timezone.localdate()
    rng = random.Random(4)
    existing = set(ClassSession.objects.filter(organisation=vn).values_list("reference", flat=True))
    created = certificates = 0
    for spec in CLASSES:
        if spec.reference in existing:
            continue
        certificates += _create_class(spec, vn, la, today, rng)
        created += 1
    return (
        f"courses created: {counts['created']}, classes created: {created}, "
        f"certificates issued: {certificates}, total certificates: {Certificate.objects.count()}"
    )
