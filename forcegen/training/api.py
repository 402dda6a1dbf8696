"""API for training: catalogue, classes, nominations, results, certificates (with the public
verification), training needs and reports. Everything outside the user's scope is a 404."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from forcegen.core.models import Organisation
from forcegen.core.pagination import Pagination
from forcegen.core.permissions import require_perm
from forcegen.personnel.models import LanguageLevel, Person, Specialty

from . import needs, reports, services
from .models import Attendance, Certificate, ClassSession, Course, Enrolment
from .pdf import render_certificate
from .registers import (
    CertificateFilters,
    ClassFilters,
    CourseFilters,
    NeedsQuery,
    ReportFilters,
)

router = Router(tags=["training"])

# Choices are documented as text, not as enum types: the OpenAPI document names an enum by its
# class name, and every app's "Status" would then share (and overwrite) one component.
CATEGORIES = "One of: " + ", ".join(Course.Category.values)
CLASS_STATUSES = "One of: " + ", ".join(ClassSession.Status.values)
ENROLMENT_STATUSES = "One of: " + ", ".join(Enrolment.Status.values)
MARKS = "/".join(Attendance.Mark.values)
STATES = "One of: " + ", ".join(Certificate.State.values)


# --- Schemas ------------------------------------------------------------------------------------


class CourseOut(Schema):
    id: int
    organisation: str = Field(alias="organisation.code")
    code: str
    title: str
    translations: dict[str, str]
    category: str = Field(description=CATEGORIES)
    hours: int
    pass_mark: int
    min_attendance: int
    validity_months: int | None
    prerequisites: list[str]
    min_language: str
    min_language_level: str | None
    required_for: list[str]
    description: str
    source: str

    @staticmethod
    def resolve_prerequisites(obj: Course) -> list[str]:
        return [c.code for c in obj.prerequisites.all()]

    @staticmethod
    def resolve_required_for(obj: Course) -> list[str]:
        return [s.code for s in obj.required_for.all()]

    @staticmethod
    def resolve_min_language_level(obj: Course) -> str | None:
        return LanguageLevel(obj.min_language_level).label if obj.min_language_level else None


class CourseIn(Schema):
    code: str = Field(..., min_length=1, max_length=30, description="e.g. STM-SO")
    title: str = Field(..., min_length=1, max_length=200)
    translations: dict[str, str] = {}
    category: str = Field(..., description=CATEGORIES)
    hours: int = Field(..., ge=1)
    pass_mark: int = Field(70, ge=0, le=100)
    min_attendance: int = Field(80, ge=0, le=100, description="% of the days, to pass.")
    validity_months: int | None = Field(None, ge=1, description="Empty: never expires.")
    prerequisites: list[str] = Field([], description="Codes of your other courses.")
    min_language: str = ""
    min_language_level: str | None = Field(None, description="A1 to C2.")
    required_for: list[str] = Field([], description="Specialty codes.")
    description: str = ""
    source: str = ""


class ClassOut(Schema):
    id: int
    organisation: str = Field(alias="organisation.code")
    course_id: int
    course: str = Field(alias="course.code")
    reference: str
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str
    capacity: int
    seats_left: int
    language: str
    status: str = Field(description=CLASS_STATUSES)
    external_instructors: str


class ClassIn(Schema):
    course_id: int
    reference: str = ""
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str = Field(..., min_length=1, max_length=200)
    capacity: int = Field(..., ge=1)
    language: str = "en"
    instructors: list[str] = Field([], description="Service numbers of your own personnel.")
    external_instructors: str = ""
    shared_with: list[str] = Field([], description="Partner organisation codes.")
    notes: str = ""


class StatusIn(Schema):
    status: str = Field(..., description=CLASS_STATUSES)


class EnrolmentOut(Schema):
    """What the centre may know of a trainee: no service number, no personal documents."""

    id: int
    class_id: int = Field(alias="session_id")
    full_name: str = Field(alias="person.full_name")
    full_name_native: str = Field(alias="person.full_name_native")
    rank: str = Field(alias="person.rank.name_en")
    sex: str = Field(alias="person.sex")
    organisation: str = Field(alias="organisation.code")
    country: str = Field(alias="organisation.country")
    status: str = Field(description=ENROLMENT_STATUSES)
    decision_note: str
    score: Decimal | None
    remarks: str
    queued_at: datetime.datetime | None = Field(
        description="On the waiting list since: the order in which seats are given."
    )


class NominationIn(Schema):
    service_number: str = Field(..., min_length=1, description="One of your own personnel.")


class ReasonIn(Schema):
    reason: str = Field("", max_length=300)


class ResultIn(Schema):
    score: Decimal = Field(..., ge=0, le=100, decimal_places=2)
    remarks: str = Field("", max_length=300)


class AttendanceIn(Schema):
    day: datetime.date
    marks: dict[int, str] = Field(description=f"Enrolment id → {MARKS}.")


class ResultOut(Schema):
    enrolment: EnrolmentOut
    certificate: str | None = Field(None, description="The number of the certificate issued.")


class CertificateOut(Schema):
    id: int
    number: str
    issuer: str = Field(alias="organisation.code")
    course: str = Field(alias="course.code")
    holder: str = Field(alias="person.full_name")
    holder_native: str = Field(alias="person.full_name_native")
    issued_on: datetime.date
    valid_until: datetime.date | None
    state: str = Field(description=STATES)
    revoked_at: datetime.datetime | None
    verification_url: str

    @staticmethod
    def resolve_verification_url(obj: Certificate, context: Any) -> str:
        return str(context["request"].build_absolute_uri(obj.verification_path))


class VerificationOut(Schema):
    """Everything the public may learn from a verification code, and nothing more."""

    state: str = Field(description=STATES)
    course: str = Field(alias="course.title")
    holder: str = Field(alias="person.full_name")
    holder_native: str = Field(alias="person.full_name_native")
    class_starts_on: datetime.date = Field(alias="enrolment.session.starts_on")
    class_ends_on: datetime.date = Field(alias="enrolment.session.ends_on")
    issued_on: datetime.date
    valid_until: datetime.date | None


class ClassBrief(Schema):
    id: int
    organisation: str = Field(alias="organisation.code")
    starts_on: datetime.date
    ends_on: datetime.date
    seats_left: int


class CourseNeedOut(Schema):
    course_id: int = Field(alias="course.pk")
    course: str = Field(alias="course.code")
    missing: int
    seats: int
    shortfall: int
    classes: list[ClassBrief]


class PersonNeedsOut(Schema):
    id: int = Field(alias="person.pk")
    service_number: str = Field(alias="person.service_number")
    full_name: str = Field(alias="person.full_name")
    missing: list[str]

    @staticmethod
    def resolve_missing(obj: needs.PersonNeeds) -> list[str]:
        return [gap.course.code for gap in obj.gaps]


class NeedsOut(Schema):
    deadline: datetime.date
    group_size: int
    courses: list[CourseNeedOut]
    people: list[PersonNeedsOut] = Field(alias="rows")


class ReportRowOut(Schema):
    course: str
    course_title: str
    year: int
    organisation: str
    country: str
    trainees: int
    assessed: int
    passed: int
    pass_rate: float | None
    women: int
    women_share: float
    foreign: int


class ReportOut(Schema):
    rows: list[ReportRowOut]
    totals: ReportRowOut


# --- Helpers ------------------------------------------------------------------------------------


def _own(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


def _course(request: HttpRequest, course_id: int) -> Course:
    courses = Course.objects.visible_to(request.user).select_related("organisation")
    return get_object_or_404(
        courses.prefetch_related("prerequisites", "required_for"), pk=course_id
    )


def _class(request: HttpRequest, class_id: int) -> ClassSession:
    classes = ClassSession.objects.visible_to(request.user).for_list()
    return get_object_or_404(classes, pk=class_id)


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return get_object_or_404(Enrolment.objects.visible_to(request.user).for_list(), pk=enrolment_id)


def _certificate(request: HttpRequest, certificate_id: int) -> Certificate:
    certificates = Certificate.objects.visible_to(request.user).for_list()
    return get_object_or_404(
        certificates.select_related("enrolment__session", "enrolment__organisation"),
        pk=certificate_id,
    )


def _level(label: str | None) -> int | None:
    if label is None:
        return None
    levels = {text: value for value, text in LanguageLevel.choices}
    if label not in levels:
        raise ValidationError({"min_language_level": _("Use a level from A1 to C2.")})
    return levels[label]


def _specialties(codes: list[str]) -> list[Specialty]:
    found = list(Specialty.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {s.code for s in found})
    if unknown:
        raise ValidationError(
            {"required_for": _("Unknown specialty: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return found


def _own_courses(organisation: Organisation, codes: list[str]) -> list[Course]:
    found = list(Course.objects.filter(organisation=organisation, code__in=codes))
    unknown = sorted(set(codes) - {c.code for c in found})
    if unknown:
        message = _("Not in your catalogue: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ValidationError({"prerequisites": message})
    return found


# --- Catalogue ----------------------------------------------------------------------------------


@router.get("/training/courses/", response=list[CourseOut])
@paginate(Pagination)
def list_courses(request: HttpRequest, filters: Query[CourseFilters]) -> Any:
    """Your catalogue and the catalogues partners share with you."""
    return (
        Course.objects.visible_to(request.user)
        .filtered(filters)
        .select_related("organisation")
        .prefetch_related("prerequisites", "required_for")
    )


@router.post("/training/courses/", response={201: CourseOut})
def create_course(request: HttpRequest, payload: CourseIn) -> Any:
    require_perm(request.user, "training.add_course")
    organisation = _own(request)
    data = payload.model_dump(exclude={"prerequisites", "required_for", "min_language_level"})
    course = services.save_course(
        organisation=organisation,
        prerequisites=_own_courses(organisation, payload.prerequisites),
        required_for=_specialties(payload.required_for),
        min_language_level=_level(payload.min_language_level),
        **data,
    )
    return Status(201, _course(request, course.pk))


@router.get("/training/courses/{course_id}/", response=CourseOut)
def get_course(request: HttpRequest, course_id: int) -> Any:
    return _course(request, course_id)


# --- Classes ------------------------------------------------------------------------------------


@router.get("/training/classes/", response=list[ClassOut])
@paginate(Pagination)
def list_classes(request: HttpRequest, filters: Query[ClassFilters]) -> Any:
    """Your own classes and the partners' classes opened to you."""
    return ClassSession.objects.visible_to(request.user).filtered(filters).for_list()


