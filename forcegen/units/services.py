"""Writes for force organisation: loading templates, forming units, filling slots, equipment, PCRS
and readiness snapshots. Each is atomic and refuses bad input with a message a person can act on.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from forcegen.core.models import Organisation, SharingGrant
from forcegen.personnel.eligibility import eligibility
from forcegen.personnel.models import (
    NATO_CODES,
    Credential,
    LanguageLevel,
    Person,
    RequiredCredential,
    RequiredLanguage,
    Requirement,
    Specialty,
)

from .models import (
    EquipmentKind,
    EquipmentLine,
    PcrsLevel,
    PcrsRecord,
    ReadinessPolicy,
    ReadinessSnapshot,
    Slot,
    TemplateEquipment,
    TemplatePosition,
    Unit,
    UnitTemplate,
    Visit,
    VisitDocument,
)
from .readiness import TRAINING_APP, readiness_for, requirement_children

DATA_DIR = Path(__file__).resolve().parent / "data"


# --- Loading templates ----------------------------------------------------------------------------
# The file format is described in forcegen/units/data/README.md.

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
        name = f"{template.short_name} · {spec.title}"
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


# --- Units ----------------------------------------------------------------------------------------


def _may_use_template(organisation: Organisation, template: UnitTemplate) -> bool:
    if template.organisation_id == organisation.pk:
        return True
    return (
        SharingGrant.objects.active()
        .filter(
            grantor_id=template.organisation_id,
            grantee=organisation,
            scope=SharingGrant.Scope.UNIT_TEMPLATES,
        )
        .exists()
    )


def copy_requirement(*, source: Requirement, organisation: Organisation) -> Requirement:
    """The organisation's own copy of a partner's requirement, with its children (credentials,
    languages, and required courses with the training app). A requirement of the same name the
    organisation already has is used as it is: it is that organisation's to edit."""
    existing = Requirement.objects.filter(organisation=organisation, name=source.name).first()
    if existing is not None:
        return existing
    copy = Requirement(organisation=organisation)
    for field in Requirement._meta.concrete_fields:
        if field.primary_key or field.name == "organisation":
            continue
        setattr(copy, field.attname, getattr(source, field.attname))
    note = _("Copied from %(org)s's template on %(day)s.") % {
        "org": source.organisation.code,
        "day": timezone.localdate().isoformat(),
    }
    copy.notes = f"{source.notes}\n{note}".strip()
    copy.full_clean()
    copy.save()
    for rel in requirement_children():
        model = rel.related_model
        assert isinstance(model, type)
        manager = model._default_manager
        rows = []
        for child in manager.filter(**{rel.field.name: source}):
            child.pk = None
            setattr(child, rel.field.name, copy)
            rows.append(child)
        manager.bulk_create(rows)
    return copy


