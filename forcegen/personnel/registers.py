"""The personnel list, declared once for its page, the API and the export (whose columns are
the roster import template's, so an export can be corrected and imported again)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Annotated, Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from forcegen.core.params import Day, ObjectId
from forcegen.core.registers import Column, Label, NoFilters, Register, choice_display

from . import roster_columns
from .eligibility import Period
from .fitness import Seat
from .models import NATO_CHOICES, Credential, LanguageLevel, Person, Rank, Requirement, Specialty


def rank_options(user: Any) -> Iterable[tuple[str, str]]:
    """The organisation's own rank table; NATO grades are the other filter."""
    ranks = Rank.objects.editable_by(user).order_by("-seniority")
    return [(r.code, f"{r.name_native} · {r.name_en}") for r in ranks]


def specialty_options(user: Any) -> Iterable[tuple[str, str]]:
    return [(s.code, s.label) for s in Specialty.objects.all()]


class PersonFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Name or service number"))] = Field(
        "", max_length=200, description="Name in either script, or service number."
    )
    rank: Annotated[str, Label(gettext_lazy("Rank"), rank_options)] = Field(
        "", max_length=40, description="Rank code or NATO code (OF-3)."
    )
    nato_grade: Annotated[str, Label(gettext_lazy("NATO grade"), lambda user: NATO_CHOICES)] = (
        Field("", max_length=5, description="NATO grade, e.g. OF-3.")
    )
    specialty: Annotated[str, Label(gettext_lazy("Specialty"), specialty_options)] = Field(
        "", max_length=40, description="Specialty code, e.g. surgeon."
    )
    sex: Annotated[Person.Sex | None, Label(gettext_lazy("Sex"))] = None
    status: Annotated[Person.Status | None, Label(gettext_lazy("Status"))] = None
    expiring_within: Annotated[
        int | None, Label(gettext_lazy("Credential expiring within (days)"))
    ] = Field(None, ge=0, le=3650)


def _detail(person: Person) -> str:
    return reverse("personnel:detail", args=[person.pk])


def _name(person: Person) -> SafeString:
    if person.full_name_native and person.full_name_native != person.full_name:
        return format_html(
            '{}<br><span class="muted">{}</span>', person.full_name, person.full_name_native
        )
    return format_html("{}", person.full_name)


# The export's own cells read what `PersonQuerySet.for_export` adds to each person.


def _english(person: Any) -> str:
    """The best English result on record."""
    return str(LanguageLevel(person.english_level).label) if person.english_level else ""


PEOPLE: Register[Person, PersonFilters] = Register(
    name="personnel",
    filters=PersonFilters,
    empty=gettext_lazy("No one matches these filters."),
    order=("full_name", "service_number", "pk"),  # Person's own order, made unique
    columns=(
        Column("service_number", gettext_lazy("Service number"), "service_number", link=_detail),
        Column("full_name", gettext_lazy("Name"), "full_name", display=_name, link=_detail),
        Column("full_name_native", "", "full_name_native", page=False),
        Column(
            "rank",
            gettext_lazy("Rank"),
            "rank.code",
            display=lambda p: format_html(
                '{}<br><span class="muted">{}</span>', p.rank.name_native, p.rank.nato_code
            ),
        ),
        Column(
            "specialty",
            gettext_lazy("Specialties"),
            "specialty_codes",
            display=lambda p: ", ".join(s.label for s in p.specialties.all()),
        ),
        Column("sex", gettext_lazy("Sex"), "sex", display=choice_display("sex")),
        Column("date_of_birth", "", "date_of_birth", page=False),
        Column("unit", "", "home_unit", page=False),
        Column("status", gettext_lazy("Status"), "status", display=choice_display("status")),
        Column("english_level", "", _english, page=False),
    ),
)

# Passports are personal data: the export adds them only for roles allowed to see them
# (`PersonQuerySet.for_export(passports=True)` reads them).
PEOPLE_WITH_PASSPORTS: Register[Person, PersonFilters] = dataclasses.replace(
    PEOPLE,
    columns=(
        *PEOPLE.columns,
        Column("passport_number", "", "passport_number", page=False),
        Column("passport_expiry", "", "passport_expiry", page=False),
    ),
)


# --- Credentials expiring soon --------------------------------------------------------------------


class ExpiringFilters(Schema):
    days: Annotated[int, Label(gettext_lazy("Within (days)"))] = Field(
        90, ge=0, le=3650, description="Credentials whose validity ends within this many days."
    )
    kind: Annotated[Credential.Kind | None, Label(gettext_lazy("Credential"))] = None


def _person(credential: Credential) -> str:
    return reverse("personnel:detail", args=[credential.person_id])


