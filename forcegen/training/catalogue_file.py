"""The course catalogue as a file: an organisation's courses loaded from CSV (the starter catalogue
ships in data/catalogue.csv), all rows or none, with names in every language."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forcegen.core.models import Organisation
from forcegen.core.validation import row_errors
from forcegen.personnel.models import LanguageLevel, Specialty
from forcegen.personnel.services import read_csv

from .models import (
    Course,
)

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "catalogue.csv"
CATALOGUE_FIELDS = ("code", "title", "category", "hours", "pass_mark")
LANGUAGES = ("vi", "lo", "fr")


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _course_values(row: dict[str, str]) -> dict[str, Any]:
    """Scalar fields of one catalogue row; unparsable numbers are left for full_clean to name."""
    level = (row.get("min_language_level") or "").strip().upper()
    levels = {label: value for value, label in LanguageLevel.choices}
    values: dict[str, Any] = {
        "title": row["title"].strip(),
        "category": row["category"].strip(),
        "hours": row["hours"].strip(),
        "pass_mark": row["pass_mark"].strip(),
        "validity_months": (row.get("validity_months") or "").strip() or None,
        "min_language": (row.get("min_language") or "").strip().lower(),
        "min_language_level": levels.get(level, level or None),
        "translations": {k: row[k].strip() for k in LANGUAGES if (row.get(k) or "").strip()},
        "source": (row.get("source") or "").strip(),
        "description": (row.get("description") or "").strip(),
    }
    if (row.get("effective_from") or "").strip():
        values["effective_from"] = row["effective_from"].strip()
    return values


@transaction.atomic
def load_catalogue(
    *, organisation: Organisation, rows: Iterable[dict[str, str]], update_existing: bool = False
) -> dict[str, int]:
    """Create an organisation's courses from catalogue rows (see data/catalogue.csv).

    Existing courses are kept as the centre edited them unless `update_existing`. One bad row
    and nothing is stored.
    """
    counts = {"created": 0, "updated": 0, "kept": 0}
    errors: list[str] = []
    links: list[tuple[Course, dict[str, str], int]] = []
    specialties = {s.code: s for s in Specialty.objects.all()}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        missing = [f for f in CATALOGUE_FIELDS if not (row.get(f) or "").strip()]
        if missing:
            errors.append(
                _("row %(row)d: missing %(fields)s") % {"row": number, "fields": ", ".join(missing)}
            )
            continue
        code = row["code"].strip()
        course = Course.objects.filter(organisation=organisation, code=code).first()
        if course is not None and not update_existing:
            counts["kept"] += 1
            continue
        state = "created" if course is None else "updated"
        course = course or Course(organisation=organisation, code=code)
        for name, value in _course_values(row).items():
            setattr(course, name, value)
        try:
            course.full_clean()
        except ValidationError as exc:
            errors.extend(row_errors(number, exc))
            continue
        unknown = [c for c in _split(row.get("required_for")) if c not in specialties]
        if unknown:
            errors.append(
                _("row %(row)d: unknown specialty %(codes)s")
                % {"row": number, "codes": ", ".join(unknown)}
            )
            continue
        course.save()
        counts[state] += 1
        links.append((course, row, number))
    for course, row, number in links:
        codes = _split(row.get("prerequisites"))
        prerequisites = list(Course.objects.filter(organisation=organisation, code__in=codes))
        if len(prerequisites) != len(set(codes)):
            errors.append(
                _("row %(row)d: unknown prerequisite among %(codes)s")
                % {"row": number, "codes": ", ".join(codes)}
            )
            continue
        course.prerequisites.set(prerequisites)
        course.required_for.set([specialties[c] for c in _split(row.get("required_for"))])
    if errors:
        raise ValidationError(errors)
    return counts


def load_starter_catalogue(organisation: Organisation) -> dict[str, int]:
    return load_catalogue(organisation=organisation, rows=read_csv(CATALOGUE_CSV))
