"""The catalogue, classes and certificates lists, each declared once for its page, the API and
the export."""

from __future__ import annotations

from typing import Annotated, Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import Field, Schema
from pydantic import field_validator

from forcegen.core.params import Day, ObjectId, Year
from forcegen.core.registers import Column, Label, NoFilters, Register, choice_display
from forcegen.personnel.models import Requirement, Specialty

from .forms import split_service_numbers
from .models import Certificate, ClassSession, Course
from .needs import CourseNeed, PersonNeeds
from .reports import ReportRow


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


# --- Training needs -----------------------------------------------------------------------------


def specialty_options(user: Any) -> list[tuple[str, str]]:
    return [(s.code, s.label) for s in Specialty.objects.all()]


def requirement_options(user: Any) -> list[tuple[int, str]]:
    requirements = Requirement.objects.visible_to(user).only("pk", "name")
    return [(requirement.pk, requirement.label) for requirement in requirements]


def course_options(user: Any) -> list[tuple[int, str]]:
    return [(c.pk, str(c)) for c in Course.objects.visible_to(user).order_by("code")]


class NeedsFilters(Schema):
    """Whose gaps by which date: the page shows nothing until a deadline is given; the API
    requires it (`NeedsQuery`)."""

    deadline: Annotated[
        Day | None,
        Label(gettext_lazy("Deadline"), help=gettext_lazy("e.g. the unit's departure date")),
    ] = Field(None, description="The date the certificates must still be valid on.")
    specialty: Annotated[str, Label(gettext_lazy("Specialty"), specialty_options)] = Field(
        "", max_length=40, description="Specialty code."
    )
    unit: Annotated[str, Label(gettext_lazy("Home unit contains"))] = Field(
        "", max_length=200, description="Part of the home unit's name."
    )
    requirement: Annotated[
        ObjectId | None, Label(gettext_lazy("Requirement"), requirement_options)
    ] = Field(None, description="An eligibility requirement's id.")
    courses: Annotated[
        list[ObjectId],
        Label(
            gettext_lazy("Courses"),
            course_options,
            help=gettext_lazy(
                "Empty: the courses the requirement, or else each person's specialties, need."
            ),
        ),
    ] = Field([], description="Course ids; empty: what the people need.")
    service_numbers: Annotated[
        list[str],
        Label(gettext_lazy("Service numbers"), help=gettext_lazy("Optional: only these people.")),
    ] = Field([], description="Only these people; a value may list several, separated by commas.")

    @field_validator("service_numbers", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        """The page's box holds several a line; the API may repeat the parameter."""
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return split_service_numbers(" ".join(value))
        return value


class NeedsQuery(NeedsFilters):
    """The API's: the deadline is required."""

    deadline: Day = Field(description="The date the certificates must still be valid on.")  # type: ignore[assignment]


def _classes_html(need: CourseNeed) -> SafeString:
    if not need.classes:
        return format_html('<span class="bad">{}</span>', _("none in time"))
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("training:class", args=[s.pk]), f"{s.starts_on:%Y-%m-%d}") for s in need.classes),
    )


def _closing_html(row: PersonNeeds) -> SafeString:
    return format_html_join(
        mark_safe("<br>"), "{}: {}", ((gap.course.code, _classes_html(gap)) for gap in row.gaps)
    )


def _closing_text(row: PersonNeeds) -> str:
    """For the file: "CPTM: 2027-03-01, 2027-05-10; STM-MED: none in time"."""
    return "; ".join(
        f"{gap.course.code}: "
        + (", ".join(f"{s.starts_on:%Y-%m-%d}" for s in gap.classes) or _("none in time"))
        for gap in row.gaps
    )


NEEDS: Register[PersonNeeds, NeedsFilters] = Register(
    name="training-needs",
    filters=NeedsFilters,
    empty=gettext_lazy("No gaps: everyone holds the courses needed."),
    columns=(
        Column(
            "service_number",
            gettext_lazy("Service number"),
            "person.service_number",
            link=lambda row: reverse("personnel:detail", args=[row.person.pk]),
        ),
        Column("full_name", gettext_lazy("Name"), "person.full_name"),
        Column("rank", gettext_lazy("Rank"), "person.rank.name_native"),
        Column(
            "missing",
            gettext_lazy("Missing"),
            lambda row: ", ".join(gap.course.code for gap in row.gaps),
        ),
        Column(
            "classes",
            gettext_lazy("Classes that close the gap"),
            _closing_text,
            display=_closing_html,
        ),
    ),
)