@router.post("/training/classes/", response={201: ClassOut})
def create_class(request: HttpRequest, payload: ClassIn) -> Any:
    require_perm(request.user, "training.add_classsession")
    organisation = _own(request)
    course = get_object_or_404(Course.objects.editable_by(request.user), pk=payload.course_id)
    instructors = list(
        Person.objects.editable_by(request.user).filter(service_number__in=payload.instructors)
    )
    if len(instructors) != len(set(payload.instructors)):
        raise ValidationError({"instructors": _("Give service numbers of your own personnel.")})
    # Only partners are candidates: an outsider's code reads as unknown and its name never shows.
    visible = Organisation.objects.visible_to(request.user)
    partners = list(visible.filter(code__in=payload.shared_with))
    if len(partners) != len(set(payload.shared_with)):
        raise ValidationError({"shared_with": _("Unknown partner organisation code.")})
    data = payload.model_dump(exclude={"course_id", "instructors", "shared_with"})
    session = services.save_class(
        organisation=organisation,
        course=course,
        instructors=instructors,
        shared_with=partners,
        **data,
    )
    return Status(201, _class(request, session.pk))


@router.get("/training/classes/{class_id}/", response=ClassOut)
def get_class(request: HttpRequest, class_id: int) -> Any:
    return _class(request, class_id)


