"""The catalogue, classes and certificates lists, each declared once for its page, the API and
the export."""

from __future__ import annotations

from typing import Annotated, Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, Register, choice_display

from .models import Certificate, ClassSession, Course


def _two_lines(first: str, second: str) -> SafeString:
    """A name, and its other form (English title, native script) under it when they differ."""
    if second and second != first:
        return format_html('{}<br><span class="muted">{}</span>', first, second)
    return format_html("{}", first)


# --- Catalogue ----------------------------------------------------------------------------------


class CourseFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Code or title"))] = Field(
        "", max_length=200, description="Part of the code or English title."
    )


def _validity(course: Course) -> str:
    if not course.validity_months:
        return _("no expiry")
    months = course.validity_months
    return ngettext("%(months)d month", "%(months)d months", months) % {"months": months}


COURSES: Register[Course, CourseFilters] = Register(
    name="courses",
    filters=CourseFilters,
    empty=gettext_lazy("No course matches."),
    columns=(
        Column(
            "code",
            gettext_lazy("Code"),
            "code",
            link=lambda c: reverse("training:course", args=[c.pk]),
        ),
        Column(
            "title",
            gettext_lazy("Title"),
            "title",
            display=lambda c: _two_lines(c.label, c.title),
        ),
        Column(
            "category",
            gettext_lazy("Category"),
            "category",
            display=choice_display("category"),
        ),
        Column("hours", gettext_lazy("Hours"), "hours"),
        Column(
            "pass_mark",
            gettext_lazy("Pass mark"),
            "pass_mark",
            display=lambda c: f"{c.pass_mark} %",
        ),
        Column("validity_months", gettext_lazy("Valid for"), "validity_months", display=_validity),
        Column("catalogue", gettext_lazy("Catalogue of"), "organisation.code"),
    ),
)


# --- Classes ------------------------------------------------------------------------------------


class ClassFilters(Schema):
    course: Annotated[str, Label(gettext_lazy("Course code"))] = Field(
        "", max_length=30, description="Exact course code, e.g. CPTM."
    )
    status: Annotated[ClassSession.Status | None, Label(gettext_lazy("Status"))] = None
    upcoming: Annotated[bool, Label(gettext_lazy("Not finished yet"))] = Field(
        False, description="true: classes whose last day has not passed."
    )


def _class_course(session: ClassSession) -> SafeString:
    reference = (
        format_html(' <span class="muted">{}</span>', session.reference)
        if session.reference
        else ""
    )
    return format_html(
        '{}{}<br><span class="muted">{}</span>',
        session.course.code,
        reference,
        session.course.label,
    )


def _seats(session: Any) -> str:
    """Seats left of the capacity (`seats_left` is annotated by the list's queryset)."""
    return f"{session.seats_left} / {session.capacity}"


CLASSES: Register[ClassSession, ClassFilters] = Register(
    name="classes",
    filters=ClassFilters,
    empty=gettext_lazy("No classes."),
    columns=(
        Column(
            "course",
            gettext_lazy("Course"),
            "course.code",
            display=_class_course,
            link=lambda s: reverse("training:class", args=[s.pk]),
        ),
        Column("reference", "", "reference", page=False),
        Column(
            "starts_on",
            gettext_lazy("Dates"),
            "starts_on",
            display=lambda s: f"{s.starts_on:%Y-%m-%d} – {s.ends_on:%Y-%m-%d}",
        ),
        Column("ends_on", "", "ends_on", page=False),
        Column("venue", gettext_lazy("Venue"), "venue"),
        Column("language", gettext_lazy("Language"), "language"),
        Column(
            "seats_left",
            gettext_lazy("Seats left"),
            "seats_left",
            display=_seats,
        ),
        Column("capacity", "", "capacity", page=False),
        Column("status", gettext_lazy("Status"), "status", display=choice_display("status")),
        Column("run_by", gettext_lazy("Run by"), "organisation.code"),
    ),
)


# --- Certificates -------------------------------------------------------------------------------


class CertificateFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Number, name or course code"))] = Field(
        "", max_length=200, description="Part of the number or holder's name, or a course code."
    )
    course: Annotated[str, Label(gettext_lazy("Course code"))] = Field(
        "", max_length=30, description="Exact course code, e.g. CPTM."
    )


def _state(certificate: Certificate) -> SafeString:
    css = "good" if certificate.state == "valid" else "bad"
    return format_html('<span class="{}">{}</span>', css, certificate.state_label)


CERTIFICATES: Register[Certificate, CertificateFilters] = Register(
    name="certificates",
    filters=CertificateFilters,
    empty=gettext_lazy("No certificates."),
    columns=(
        Column(
            "number",
            gettext_lazy("Number"),
            "number",
            link=lambda c: reverse("training:certificate", args=[c.pk]),
        ),
        Column(
            "holder",
            gettext_lazy("Holder"),
            "person.full_name",
            display=lambda c: _two_lines(c.person.full_name, c.person.full_name_native),
        ),
        Column("service_number", "", "person.service_number", page=False),
        Column("course", gettext_lazy("Course"), "course.code"),
        Column("issued_on", gettext_lazy("Issued on"), "issued_on"),
        Column(
            "valid_until",
            gettext_lazy("Valid until"),
            "valid_until",
            display=lambda c: c.valid_until.isoformat() if c.valid_until else _("no expiry"),
        ),
        Column("state", gettext_lazy("Status"), "state", display=_state),
    ),
)
