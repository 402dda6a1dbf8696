"""The unit templates (TO&E) file loader: JSON documents, as described in
forcegen/units/data/README.md, into templates, positions, requirements and equipment lines; all or
nothing, every problem named by file, position and field. The starter files ship in units/data/.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from forcegen.core.models import Organisation, SharingGrant
from forcegen.personnel.models import (
    NATO_CODES,
    Credential,
    LanguageLevel,
    RequiredCredential,
    RequiredLanguage,
    Requirement,
    Specialty,
)

from .models import (
    EquipmentKind,
    TemplateEquipment,
    TemplatePosition,
    UnitTemplate,
)
from .readiness import TRAINING_APP

DATA_DIR = Path(__file__).resolve().parent / "data"


TEMPLATE_KEYS = {
    "code",
    "name",
    "short_name",
    "kind",
    "description",
    "source",
    "effective_from",
    "defaults",
    "positions",
    "equipment",
}
REQUIREMENT_KEYS = {
    "specialty",
    "min_rank",
    "max_rank",
    "min_age",
    "max_age",
    "min_rest_days",
    "women_only",
    "credentials",
    "languages",
    "courses",
    "notes",
}
POSITION_KEYS = REQUIREMENT_KEYS | {"sub_unit", "title", "count"}
EQUIPMENT_KEYS = {"kind", "category", "item", "quantity"}
LEVELS = {label: value for value, label in LanguageLevel.choices}


# What a position asks when neither it nor the template's defaults say otherwise.
BLANK_REQUIREMENT: dict[str, Any] = {
    "specialty": None,
    "min_rank": "",
    "max_rank": "",
    "min_age": None,
    "max_age": None,
    "min_rest_days": 0,
    "female_only": False,
    "notes": "",
}


@dataclass
class Asks:
    """What a requirement asks: its fields, credentials, languages and courses."""

    requirement: dict[str, Any]
    credentials: list[tuple[str, str]]
    languages: dict[str, int]
    courses: list[str]


@dataclass
class PositionSpec(Asks):
    sub_unit: str
    title: str
    count: int


class _Errors:
    """Collects "where: what" messages; the load stores nothing while there is one."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}")


def _whole(value: Any, where: str, errors: _Errors, *, minimum: int = 0) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        errors.add(where, _("expected a whole number of at least %(min)d") % {"min": minimum})
        return None
    return value


