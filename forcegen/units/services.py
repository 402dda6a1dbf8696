"""Writes for force organisation: forming units, filling slots, equipment, PCRS
and readiness snapshots. Each is atomic and refuses bad input with a message a person can act on.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.core.models import Organisation
from forcegen.personnel.fitness import Seat, fitness_of
from forcegen.personnel.models import (
    Person,
    Requirement,
)

from .fitness import slot_seat
from .models import (
    EquipmentLine,
    PcrsLevel,
    PcrsRecord,
    ReadinessPolicy,
    ReadinessSnapshot,
    Slot,
    Unit,
    UnitTemplate,
    Visit,
    VisitDocument,
)
from .readiness import readiness_for, requirement_children

# --- Units ----------------------------------------------------------------------------------------


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
    if (
        not UnitTemplate.objects.visible_to_organisation(organisation)
        .filter(pk=template.pk)
        .exists()
    ):
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
def assign_slot(
    *, slot: Slot, person: Person, user: Any, justification: str = "", seat: Seat | None = None
) -> Slot:
    """Put a person in a slot. Someone unfit for its seat (`fitness.slot_seat`, or `seat` when
    the caller fills it for a given rotation) is refused with every reason, unless a
    justification is given (stored on the slot, with who and when); holding another slot or
    touring elsewhere at the time is refused even so."""
    slot = Slot.objects.select_for_update().select_related("unit", "requirement").get(pk=slot.pk)
    if person.organisation_id != slot.organisation_id:
        raise ValidationError({"person": _("This person belongs to another organisation.")})
    # Serialises assignments of the same person, so the overlap check below cannot race.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    seat = seat or slot_seat(slot)
    verdict = fitness_of(person, seat)
    named = {
        "person": person.full_name,
        "title": slot.title,
        "start": seat.start.isoformat(),
        "end": seat.end.isoformat(),
    }
    if verdict.blocking:
        header = _("%(person)s cannot take %(title)s from %(start)s to %(end)s:") % named
        raise ValidationError({"person": [header, *verdict.failures]})
    justification = justification.strip()
    if not verdict.fit and not justification:
        header = (
            _(
                "%(person)s is not eligible for %(title)s from %(start)s to %(end)s; give a "
                "justification to assign them anyway."
            )
            % named
        )
        raise ValidationError({"person": [header, *verdict.failures]})
    if not verdict.fit and not user.has_perm("units.override_eligibility"):
        raise ValidationError(
            {"justification": _("Your role may not assign someone who is not eligible.")}
        )
    now = timezone.now()
    slot.person = person
    slot.assigned_at = now
    slot.assigned_by = user
    if verdict.fit:
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