@router.post("/training/classes/{class_id}/status/", response=ClassOut)
def change_class_status(request: HttpRequest, class_id: int, payload: StatusIn) -> Any:
    session = get_object_or_404(ClassSession.objects.editable_by(request.user), pk=class_id)
    require_perm(request.user, "training.change_classsession")
    services.set_class_status(session=session, status=payload.status)
    return _class(request, class_id)


@router.get("/training/classes/{class_id}/enrolments/", response=list[EnrolmentOut])
def list_enrolments(request: HttpRequest, class_id: int) -> Any:
    """The centre sees every trainee; a partner sees only the people it nominated."""
    session = _class(request, class_id)
    return (
        Enrolment.objects.visible_to(request.user)
        .filter(session=session)
        .for_list()
        .order_by("person__full_name")
    )


@router.post("/training/classes/{class_id}/nominations/", response={201: EnrolmentOut})
def nominate(request: HttpRequest, class_id: int, payload: NominationIn) -> Any:
    """Nominate one of your own people; refused with every reason (prerequisites, language,
    clashes) when they cannot take the class."""
    session = _class(request, class_id)
    require_perm(request.user, "training.nominate")
    person = get_object_or_404(
        Person.objects.editable_by(request.user), service_number=payload.service_number
    )
    enrolment = services.nominate(
        session=session, person=person, organisation=_own(request), user=request.user
    )
    return Status(201, _enrolment(request, enrolment.pk))


@router.post("/training/classes/{class_id}/attendance/", response=list[EnrolmentOut])
def record_attendance(request: HttpRequest, class_id: int, payload: AttendanceIn) -> Any:
    session = get_object_or_404(ClassSession.objects.editable_by(request.user), pk=class_id)
    require_perm(request.user, "training.record_result")
    services.record_attendance(session=session, day=payload.day, marks=payload.marks)
    return list_enrolments(request, class_id)