def _text(value: Any, where: str, errors: _Errors, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        errors.add(where, _("expected some text"))
        return ""
    return value.strip()


def _requirement_fields(
    spec: dict[str, Any], where: str, errors: _Errors, specialties: dict[str, Specialty]
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "specialty" in spec:
        code = spec["specialty"]
        if code in (None, ""):
            fields["specialty"] = None
        elif code not in specialties:
            errors.add(
                f"{where}.specialty",
                _("unknown specialty “%(code)s” (see forcegen/personnel/data/specialties.csv)")
                % {"code": code},
            )
        else:
            fields["specialty"] = specialties[code]
    for key in ("min_rank", "max_rank"):
        if key in spec:
            code = spec[key] or ""
            if code and code not in NATO_CODES:
                errors.add(
                    f"{where}.{key}",
                    _("“%(code)s” is not a NATO rank code such as OR-6 or OF-3") % {"code": code},
                )
            fields[key] = code
    for key in ("min_age", "max_age", "min_rest_days"):
        if key in spec:
            value = spec[key]
            fields[key] = None if value is None else _whole(value, f"{where}.{key}", errors)
    if "women_only" in spec:
        if not isinstance(spec["women_only"], bool):
            errors.add(f"{where}.women_only", _("expected true or false"))
        fields["female_only"] = bool(spec["women_only"])
    if "notes" in spec:
        fields["notes"] = _text(spec["notes"], f"{where}.notes", errors, required=False)
    return fields


def _credentials(value: Any, where: str, errors: _Errors) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if not isinstance(value, list):
        errors.add(where, _("expected a list"))
        return found
    for index, entry in enumerate(value):
        here = f"{where}[{index}]"
        if not isinstance(entry, dict) or entry.get("kind") not in Credential.Kind.values:
            errors.add(
                here,
                _('expected {"kind": one of %(kinds)s, "detail": optional}')
                % {"kinds": ", ".join(Credential.Kind.values)},
            )
            continue
        found.append((entry["kind"], str(entry.get("detail") or "").strip()))
    return found


def _languages(value: Any, where: str, errors: _Errors) -> dict[str, int]:
    found: dict[str, int] = {}
    if not isinstance(value, list):
        errors.add(where, _("expected a list"))
        return found
    for index, entry in enumerate(value):
        here = f"{where}[{index}]"
        language = entry.get("language") if isinstance(entry, dict) else None
        level = entry.get("min_level") if isinstance(entry, dict) else None
        if not isinstance(language, str) or not language.isalpha() or level not in LEVELS:
            errors.add(here, _('expected {"language": "en", "min_level": "A1" to "C2"}'))
            continue
        found[language.lower()] = LEVELS[level]
    return found


def _courses(value: Any, where: str, errors: _Errors) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        errors.add(where, _("expected a list of course codes"))
        return []
    return [c.strip() for c in value]


def _parse_asks(
    spec: dict[str, Any], where: str, errors: _Errors, specialties: dict[str, Specialty]
) -> Asks:
    """The requirement fields and lists of a position, or of the template's defaults."""
    return Asks(
        requirement=_requirement_fields(spec, where, errors, specialties),
        credentials=_credentials(spec.get("credentials", []), f"{where}.credentials", errors),
        languages=_languages(spec.get("languages", []), f"{where}.languages", errors),
        courses=_courses(spec.get("courses", []), f"{where}.courses", errors),
    )


def _parse_position(
    entry: Any,
    where: str,
    errors: _Errors,
    defaults: Asks,
    specialties: dict[str, Specialty],
) -> PositionSpec | None:
    """A position of the template: what it asks itself, added to the template's defaults."""
    if not isinstance(entry, dict):
        errors.add(where, _("expected an object"))
        return None
    unknown = sorted(set(entry) - POSITION_KEYS)
    if unknown:
        errors.add(where, _("unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    title = _text(entry.get("title"), f"{where}.title", errors)
    count = _whole(entry.get("count"), f"{where}.count", errors, minimum=1)
    own = _parse_asks(entry, where, errors, specialties)
    if count is None or not title:
        return None
    return PositionSpec(
        sub_unit=_text(entry.get("sub_unit"), f"{where}.sub_unit", errors, required=False),
        title=title,
        count=count,
        requirement={**BLANK_REQUIREMENT, **defaults.requirement, **own.requirement},
        credentials=defaults.credentials
        + [c for c in own.credentials if c not in defaults.credentials],
        languages={**defaults.languages, **own.languages},
        courses=defaults.courses + [c for c in own.courses if c not in defaults.courses],
    )


def _find_courses(organisation: Organisation, codes: set[str]) -> dict[str, Any]:
    """Courses by code: the organisation's own first, else a partner's shared catalogue."""
    if not codes or not apps.is_installed(TRAINING_APP):
        return {}
    course_model = apps.get_model("training", "Course")
    grantors = SharingGrant.objects.active().filter(
        grantee=organisation, scope=SharingGrant.Scope.COURSE_CATALOGUE
    )
    found: dict[str, Any] = {}
    candidates = course_model._default_manager.filter(code__in=codes).filter(
        Q(organisation=organisation) | Q(organisation__in=grantors.values("grantor_id"))
    )
    for course in candidates:
        if course.code not in found or course.organisation_id == organisation.pk:
            found[course.code] = course
    return found


def _save_requirement(
    organisation: Organisation, name: str, spec: PositionSpec, courses: dict[str, Any]
) -> tuple[Requirement, bool]:
    requirement = Requirement.objects.filter(organisation=organisation, name=name).first()
    created = requirement is None
    requirement = requirement or Requirement(organisation=organisation, name=name)
    for key, value in spec.requirement.items():
        setattr(requirement, key, value)
    requirement.full_clean()
    requirement.save()
    requirement.credentials.all().delete()
    requirement.languages.all().delete()
    RequiredCredential.objects.bulk_create(
        RequiredCredential(requirement=requirement, kind=kind, detail=detail)
        for kind, detail in spec.credentials
    )
    RequiredLanguage.objects.bulk_create(
        RequiredLanguage(requirement=requirement, language=language, min_level=level)
        for language, level in spec.languages.items()
    )
    if apps.is_installed(TRAINING_APP):
        required_course = apps.get_model("training", "RequiredCourse")
        required_course._default_manager.filter(requirement=requirement).delete()
        required_course._default_manager.bulk_create(
            required_course(requirement=requirement, course=courses[code]) for code in spec.courses
        )
    return requirement, created


def _model_errors(errors: _Errors, where: str, exc: ValidationError) -> None:
    """A model's own refusal: one "where + field: messages" line per field."""
    for field, messages in exc.message_dict.items():
        errors.add(f"{where}{field}", " ".join(messages))


def _parse_positions(
    document: dict[str, Any], where: str, errors: _Errors, specialties: dict[str, Specialty]
) -> list[PositionSpec]:
    """The template's positions, each asking what the template's `defaults` ask and more."""
    raw_defaults = document.get("defaults") or {}
    if not isinstance(raw_defaults, dict) or set(raw_defaults) - REQUIREMENT_KEYS:
        errors.add(f"{where}: defaults", _("expected an object with requirement fields"))
        raw_defaults = {}
    defaults = _parse_asks(raw_defaults, f"{where}: defaults", errors, specialties)
    positions: list[PositionSpec] = []
    raw_positions = document.get("positions")
    if not isinstance(raw_positions, list) or not raw_positions:
        errors.add(f"{where}: positions", _("expected a non-empty list"))
        raw_positions = []
    for index, entry in enumerate(raw_positions):
        label = entry.get("title") if isinstance(entry, dict) else None
        here = f"{where}: positions[{index}]" + (f" ({label})" if label else "")
        spec = _parse_position(entry, here, errors, defaults, specialties)
        if spec is not None:
            positions.append(spec)
    titles = [p.title for p in positions]
    for title in sorted({t for t in titles if titles.count(t) > 1}):
        errors.add(
            f"{where}: positions", _("the title “%(title)s” is used twice") % {"title": title}
        )
    return positions


def _parse_equipment(
    document: dict[str, Any], where: str, errors: _Errors
) -> list[TemplateEquipment]:
    equipment: list[TemplateEquipment] = []
    raw_equipment = document.get("equipment") or []
    if not isinstance(raw_equipment, list):
        errors.add(f"{where}: equipment", _("expected a list"))
        raw_equipment = []
    for index, entry in enumerate(raw_equipment):
        here = f"{where}: equipment[{index}]"
        if not isinstance(entry, dict) or set(entry) - EQUIPMENT_KEYS:
            errors.add(here, _("expected an object with kind, category, item and quantity"))
            continue
        if entry.get("kind") not in EquipmentKind.values:
            errors.add(
                f"{here}.kind",
                _("expected one of %(kinds)s") % {"kinds": ", ".join(EquipmentKind.values)},
            )
        quantity = _whole(entry.get("quantity"), f"{here}.quantity", errors, minimum=1)
        equipment.append(
            TemplateEquipment(
                order=index,
                kind=entry.get("kind") or "",
                category=_text(entry.get("category"), f"{here}.category", errors),
                item=_text(entry.get("item"), f"{here}.item", errors),
                quantity=quantity or 1,
            )
        )
    return equipment


def _load_one(
    organisation: Organisation,
    where: str,
    document: Any,
    errors: _Errors,
    specialties: dict[str, Specialty],
    counts: dict[str, int],
) -> None:
    if not isinstance(document, dict):
        errors.add(where, _("expected a JSON object"))
        return
    unknown = sorted(set(document) - TEMPLATE_KEYS)
    if unknown:
        errors.add(where, _("unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    positions = _parse_positions(document, where, errors, specialties)
    equipment = _parse_equipment(document, where, errors)

    codes = {code for p in positions for code in p.courses}
    courses = _find_courses(organisation, codes)
    if apps.is_installed(TRAINING_APP):
        for code in sorted(codes - set(courses)):
            errors.add(
                where,
                _(
                    "course “%(code)s” is not in the catalogue of %(org)s nor in a catalogue "
                    "shared with it"
                )
                % {"code": code, "org": organisation.code},
            )

    code = str(document.get("code") or "")
    template = UnitTemplate.objects.filter(organisation=organisation, code=code).first()
    created = template is None
    template = template or UnitTemplate(organisation=organisation)
    effective = document.get("effective_from")
    values = {
        "code": code,
        "name": document.get("name"),
        "short_name": document.get("short_name"),
        "kind": document.get("kind"),
        "description": document.get("description") or "",
        "source": document.get("source") or "",
    }
    for key, value in values.items():
        setattr(template, key, value)
    if effective is not None:
        parsed = parse_date(effective) if isinstance(effective, str) else None
        if parsed is None:
            errors.add(f"{where}: effective_from", _("expected a date as YYYY-MM-DD"))
        else:
            template.effective_from = parsed
    try:
        template.full_clean()
    except ValidationError as exc:
        _model_errors(errors, f"{where}: ", exc)
    if errors.messages:
        return  # nothing is written once something is wrong; the caller rolls back anyway

    template.save()
    counts["templates created" if created else "templates updated"] += 1
    template.positions.all().delete()
    template.equipment.all().delete()
    rows = []
    for order, spec in enumerate(positions):
        name = Requirement.for_position(template.short_name, spec.title)
        try:
            requirement, made = _save_requirement(organisation, name, spec, courses)
        except ValidationError as exc:
            _model_errors(errors, f"{where}: positions[{order}] ({spec.title}).", exc)
            continue
        counts["requirements created" if made else "requirements updated"] += 1
        rows.append(
            TemplatePosition(
                template=template,
                order=order,
                sub_unit=spec.sub_unit,
                title=spec.title,
                requirement=requirement,
                count=spec.count,
            )
        )
    TemplatePosition.objects.bulk_create(rows)
    for line in equipment:
        line.template = template
    TemplateEquipment.objects.bulk_create(equipment)
    counts["positions"] += len(rows)
    counts["seats"] += sum(p.count for p in positions)
    counts["equipment lines"] += len(equipment)


@transaction.atomic
def load_unit_templates(
    *, organisation: Organisation, documents: Sequence[tuple[str, Any]]
) -> dict[str, int]:
    """Create or update templates from parsed JSON documents, given as (file name, content).

    All or nothing: one wrong field anywhere and nothing is stored; the ValidationError lists
    every problem as "file: positions[3] (Anaesthetist).specialty: …"."""
    errors = _Errors()
    specialties = {s.code: s for s in Specialty.objects.all()}
    counts: dict[str, int] = dict.fromkeys(
        [
            "templates created",
            "templates updated",
            "positions",
            "seats",
            "requirements created",
            "requirements updated",
            "equipment lines",
        ],
        0,
    )
    for where, document in documents:
        _load_one(organisation, where, document, errors, specialties, counts)
    if errors.messages:
        raise ValidationError(errors.messages)
    return counts


def read_template_files(paths: Iterable[Path]) -> list[tuple[str, Any]]:
    """Parse JSON files; a file that is not JSON is reported like any other error."""
    documents: list[tuple[str, Any]] = []
    problems: list[str] = []
    for path in paths:
        try:
            documents.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError) as exc:
            problems.append(f"{path.name}: {exc}")
    if problems:
        raise ValidationError(problems)
    return documents


def starter_template_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))
