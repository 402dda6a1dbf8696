"""Writes for logistics: inventory items, inspections, load lists, MOUs and payments.

Typed, keyword-only functions in a transaction; each refuses with a `ValidationError` that
names the field a person has to change.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forcegen.deployments.models import Mission, Rotation
from forcegen.units.models import EquipmentKind, Slot, Unit, rank_range

from .models import (
    CoeCategory,
    CoeRate,
    Condition,
    Finding,
    Inspection,
    InventoryItem,
    LoadEntry,
    LoadList,
    Location,
    LogisticsPolicy,
    MissionFactor,
    Mou,
    MouEquipment,
    MouPersonnel,
    MouSelfSustainment,
    Payment,
    PersonnelCategory,
    PersonnelRate,
)

# --- Inventory ------------------------------------------------------------------------------------


@transaction.atomic
def save_item(*, unit: Unit, existing: InventoryItem | None = None, **fields: Any) -> InventoryItem:
    """Add (existing=None) or change an inventory item; counting it towards one of the unit's
    equipment lines takes the line's annex, category and item names."""
    item = existing or InventoryItem(unit=unit, organisation_id=unit.organisation_id)
    if item.unit_id != unit.pk:
        raise ValidationError(_("This item belongs to another unit."))
    for key, value in fields.items():
        setattr(item, key, value)
    line = item.line
    if line is not None:
        if line.unit_id != unit.pk:
            raise ValidationError({"line": _("Choose a line of this unit.")})
        item.annex, item.category, item.item = line.kind, line.category, line.item
    if not item.category or not item.item:
        raise ValidationError(_("Give the category and the item, or the line it counts towards."))
    if item.condition == Condition.WRITTEN_OFF:
        item.serviceable = False
    item.full_clean()
    item.save()
    return item


# --- Inspections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingIn:
    item: InventoryItem
    present: bool = True
    serviceable: bool = True
    deficiency: str = ""


@transaction.atomic
def record_inspection(
    *,
    unit: Unit,
    kind: str,
    on: datetime.date,
    findings: Sequence[FindingIn],
    rotation: Rotation | None = None,
    inspectors: str = "",
    notes: str = "",
) -> Inspection:
    """An inspection with one finding per item seen; each item takes the finding's
    serviceability (a missing item is unserviceable), and an arrival puts items in the mission."""
    if rotation is not None and rotation.unit_id != unit.pk:
        raise ValidationError({"rotation": _("Choose a rotation of this unit.")})
    foreign = [f.item for f in findings if f.item.unit_id != unit.pk]
    if foreign:
        raise ValidationError(
            {"findings": _("%(item)s belongs to another unit.") % {"item": foreign[0]}}
        )
    inspection = Inspection(
        organisation_id=unit.organisation_id,
        unit=unit,
        rotation=rotation,
        kind=kind,
        on=on,
        inspectors=inspectors,
        notes=notes,
    )
    inspection.full_clean()
    inspection.save()
    rows = [
        Finding(
            inspection=inspection,
            item=f.item,
            present=f.present,
            serviceable=f.present and f.serviceable,
            deficiency=f.deficiency,
        )
        for f in findings
    ]
    Finding.objects.bulk_create(rows)
    for value in (True, False):
        ids = [row.item_id for row in rows if row.serviceable is value]
        InventoryItem.objects.filter(pk__in=ids).update(serviceable=value)
    if kind == Inspection.Kind.ARRIVAL:
        present = [row.item_id for row in rows if row.present]
        InventoryItem.objects.filter(pk__in=present).update(location=Location.IN_MISSION)
    return inspection


# --- Load lists -----------------------------------------------------------------------------------


@transaction.atomic
def save_load_list(
    *, rotation: Rotation, load_list: LoadList | None = None, **fields: Any
) -> LoadList:
    load_list = load_list or LoadList(rotation=rotation, organisation_id=rotation.organisation_id)
    for key, value in fields.items():
        setattr(load_list, key, value)
    load_list.full_clean()
    load_list.save()
    return load_list