@transaction.atomic
def create_unit(
    *,
    organisation: Organisation,
    template: UnitTemplate,
    name: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    status: str = Unit.Status.FORMING,
    notes: str = "",
) -> Unit:
    """A unit made from a template: one slot per seat, the template's equipment lines. From a
    partner's shared template, the organisation gets its own copies of the requirements, so the
    unit never depends on the partner's rows afterwards."""
    if not _may_use_template(organisation, template):
        raise ValidationError(
            {"template": _("This template is not shared with your organisation.")}
        )
    policy = ReadinessPolicy.objects.for_organisations({organisation.pk})[organisation.pk]
    if starts_on is None or ends_on is None:
        default_start, default_end = policy.default_period(timezone.localdate())
        starts_on = starts_on or default_start
        ends_on = ends_on or default_end
    unit = Unit(
        organisation=organisation,
        name=name,
        template=template,
        kind=template.kind,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        women_target=policy.women_target_for(template.kind),
        notes=notes,
    )
    unit.full_clean()
    unit.save()
    positions = list(template.positions.select_related("requirement__organisation"))
    requirements = {}
    for position in positions:
        source = position.requirement
        if source.pk not in requirements:
            requirements[source.pk] = (
                source
                if source.organisation_id == organisation.pk
                else copy_requirement(source=source, organisation=organisation)
            )
    Slot.objects.bulk_create(
        Slot(
            organisation=organisation,
            unit=unit,
            order=position.order,
            sub_unit=position.sub_unit,
            title=position.title,
            seat=seat,
            requirement=requirements[position.requirement_id],
        )
        for position in positions
        for seat in range(1, position.count + 1)
    )
    EquipmentLine.objects.bulk_create(
        EquipmentLine(
            organisation=organisation,
            unit=unit,
            order=line.order,
            kind=line.kind,
            category=line.category,
            item=line.item,
            quantity=line.quantity,
        )
        for line in template.equipment.all()
    )
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, **fields: Any) -> Unit:
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def add_slot(
    *, unit: Unit, title: str, requirement: Requirement, sub_unit: str = "", count: int = 1
) -> list[Slot]:
    """Extra seats after creation (a unit is editable once made from its template)."""
    if requirement.organisation_id != unit.organisation_id:
        raise ValidationError({"requirement": _("Use one of your organisation's requirements.")})
    existing = list(unit.slots.filter(title=title))
    first = max((s.seat for s in existing), default=0) + 1
    if existing:
        order = existing[0].order
    else:
        last = unit.slots.aggregate(last=Max("order"))["last"]
        order = 0 if last is None else last + 1
    return Slot.objects.bulk_create(
        Slot(
            organisation_id=unit.organisation_id,
            unit=unit,
            order=order,
            sub_unit=sub_unit,
            title=title,
            seat=seat,
            requirement=requirement,
        )
        for seat in range(first, first + count)
    )


@transaction.atomic
def remove_slot(*, slot: Slot) -> None:
    if slot.person_id is not None:
        raise ValidationError(_("Unassign the person before removing the slot."))
    slot.delete()


# --- Slots ----------------------------------------------------------------------------------------


@transaction.atomic
def assign_slot(*, slot: Slot, person: Person, user: Any, justification: str = "") -> Slot:
    """Put a person in a slot. Someone who fails the requirement is refused with every reason,
    unless a justification is given (stored on the slot, with who and when)."""
    slot = Slot.objects.select_for_update().select_related("unit", "requirement").get(pk=slot.pk)
    unit = slot.unit
    if person.organisation_id != slot.organisation_id:
        raise ValidationError({"person": _("This person belongs to another organisation.")})
    # Serialises assignments of the same person, so the overlap check below cannot race.
    person = Person.objects.select_for_update().get(pk=person.pk)
    clash = (
        Slot.objects.held_during(unit)
        .filter(person=person)
        .exclude(pk=slot.pk)
        .select_related("unit")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "person": _(
                    "%(person)s already holds the %(title)s slot of %(unit)s, whose period "
                    "overlaps this unit's."
                )
                % {"person": person.full_name, "title": clash.title, "unit": clash.unit.name}
            }
        )
    checked = Person.objects.for_eligibility().get(pk=person.pk)
    verdict = eligibility(checked, slot.requirement, unit.period)
    justification = justification.strip()
    if not verdict.eligible and not justification:
        header = _(
            "%(person)s is not eligible for %(title)s from %(start)s to %(end)s; give a "
            "justification to assign them anyway."
        ) % {
            "person": person.full_name,
            "title": slot.title,
            "start": unit.starts_on.isoformat(),
            "end": unit.ends_on.isoformat(),
        }
        raise ValidationError({"person": [header, *verdict.failures]})
    if not verdict.eligible and not user.has_perm("units.override_eligibility"):
        raise ValidationError(
            {"justification": _("Your role may not assign someone who is not eligible.")}
        )
    now = timezone.now()
    slot.person = person
    slot.assigned_at = now
    slot.assigned_by = user
    if verdict.eligible:
        slot.override_justification, slot.overridden_by, slot.overridden_at = "", None, None
    else:
        slot.override_justification = justification
        slot.overridden_by = user
        slot.overridden_at = now
    slot.save()
    return slot


@transaction.atomic
def unassign_slot(*, slot: Slot) -> Slot:
    slot.person = None
    slot.assigned_at = None
    slot.assigned_by = None
    slot.override_justification, slot.overridden_by, slot.overridden_at = "", None, None
    slot.save()
    return slot


# --- Equipment ------------------------------------------------------------------------------------