EXPIRING: Register[Credential, ExpiringFilters] = Register(
    name="expiring",
    filters=ExpiringFilters,
    empty=gettext_lazy("Nothing expires within these days."),
    columns=(
        Column("valid_until", gettext_lazy("Expires"), "valid_until"),
        Column("kind", gettext_lazy("Credential"), "kind", display=choice_display("kind")),
        Column(
            "full_name",
            gettext_lazy("Person"),
            "person.full_name",
            display=lambda c: _name(c.person),
            link=_person,
        ),
        Column("service_number", gettext_lazy("Service number"), "person.service_number"),
        Column(
            "rank",
            gettext_lazy("Rank"),
            "person.rank.code",
            display=lambda c: c.person.rank.name_native,
        ),
    ),
)


# --- Who is eligible for a requirement over a period ----------------------------------------------


def requirement_options(user: Any) -> Iterable[tuple[int, str]]:
    """Each requirement by its name in the reader's language."""
    requirements = Requirement.objects.visible_to(user).only("pk", "name")
    return [(requirement.pk, requirement.label) for requirement in requirements]


class EligibleFilters(Schema):
    requirement: Annotated[
        ObjectId | None, Label(gettext_lazy("Requirement"), requirement_options)
    ] = None
    start: Annotated[Day | None, Label(gettext_lazy("Period start"))] = None
    end: Annotated[Day | None, Label(gettext_lazy("Period end"))] = None

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: datetime.date | None, info: ValidationInfo) -> datetime.date | None:
        start = info.data.get("start")
        if end and start and end < start:
            raise ValueError(_("The period ends before it starts."))
        return end

    def seat(self, requirement: Requirement) -> Seat:
        """The requirement's post over the period, as seat fitness checks it."""
        if self.start is None or self.end is None:
            raise ValueError("a seat needs both dates of its period")
        return Seat(requirement.organisation_id, requirement, (Period(self.start, self.end),))


# The eligible are listed as people are, and exported in the same columns.
ELIGIBLE: Register[Person, EligibleFilters] = Register(
    name="eligible",
    filters=EligibleFilters,
    columns=PEOPLE.columns,
    empty=gettext_lazy(
        "No one meets every rule for this period. Open a person's page to see which rules "
        "they fail."
    ),
)


# --- A roster import's errors and changes (rows of the file, kept on the import) ----------------

Row = dict[str, Any]


def _file_row(error: Row) -> str | int:
    return error["row"] or _("file")  # row 0: the whole file


def _field(error: Row) -> str:
    """The column's name in the reader's language (blank for a heading the import does not know)."""
    column = roster_columns.BY_NAME.get(error["column"])
    return str(column.label) if column else ""


ROSTER_ERRORS: Register[Row, NoFilters] = Register(
    name="roster-errors",
    filters=NoFilters,
    columns=(
        Column("row", gettext_lazy("Row"), lambda e: e["row"] or None, display=_file_row),
        Column(
            "column",
            gettext_lazy("Column"),
            lambda e: e["column"],
            display=lambda e: format_html("<code>{}</code>", e["column"]) if e["column"] else "",
        ),
        Column("field", gettext_lazy("Field"), _field, page=False),
        Column("message", gettext_lazy("Problem"), lambda e: e["message"]),
    ),
)


def _change_text(change: Row) -> str:
    """For the file: "Rank: Lt → Capt; Specialties"."""
    return "; ".join(
        f"{capfirst(f['label'])}: {f['old']} → {f['new']}"
        if f["old"] or f["new"]
        else str(capfirst(f["label"]))
        for f in change["fields"]
    )


def _change_html(change: Row) -> SafeString:
    if change["action"] == "created":
        return format_html('<span class="good">{}</span>', _("New person"))
    return format_html(
        '<ul class="changes">{}</ul>',
        format_html_join(
            "",
            "<li>{}</li>",
            (
                (
                    format_html(
                        "{}: {} → {}", capfirst(f["label"]), f["old"] or "—", f["new"] or "—"
                    )
                    if f["old"] or f["new"]
                    else capfirst(f["label"]),
                )
                for f in change["fields"]
            ),
        ),
    )


# Each change's `fields` carry their labels (views.change_lines).
ROSTER_CHANGES: Register[Row, NoFilters] = Register(
    name="roster-changes",
    filters=NoFilters,
    columns=(
        Column("row", gettext_lazy("Row"), lambda c: c["row"]),
        Column("service_number", gettext_lazy("Service number"), lambda c: c["service_number"]),
        Column("full_name", gettext_lazy("Name"), lambda c: c["name"]),
        Column("action", "", lambda c: c["action"], page=False),
        Column("changes", gettext_lazy("What changes"), _change_text, display=_change_html),
    ),
)