@transaction.atomic
def add_load_entry(
    *,
    load_list: LoadList,
    item: InventoryItem | None = None,
    description: str = "",
    container: str = "",
    quantity: int = 1,
    weight_kg: Decimal | None = None,
    volume_m3: Decimal | None = None,
) -> LoadEntry:
    """A line of the load list; for an inventory item, its weight and volume by default."""
    if item is not None:
        if item.unit_id != load_list.rotation.unit_id:
            raise ValidationError({"item": _("Choose an item of the rotation's unit.")})
        description = description or str(item)
        weight_kg = weight_kg if weight_kg is not None else item.weight_kg
        volume_m3 = volume_m3 if volume_m3 is not None else item.volume_m3
    if weight_kg is None:
        raise ValidationError({"weight_kg": _("Give the weight.")})
    if volume_m3 is None:
        raise ValidationError({"volume_m3": _("Give the volume.")})
    entry = LoadEntry(
        load_list=load_list,
        item=item,
        description=description,
        container=container,
        quantity=quantity,
        weight_kg=weight_kg,
        volume_m3=volume_m3,
    )
    entry.full_clean()
    entry.save()
    return entry


# --- MOU ------------------------------------------------------------------------------------------


def personnel_category(nato_code: str) -> str:
    """Officers (OF), NCOs (OR-5 to OR-9) or other ranks (OR-1 to OR-4)."""
    if nato_code.startswith("OF") or nato_code.startswith("WO"):
        return PersonnelCategory.OFFICERS
    if nato_code.startswith("OR") and int(nato_code[3:] or 0) >= 5:
        return PersonnelCategory.NCOS
    return PersonnelCategory.OTHER_RANKS


@transaction.atomic
def draft_mou(
    *, unit: Unit, mission: Mission, in_force_from: datetime.date, reference: str = ""
) -> Mou:
    """A new MOU drafted from the unit: annex A from its slots (category by the slot's lowest
    rank), annex B from the catalogued major equipment of its inventory (wet lease), annex C
    with every self-sustainment category provided by the contributor. Then edited by hand."""
    if Mou.objects.filter(unit=unit, mission=mission, in_force_from=in_force_from).exists():
        raise ValidationError(
            {"in_force_from": _("This unit already has an MOU for the mission from that day.")}
        )
    mou = Mou(
        organisation_id=unit.organisation_id,
        unit=unit,
        mission=mission,
        in_force_from=in_force_from,
        reference=reference,
    )
    mou.full_clean()
    mou.save()
    strength: Counter[tuple[str, str]] = Counter()
    for slot in Slot.objects.filter(unit=unit).select_related("requirement"):
        code = slot.requirement.min_rank or slot.requirement.max_rank
        strength[(personnel_category(code), rank_range(slot.requirement) or "—")] += 1
    MouPersonnel.objects.bulk_create(
        MouPersonnel(mou=mou, category=category, rank=rank, strength=count)
        for (category, rank), count in sorted(strength.items())
    )
    held = Counter(
        InventoryItem.objects.filter(
            unit=unit, annex=EquipmentKind.MAJOR, coe_item__isnull=False
        ).values_list("coe_item_id", flat=True)
    )
    MouEquipment.objects.bulk_create(
        MouEquipment(mou=mou, item_id=item_id, quantity=count) for item_id, count in held.items()
    )
    MouSelfSustainment.objects.bulk_create(
        MouSelfSustainment(mou=mou, category=category)
        for category in CoeCategory.objects.filter(
            annex=EquipmentKind.SELF_SUSTAINMENT, parent__isnull=True
        )
    )
    return mou


# --- Payments -------------------------------------------------------------------------------------


@transaction.atomic
def record_payment(
    *,
    rotation: Rotation,
    period_from: datetime.date,
    period_to: datetime.date,
    received_on: datetime.date,
    amount: Decimal,
    reference: str = "",
    notes: str = "",
) -> Payment:
    """A payment from the UN for whole months (the estimate it is compared with is monthly)."""
    if period_from.day != 1:
        raise ValidationError(
            {"period_from": _("A payment period starts on the first of a month.")}
        )
    if period_to.day != calendar.monthrange(period_to.year, period_to.month)[1]:
        raise ValidationError({"period_to": _("A payment period ends on the last day of a month.")})
    payment = Payment(
        organisation_id=rotation.organisation_id,
        rotation=rotation,
        period_from=period_from,
        period_to=period_to,
        received_on=received_on,
        amount=amount,
        reference=reference,
        notes=notes,
    )
    payment.full_clean()
    payment.save()
    return payment


# --- Reference data: dated rates, mission factors, the logistics policy ---------------------------

Dated = CoeRate | PersonnelRate | MissionFactor


def _period(row: Dated) -> str:
    end = row.effective_to.isoformat() if row.effective_to else "…"
    return f"{row.effective_from.isoformat()} – {end}"