@transaction.atomic
def save_equipment_line(
    *, unit: Unit, line: EquipmentLine | None = None, **fields: Any
) -> EquipmentLine:
    if line is None:
        last = unit.equipment_lines.aggregate(last=Max("order"))["last"]
        line = EquipmentLine(
            unit=unit, organisation_id=unit.organisation_id, order=0 if last is None else last + 1
        )
    for key, value in fields.items():
        setattr(line, key, value)
    line.full_clean()
    line.save()
    return line


# --- PCRS -----------------------------------------------------------------------------------------


@transaction.atomic
def change_pcrs_level(
    *, unit: Unit, level: str, on: datetime.date, reason: str, user: Any, evidence: Any = None
) -> PcrsRecord:
    """Record a new PCRS level with its reason and evidence; reaching level 1 registers the pledge
    (renewal dates count from it), going back to "not pledged" clears it."""
    if level not in PcrsLevel.values:
        raise ValidationError({"level": _("Unknown PCRS level.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the level changes (and what proves it).")})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if level == unit.pcrs_level:
        raise ValidationError({"level": _("The unit is already at this level.")})
    record = PcrsRecord(
        organisation_id=unit.organisation_id,
        unit=unit,
        kind=PcrsRecord.Kind.LEVEL,
        level=level,
        previous_level=unit.pcrs_level,
        on=on,
        reason=reason.strip(),
        recorded_by=user,
    )
    if evidence:
        record.evidence = evidence
    record.full_clean()
    record.save()
    if level == PcrsLevel.NONE:
        unit.pledged_on, unit.pledge_renewed_on = None, None
    elif unit.pledged_on is None:
        unit.pledged_on = on
    unit.pcrs_level = level
    unit.save(update_fields=["pcrs_level", "pledged_on", "pledge_renewed_on", "updated_at"])
    return record


@transaction.atomic
def renew_pledge(
    *, unit: Unit, on: datetime.date, reason: str, user: Any, evidence: Any = None
) -> PcrsRecord:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.pcrs_level == PcrsLevel.NONE or unit.pledged_on is None:
        raise ValidationError(_("The unit has no registered pledge to renew."))
    if on < unit.pledged_on:
        raise ValidationError({"on": _("A renewal cannot precede the pledge.")})
    record = PcrsRecord(
        organisation_id=unit.organisation_id,
        unit=unit,
        kind=PcrsRecord.Kind.RENEWAL,
        level=unit.pcrs_level,
        previous_level=unit.pcrs_level,
        on=on,
        reason=reason.strip() or str(_("Pledge renewed")),
        recorded_by=user,
    )
    if evidence:
        record.evidence = evidence
    record.full_clean()
    record.save()
    unit.pledge_renewed_on = on
    unit.save(update_fields=["pledge_renewed_on", "updated_at"])
    return record


@transaction.atomic
def save_visit(*, unit: Unit, visit: Visit | None = None, **fields: Any) -> Visit:
    visit = visit or Visit(unit=unit, organisation_id=unit.organisation_id)
    for key, value in fields.items():
        setattr(visit, key, value)
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def add_visit_document(*, visit: Visit, title: str, file: Any, user: Any) -> VisitDocument:
    document = VisitDocument(
        visit=visit,
        organisation_id=visit.organisation_id,
        title=title,
        file=file,
        uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document


# --- Readiness snapshots --------------------------------------------------------------------------


@transaction.atomic
def take_snapshots(
    *, units: Sequence[Unit], on: datetime.date | None = None, chunk: int = 200
) -> int:
    """Store each unit's readiness for the day (again on the same day: replaced)."""
    day = on or timezone.localdate()
    now = timezone.now()
    stored = 0
    for start in range(0, len(units), chunk):
        batch = units[start : start + chunk]
        rows = [
            ReadinessSnapshot(
                organisation_id=readiness.unit.organisation_id,
                unit=readiness.unit,
                taken_on=day,
                taken_at=now,
                score=readiness.score,
                breakdown=readiness.breakdown(),
            )
            for readiness in readiness_for(batch).values()
        ]
        ReadinessSnapshot.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["unit", "taken_on"],
            update_fields=["taken_at", "score", "breakdown"],
        )
        stored += len(rows)
    return stored
