"""Training: the course catalogue, classes, nominations and results, and the certificates they earn.

A course belongs to the centre that runs it and is shared with partners through a COURSE_CATALOGUE
grant. A class is shared one partner at a time on top of that grant. An enrolment belongs to the
trainee's organisation, and the centre that owns the class sees it too (names, rank, sex,
organisation and results only: the person's record stays out of the centre's scope).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, ExpressionWrapper, F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import (
    Organisation,
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    ReferenceData,
    SharingGrant,
    TimeStamped,
    active_organisation_id,
)
from forcegen.personnel.models import (
    LANGUAGE_CODE,
    LanguageLevel,
    Person,
    Requirement,
    Specialty,
)

if TYPE_CHECKING:
    from .registers import CertificateFilters, ClassFilters, CourseFilters

COURSE_CODE = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{0,29}$", _("Use capital letters, digits and hyphens, e.g. STM-SO.")
)


class CourseQuerySet(OrganisationOwnedQuerySet["Course"]):
    def search(self, text: str) -> Self:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(code__icontains=text) | Q(title__icontains=text))

    def filtered(self, filters: CourseFilters) -> Self:
        return self.search(filters.q)


class Course(OrganisationOwned, ReferenceData):
    """A course in a centre's catalogue; partners with a catalogue grant read it."""

    sharing_scope = SharingGrant.Scope.COURSE_CATALOGUE

    class Category(models.TextChoices):
        CPTM = "cptm", _("UN core pre-deployment (CPTM)")
        STM = "stm", _("UN specialised (STM)")
        LANGUAGE = "language", _("Language")
        NATIONAL = "national", _("National")

    code = models.CharField(_("code"), max_length=30, validators=[COURSE_CODE])
    title = models.CharField(_("title (English)"), max_length=200)
    translations = models.JSONField(
        _("titles in other languages"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"vi": "…", "lo": "…", "fr": "…"}'),
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of the class's days a trainee must be present to pass."),
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="leads_to",
        verbose_name=_("prerequisite courses"),
        help_text=_("Courses a trainee must have passed, with a certificate still valid."),
    )
    min_language = models.CharField(
        _("language required"),
        max_length=3,
        blank=True,
        validators=[LANGUAGE_CODE],
        help_text=_("ISO 639 code, e.g. en; empty when no language result is required."),
    )
    min_language_level = models.PositiveSmallIntegerField(
        _("minimum language level"), choices=LanguageLevel.choices, null=True, blank=True
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate does not expire."),
    )
    required_for = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="required_courses",
        verbose_name=_("required for specialties"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "category", "code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="course_unique_code"),
            models.CheckConstraint(
                condition=Q(min_language="") | Q(min_language_level__isnull=False),
                name="course_language_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"

    @property
    def label(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return str(self.translations.get(language) or self.title)

    def title_in(self, language: str) -> str:
        return str(self.translations.get(language) or "")

    def clean(self) -> None:
        if self.min_language and self.min_language_level is None:
            raise ValidationError({"min_language_level": _("Give the level required.")})
        if self.min_language_level is not None and not self.min_language:
            raise ValidationError({"min_language": _("Give the language the level is for.")})


ACTIVE_STATUSES = ("nominated", "accepted", "waitlisted")
# A trainee keeps the seat once assessed: a finished class's seats are its trainees.
SEATED_STATUSES = ("accepted", "passed", "failed")


class ClassSessionQuerySet(OrganisationOwnedQuerySet["ClassSession"]):
    def visible_to_organisation(self, organisation: Organisation | int) -> Self:
        """The organisation's own classes, plus a partner's classes shared with it explicitly,
        while the partner's catalogue grant to it is active."""
        own = super().visible_to_organisation(organisation)
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        grantors = SharingGrant.objects.active().filter(
            grantee_id=org_id, scope=SharingGrant.Scope.COURSE_CATALOGUE
        )
        shared = ClassSession.shared_with.through.objects.filter(organisation_id=org_id)
        return own | self.filter(
            organisation_id__in=grantors.values("grantor_id"),
            pk__in=shared.values("classsession_id"),
        )

    def filtered(self, filters: ClassFilters, today: datetime.date | None = None) -> Self:
        """The list filters shared by the class list, its export and the API."""
        classes = self
        if filters.course.strip():
            classes = classes.filter(course__code__iexact=filters.course.strip())
        if filters.status:
            classes = classes.filter(status=filters.status)
        if filters.upcoming:
            classes = classes.filter(ends_on__gte=today or timezone.localdate())
        return classes

    def with_seats(self) -> Self:
        """Annotate trainees holding a seat (accepted or assessed) and seats left (negative if
        the seats were cut since)."""
        return self.annotate(
            accepted_count=Count("enrolments", filter=Q(enrolments__status__in=SEATED_STATUSES))
        ).annotate(
            seats_left=ExpressionWrapper(
                F("capacity") - F("accepted_count"), output_field=models.IntegerField()
            )
        )

    def for_list(self) -> Self:
        # Explicit order: Meta.ordering does not apply to the grouped (annotated) query.
        return (
            self.select_related("course", "organisation")
            .with_seats()
            .order_by("-starts_on", "course__code", "pk")
        )

    def closing_gaps_by(self, deadline: datetime.date, today: datetime.date) -> Self:
        """Classes still to come that end in time and have a free seat."""
        return (
            self.filter(
                status__in=[ClassSession.Status.PLANNED, ClassSession.Status.OPEN],
                starts_on__gte=today,
                ends_on__lte=deadline,
            )
            .with_seats()
            .filter(seats_left__gt=0)
        )


class ClassSession(OrganisationOwned, TimeStamped):
    """One run of a course: dates, venue, instructors, seats. Owned by the centre running it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for nomination")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="classes", verbose_name=_("course")
    )
    reference = models.CharField(
        _("reference"), max_length=40, blank=True, help_text=_("e.g. CPTM-2026-02")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    instructors = models.ManyToManyField(
        Person, blank=True, related_name="classes_taught", verbose_name=_("instructors")
    )
    external_instructors = models.CharField(
        _("external instructors"),
        max_length=500,
        blank=True,
        help_text=_("Names of instructors who are not in the registry, separated by commas."),
    )
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    language = models.CharField(
        _("language of instruction"), max_length=3, default="en", validators=[LANGUAGE_CODE]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    shared_with = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="+",
        verbose_name=_("open to partners"),
        help_text=_("Partners that may nominate their people (they need your catalogue grant)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "course__code"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="classsession_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="classsession_has_seats"),
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                condition=~Q(reference=""),
                name="classsession_unique_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status", "ends_on"], name="classsession_course_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The class ends before it starts.")})

    def days(self) -> list[datetime.date]:
        span = (self.ends_on - self.starts_on).days
        return [self.starts_on + datetime.timedelta(days=n) for n in range(span + 1)]

    def days_until(self, today: datetime.date) -> list[datetime.date]:
        """The class's days that have come: attendance is kept for these only."""
        return [day for day in self.days() if day <= today]


class EnrolmentQuerySet(OrganisationOwnedQuerySet["Enrolment"]):
    def visible_to_organisation(self, organisation: Organisation | int) -> Self:
        """The trainee's organisation and the centre that owns the class."""
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        return super().visible_to_organisation(org_id) | self.filter(
            session__organisation_id=org_id
        )

    def decidable_by(self, user: object) -> Self:
        """The centre owning the class accepts, declines and records results."""
        return self.filter(session__organisation_id=active_organisation_id(user))

    def active(self) -> Self:
        return self.filter(status__in=ACTIVE_STATUSES)

    def for_list(self) -> Self:
        return self.select_related("person", "person__rank", "organisation")

    def trained(self) -> Self:
        """Trainees: accepted, or assessed (passed or failed)."""
        return self.filter(status__in=["accepted", "passed", "failed"])

    def report(self) -> models.QuerySet[Enrolment, dict[str, Any]]:
        """Trainees per course, year, trainee organisation and country, counted in SQL."""
        return (
            self.trained()
            .annotate(year=ExtractYear("session__starts_on"))
            .values(
                "session__course__code",
                "session__course__title",
                "year",
                "organisation__code",
                "organisation__country",
            )
            .annotate(**_report_counts())
            .order_by("session__course__code", "-year", "organisation__code")
        )

    def report_totals(self) -> dict[str, int]:
        return self.trained().aggregate(**_report_counts())


def _report_counts() -> dict[str, Count]:
    """The pass rate is over those assessed; a foreign trainee's organisation is in another
    country than the centre running the class."""
    return {
        "trainees": Count("pk"),
        "assessed": Count("pk", filter=Q(status__in=["passed", "failed"])),
        "passed": Count("pk", filter=Q(status="passed")),
        "women": Count("pk", filter=Q(person__sex=Person.Sex.FEMALE)),
        "foreign": Count(
            "pk", filter=~Q(organisation__country=F("session__organisation__country"))
        ),
    }


class Enrolment(OrganisationOwned):
    """A person nominated to a class by their organisation, and what became of it."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(
        ClassSession, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("class")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("trainee")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    queued_at = models.DateTimeField(
        _("on the waiting list since"), null=True, blank=True, help_text=_("Order of promotion.")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)
    score = models.DecimalField(
        _("score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["nominated_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        permissions = [
            ("nominate", _("Can nominate own personnel to classes")),
            ("decide_enrolment", _("Can accept or decline nominations to own classes")),
            ("record_result", _("Can record attendance and results")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status__in=["declined", "withdrawn"]),
                name="enrolment_once_per_class",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="enrolment_person_idx"),
            models.Index(fields=["session", "status"], name="enrolment_session_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} — {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Attendance(models.Model):
    """Whether a trainee was there on one day of the class."""

    class Mark(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    mark = models.CharField(_("attendance"), max_length=8, choices=Mark.choices)

    class Meta:
        ordering = ["day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person.full_name} {self.day}: {self.get_mark_display()}"


class CertificateQuerySet(OrganisationOwnedQuerySet["Certificate"]):
    def visible_to_organisation(self, organisation: Organisation | int) -> Self:
        """The issuing centre and the holder's organisation."""
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        own = super().visible_to_organisation(org_id)
        return own | self.filter(person__organisation_id=org_id)

    def valid_through(self, day: datetime.date) -> Self:
        """Not revoked, and not expired on that day: the certificates that still count."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def search(self, text: str) -> Self:
        """By number or holder's name (parts of them), or by exact course code."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(number__icontains=text)
            | Q(person__full_name__icontains=text)
            | Q(course__code__iexact=text)
        )

    def filtered(self, filters: CertificateFilters) -> Self:
        certificates = self.search(filters.q)
        if filters.course.strip():
            certificates = certificates.filter(course__code__iexact=filters.course.strip())
        return certificates

    def for_list(self) -> Self:
        return self.select_related("course", "person", "person__rank", "organisation")


class Certificate(OrganisationOwned, TimeStamped):
    """Issued by the centre (its organisation) when a trainee passes; verifiable by its code.
    `updated_at` says when it last changed (a revocation)."""

    class State(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    # Copied from the enrolment so eligibility and training needs are single-table lookups.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("number"), max_length=80)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, editable=False
    )
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("revoke_certificate", _("Can revoke certificates"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="certificate_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="certificate_valid_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "course", "valid_until"], name="certificate_lookup_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def state_on(self, day: datetime.date) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.valid_until is not None and self.valid_until < day:
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return str(self.State(self.state).label)

    @property
    def verification_path(self) -> str:
        """The public page that confirms the certificate (no login needed)."""
        return reverse("verify_certificate", args=[self.verification_code])


class RequiredCourse(models.Model):
    """A course an eligibility requirement asks for, with a certificate valid through the period."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="courses")
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="required_by", verbose_name=_("course")
    )

    class Meta:
        verbose_name = _("required course")
        verbose_name_plural = _("required courses")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "course"], name="requiredcourse_unique"),
        ]

    def __str__(self) -> str:
        return self.course.code