# --- Decisions and results ----------------------------------------------------------------------


def _decidable(request: HttpRequest, enrolment_id: int) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.decidable_by(request.user), pk=enrolment_id)
    require_perm(request.user, "training.decide_enrolment")
    return enrolment


@router.get("/training/enrolments/{enrolment_id}/", response=EnrolmentOut)
def get_enrolment(request: HttpRequest, enrolment_id: int) -> Any:
    return _enrolment(request, enrolment_id)


@router.post("/training/enrolments/{enrolment_id}/accept/", response=EnrolmentOut)
def accept(request: HttpRequest, enrolment_id: int) -> Any:
    """Accept a nomination: a seat if one is free, else the waiting list (see status)."""
    services.accept(enrolment=_decidable(request, enrolment_id))
    return _enrolment(request, enrolment_id)


@router.post("/training/enrolments/{enrolment_id}/decline/", response=EnrolmentOut)
def decline(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Any:
    services.decline(enrolment=_decidable(request, enrolment_id), reason=payload.reason)
    return _enrolment(request, enrolment_id)


@router.post("/training/enrolments/{enrolment_id}/withdraw/", response=EnrolmentOut)
def withdraw(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> Any:
    """The nominating organisation withdraws its nomination."""
    enrolment = get_object_or_404(Enrolment.objects.editable_by(request.user), pk=enrolment_id)
    require_perm(request.user, "training.nominate")
    services.withdraw(enrolment=enrolment, reason=payload.reason)
    return _enrolment(request, enrolment_id)


@router.post("/training/enrolments/{enrolment_id}/result/", response=ResultOut)
def record_result(request: HttpRequest, enrolment_id: int, payload: ResultIn) -> Any:
    """Score a trainee; at or above the pass mark issues the certificate."""
    enrolment = get_object_or_404(Enrolment.objects.decidable_by(request.user), pk=enrolment_id)
    require_perm(request.user, "training.record_result")
    services.record_result(enrolment=enrolment, score=payload.score, remarks=payload.remarks)
    certificate = Certificate.objects.filter(enrolment_id=enrolment_id).first()
    return {
        "enrolment": _enrolment(request, enrolment_id),
        "certificate": certificate.number if certificate else None,
    }


# --- Certificates -------------------------------------------------------------------------------


@router.get("/training/certificates/", response=list[CertificateOut])
@paginate(Pagination)
def list_certificates(request: HttpRequest, filters: Query[CertificateFilters]) -> Any:
    """Certificates you issued and those your personnel hold."""
    return Certificate.objects.visible_to(request.user).filtered(filters).for_list()


@router.get("/training/certificates/{certificate_id}/", response=CertificateOut)
def get_certificate(request: HttpRequest, certificate_id: int) -> Any:
    return _certificate(request, certificate_id)


@router.get("/training/certificates/{certificate_id}/pdf/")
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """The certificate as a PDF (English and the trainee's language)."""
    certificate = _certificate(request, certificate_id)
    url = request.build_absolute_uri(certificate.verification_path)
    response = HttpResponse(render_certificate(certificate, verify_url=url), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


@router.post("/training/certificates/{certificate_id}/revoke/", response=CertificateOut)
def revoke_certificate(request: HttpRequest, certificate_id: int, payload: ReasonIn) -> Any:
    certificate = get_object_or_404(
        Certificate.objects.editable_by(request.user), pk=certificate_id
    )
    require_perm(request.user, "training.revoke_certificate")
    services.revoke_certificate(certificate=certificate, reason=payload.reason, user=request.user)
    return _certificate(request, certificate_id)


@router.get("/training/verify/{code}/", response=VerificationOut, auth=None)
def verify(request: HttpRequest, code: str) -> Any:
    """Public, no authentication: is this certificate genuine and still valid?"""
    certificates = Certificate.objects.select_related("course", "person", "enrolment__session")
    return get_object_or_404(certificates, verification_code=code)


# --- Training needs and reports -----------------------------------------------------------------


@router.get("/training/needs/", response=NeedsOut)
def training_needs(request: HttpRequest, filters: Query[NeedsQuery]) -> Any:
    """For a group and a deadline: who lacks which course, and which classes close each gap."""
    return needs.for_filters(request.user, filters)


@router.get("/training/reports/", response=ReportOut)
def training_report(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    """Trainees per course, year, organisation and country; pass rate, women, foreign."""
    rows, totals = reports.report(
        Enrolment.objects.visible_to(request.user), year=filters.year, course=filters.course
    )
    return {"rows": rows, "totals": totals}