def _seats_left(session: ClassSession) -> str:
    seats = getattr(session, "seats_left", 0)  # annotated by `closing_gaps_by`
    return ngettext("%(seats)s seat", "%(seats)s seats", seats) % {"seats": seats}


def _class_lines(need: CourseNeed) -> SafeString:
    if not need.classes:
        return format_html('<span class="bad">{}</span>', _("none in time"))
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">{} – {}</a> <span class="muted">({}, {})</span>',
        (
            (
                reverse("training:class", args=[s.pk]),
                f"{s.starts_on:%Y-%m-%d}",
                f"{s.ends_on:%Y-%m-%d}",
                s.organisation.code,
                _seats_left(s),
            )
            for s in need.classes
        ),
    )


def _shortfall(need: CourseNeed) -> SafeString:
    if need.shortfall:
        return format_html('<span class="bad">{}</span>', need.shortfall)
    return format_html("{}", 0)


# The summary above the list: drawn from columns too, never paginated (one row a course).
NEEDS_BY_COURSE: Register[CourseNeed, NoFilters] = Register(
    name="training-needs-by-course",
    filters=NoFilters,
    columns=(
        Column(
            "course",
            gettext_lazy("Course"),
            "course.code",
            display=lambda need: _two_lines(need.course.code, need.course.label),
            link=lambda need: reverse("training:course", args=[need.course.pk]),
        ),
        Column("missing", gettext_lazy("People missing it"), "missing"),
        Column("classes", gettext_lazy("Classes in time"), "classes", display=_class_lines),
        Column("seats", gettext_lazy("Free seats"), "seats"),
        Column("shortfall", gettext_lazy("Short of seats"), "shortfall", display=_shortfall),
    ),
)


# --- Trainee report -----------------------------------------------------------------------------


class ReportFilters(Schema):
    year: Annotated[Year | None, Label(gettext_lazy("Year"))] = Field(
        None, description="Classes starting that year."
    )
    course: Annotated[str, Label(gettext_lazy("Course code"))] = Field(
        "", max_length=30, description="Exact course code, e.g. CPTM."
    )


REPORT: Register[ReportRow, ReportFilters] = Register(
    name="training-report",
    filters=ReportFilters,
    empty=gettext_lazy("No trainees yet for these filters."),
    columns=(
        Column("course", gettext_lazy("Course"), "course"),
        Column("course_title", gettext_lazy("Title"), "course_title"),
        Column("year", gettext_lazy("Year"), "year"),
        Column("organisation", gettext_lazy("Organisation"), "organisation"),
        Column("country", gettext_lazy("Country"), "country"),
        Column("trainees", gettext_lazy("Trainees"), "trainees"),
        Column("assessed", gettext_lazy("Assessed"), "assessed"),
        Column("passed", gettext_lazy("Passed"), "passed"),
        Column("pass_rate_percent", gettext_lazy("Pass rate (%)"), "pass_rate"),
        Column("women", gettext_lazy("Women"), "women"),
        Column("women_percent", gettext_lazy("Women (%)"), "women_share"),
        Column("foreign_trainees", gettext_lazy("Foreign trainees"), "foreign"),
    ),
)
NAMING_COLUMNS = 5  # course to country name a row; the others count, and are totalled


def report_totals(totals: ReportRow) -> SafeString:
    """The table's footer: the totals under the counting columns."""
    cells = REPORT.table([totals]).rows[0][NAMING_COLUMNS:]
    return format_html(
        '<tr><th scope="row" colspan="{}">{}</th>{}</tr>',
        NAMING_COLUMNS,
        _("Total"),
        format_html_join("", "<td>{}</td>", ((cell,) for cell in cells)),
    )