def _clash_label(row: Dated) -> str:
    if isinstance(row, MissionFactor):
        return _("the %(factor)s factor of %(percent)s%% for %(mission)s") % {
            "factor": MissionFactor.Kind(row.kind).label,
            "percent": row.percent,
            "mission": row.mission.acronym,
        }
    if isinstance(row, CoeRate):
        return _("the rate of US$ %(rate)s for %(what)s (COE Manual %(edition)s)") % {
            "rate": row.monthly_rate,
            "what": row.item or row.category,
            "edition": row.manual_edition,
        }
    return _("the personnel rate of US$ %(rate)s") % {"rate": row.monthly_rate}


def _same_rate(row: Dated) -> Any:
    """The rows that answer the same question as `row` ("which rate was in force that day?")."""
    if isinstance(row, MissionFactor):
        return MissionFactor.objects.filter(mission_id=row.mission_id, kind=row.kind)
    if isinstance(row, CoeRate):
        if row.item_id is not None:
            return CoeRate.objects.filter(item_id=row.item_id, lease_type=row.lease_type)
        return CoeRate.objects.filter(category_id=row.category_id)
    return PersonnelRate.objects.all()


def _refuse_overlap(row: Dated) -> None:
    """Two rows for the same rate may not be in force on the same day: the estimate would not
    know which to pay. The refusal names the row it clashes with."""
    end = row.effective_to or datetime.date.max
    clash = (
        _same_rate(row)
        .exclude(pk=row.pk)
        .overlapping(row.effective_from, end)
        .order_by("effective_from")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "effective_from": _(
                    "These dates overlap %(clash)s, in force %(period)s. End that one the day "
                    "before this one starts, or change these dates."
                )
                % {"clash": _clash_label(clash), "period": _period(clash)}
            }
        )


@transaction.atomic
def save_reference(*, row: Dated, **fields: Any) -> Dated:
    """Add or change a dated rate or mission factor (an administrator's edit): checked, and
    refused when it would be in force on a day another row of the same rate is."""
    for key, value in fields.items():
        setattr(row, key, value)
    if isinstance(row, CoeRate) and row.category_id is not None and row.item_id is None:
        row.lease_type = ""
    row.full_clean()
    if not row.source:
        raise ValidationError({"source": _("Say where the figure comes from.")})
    _refuse_overlap(row)
    row.save()
    return row


@transaction.atomic
def save_policy(*, organisation_id: int, **fields: Any) -> LogisticsPolicy:
    policy = LogisticsPolicy.objects.for_organisation(organisation_id)
    for key, value in fields.items():
        setattr(policy, key, value)
    policy.full_clean()
    policy.save()
    return policy


# --- MOU annex lines ------------------------------------------------------------------------------

MouLine = MouPersonnel | MouEquipment | MouSelfSustainment


def _duplicate(line: MouLine) -> str | None:
    """What makes the line a second one for the same thing, said as a person reads it."""
    if isinstance(line, MouPersonnel):
        same = MouPersonnel.objects.filter(mou=line.mou, category=line.category, rank=line.rank)
        message = _("Annex A already has a line for %(rank)s in this category: change that one.")
        return message % {"rank": line.rank} if same.exclude(pk=line.pk).exists() else None
    if isinstance(line, MouEquipment):
        same_item = MouEquipment.objects.filter(mou=line.mou, item_id=line.item_id)
        message = _("Annex B already has a line for %(item)s: change its quantity instead.")
        return message % {"item": line.item} if same_item.exclude(pk=line.pk).exists() else None
    same_category = MouSelfSustainment.objects.filter(mou=line.mou, category_id=line.category_id)
    message = _("Annex C already has a line for %(category)s: change that one.")
    return (
        message % {"category": line.category}
        if same_category.exclude(pk=line.pk).exists()
        else None
    )


@transaction.atomic
def save_mou_line(*, line: MouLine, **fields: Any) -> MouLine:
    """Add or change a line of annex A, B or C of an MOU (a logistics officer's edit)."""
    for key, value in fields.items():
        setattr(line, key, value)
    if (
        isinstance(line, MouSelfSustainment)
        and line.category.annex != EquipmentKind.SELF_SUSTAINMENT
    ):
        raise ValidationError({"category": _("Choose a self-sustainment category.")})
    duplicate = _duplicate(line)
    if duplicate:
        raise ValidationError(duplicate)
    line.full_clean(validate_constraints=False)
    line.save()
    return line
