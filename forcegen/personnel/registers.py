"""The personnel list, declared once for its page, the API and the export (whose columns are
the roster import template's, so an export can be corrected and imported again)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Annotated, Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.registers import Column, Label, Register

from .models import NATO_CHOICES, Credential, LanguageLevel, Person, Rank, Specialty


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


def _english(person: Person) -> str:
    """The best English result on record (language credentials only), from the prefetched list."""
    levels = [
        c.level
        for c in person.credentials.all()
        if c.kind == Credential.Kind.LANGUAGE and c.detail == "en" and c.level
    ]
    return str(LanguageLevel(max(levels)).label) if levels else ""


def _passport(person: Person) -> Credential | None:
    passports = [c for c in person.credentials.all() if c.kind == Credential.Kind.PASSPORT]
    return max(passports, key=lambda c: c.valid_until or datetime.date.min, default=None)


PEOPLE: Register[Person, PersonFilters] = Register(
    name="personnel",
    filters=PersonFilters,
    empty=gettext_lazy("No one matches these filters."),
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
            lambda p: "|".join(s.code for s in p.specialties.all()),
            display=lambda p: ", ".join(s.label for s in p.specialties.all()),
        ),
        Column("sex", gettext_lazy("Sex"), "sex", display=lambda p: p.get_sex_display()),
        Column("date_of_birth", "", "date_of_birth", page=False),
        Column("unit", "", "home_unit", page=False),
        Column(
            "status", gettext_lazy("Status"), "status", display=lambda p: p.get_status_display()
        ),
        Column("english_level", "", _english, page=False),
    ),
)

# Passports are personal data: the export adds them only for roles allowed to see them.
PEOPLE_WITH_PASSPORTS: Register[Person, PersonFilters] = dataclasses.replace(
    PEOPLE,
    columns=(
        *PEOPLE.columns,
        Column("passport_number", "", lambda p: getattr(_passport(p), "reference", ""), page=False),
        Column(
            "passport_expiry", "", lambda p: getattr(_passport(p), "valid_until", None), page=False
        ),
    ),
)
