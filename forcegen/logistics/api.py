"""API under /api/v1/logistics/: inventory items, inspections, load lists, a unit's MOU
annexes and the reimbursement estimate (amounts as decimal strings, in US dollars)."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.pagination import Pagination
from forcegen.core.permissions import require_perm
from forcegen.deployments.models import Rotation
from forcegen.units.models import EquipmentKind, EquipmentLine, Unit

from . import services
from .annexes import Annexes, Line, annexes
from .models import Condition, Inspection, InventoryItem, LoadList, Location, Mou
from .registers import InventoryFilters, LoadListFilters
from .reimbursement import estimate
from .tasks import submit_inventory

router = Router(tags=["logistics"])


# --- Schemas --------------------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    unit: int = Field(..., alias="unit_id")
    line: int | None = Field(None, alias="line_id")
    annex: str
    coe_item: str | None
    category: str
    item: str
    serial: str
    condition: str
    serviceable: bool
    location: str
    weight_kg: Decimal | None
    volume_m3: Decimal | None
    remarks: str

    @staticmethod
    def resolve_coe_item(item: InventoryItem) -> str | None:
        return item.coe_item.code if item.coe_item else None


class ItemIn(Schema):
    unit: int
    line: int | None = Field(None, description="The unit's equipment line it counts towards.")
    annex: EquipmentKind = EquipmentKind.MAJOR
    category: str = ""
    item: str = ""
    serial: str = ""
    condition: Condition = Condition.GOOD
    serviceable: bool = True
    location: Location = Location.HOME
    weight_kg: Decimal | None = None
    volume_m3: Decimal | None = None
    remarks: str = ""


class ItemPatch(Schema):
    serial: str | None = None
    condition: Condition | None = None
    serviceable: bool | None = None
    location: Location | None = None
    weight_kg: Decimal | None = None
    volume_m3: Decimal | None = None
    remarks: str | None = None


class FindingOut(Schema):
    item: int = Field(..., alias="item_id")
    present: bool
    serviceable: bool
    deficiency: str


class InspectionOut(Schema):
    id: int
    unit: int = Field(..., alias="unit_id")
    rotation: int | None = Field(None, alias="rotation_id")
    kind: str
    on: datetime.date
    inspectors: str
    notes: str


class InspectionDetailOut(InspectionOut):
    findings: list[FindingOut]


class FindingIn(Schema):
    item: int
    present: bool = True
    serviceable: bool = True
    deficiency: str = ""


class InspectionIn(Schema):
    unit: int
    rotation: int | None = None
    kind: Inspection.Kind
    on: datetime.date
    inspectors: str = ""
    notes: str = ""
    findings: list[FindingIn]


class LoadEntryOut(Schema):
    item: int | None = Field(None, alias="item_id")
    container: str
    description: str
    quantity: int
    weight_kg: Decimal
    volume_m3: Decimal


class LoadListOut(Schema):
    id: int
    rotation: int = Field(..., alias="rotation_id")
    name: str
    mode: str
    direction: str
    departs_on: datetime.date | None
    passengers: int
    baggage_allowance_kg: int
    total_weight: Decimal
    total_volume: Decimal


class LoadListDetailOut(LoadListOut):
    entries: list[LoadEntryOut]


class AnnexLineOut(Schema):
    label: str
    detail: str
    quantity: int
    rate: str | None
    amount: str | None


class MouOut(Schema):
    id: int
    unit: int
    mission: str
    reference: str
    in_force_from: datetime.date
    in_force_to: datetime.date | None
    rates_on: datetime.date
    mission_factors_percent: str
    annex_a: list[AnnexLineOut]
    annex_b: list[AnnexLineOut]
    annex_c: list[AnnexLineOut]
    personnel: str
    major_equipment: str
    self_sustainment: str
    total: str
    missing_rates: list[str]


class MonthOut(Schema):
    month: str
    person_days: int
    personnel_rate: str | None
    personnel: str
    major_equipment: str
    self_sustainment: str


class ReimbursementOut(Schema):
    personnel: str
    major_equipment: str
    self_sustainment: str
    total: str
    currency: str
    months: list[MonthOut]


# --- Items ----------------------------------------------------------------------------------------


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Unit:
    unit = get_object_or_404(Unit.objects.editable_by(request.user), pk=unit_id)
    require_perm(request.user, perm)
    return unit


def _item(request: HttpRequest, item_id: int, perm: str) -> InventoryItem:
    item = get_object_or_404(
        InventoryItem.objects.editable_by(request.user).select_related("unit"), pk=item_id
    )
    require_perm(request.user, perm)
    return item


@router.get("/items/", response=list[ItemOut])
@paginate(Pagination)
def list_items(request: HttpRequest, filters: Query[InventoryFilters]) -> Any:
    return InventoryItem.objects.visible_to(request.user).for_list().filtered(filters)


class ImportJobOut(Schema):
    job: int
    status: str


@router.post("/items/import/", response={202: ImportJobOut})
def import_items(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """A CSV or XLSX file with the import template's columns, imported by the task worker: all
    rows are stored, or none, and the job's error names each refused row and column. A file that
    is not what its name says is a 400 at once. Follow the job at /api/v1/jobs/{job}/."""
    require_perm(request.user, "logistics.add_inventoryitem")
    organisation = get_object_or_404(Organisation, pk=active_organisation_id(request.user))
    job = submit_inventory(organisation=organisation, user=request.user, upload=file)
    job.refresh_from_db()
    return Status(202, {"job": job.pk, "status": job.status})


@router.get("/items/{item_id}/", response=ItemOut)
def get_item(request: HttpRequest, item_id: int) -> Any:
    return get_object_or_404(
        InventoryItem.objects.visible_to(request.user).select_related("coe_item"), pk=item_id
    )


@router.post("/items/", response={201: ItemOut})
def add_item(request: HttpRequest, payload: ItemIn) -> Any:
    unit = _unit(request, payload.unit, "logistics.add_inventoryitem")
    line = (
        EquipmentLine.objects.filter(unit=unit, pk=payload.line).first() if payload.line else None
    )
    if payload.line and line is None:
        raise ValidationError({"line": _("No such equipment line in this unit.")})
    data = payload.dict(exclude={"unit", "line"})
    return Status(201, services.save_item(unit=unit, line=line, **data))


@router.patch("/items/{item_id}/", response=ItemOut)
def update_item(request: HttpRequest, item_id: int, payload: ItemPatch) -> Any:
    item = _item(request, item_id, "logistics.change_inventoryitem")
    return services.save_item(unit=item.unit, existing=item, **payload.dict(exclude_unset=True))


@router.delete("/items/{item_id}/", response={204: None})
def delete_item(request: HttpRequest, item_id: int) -> Any:
    _item(request, item_id, "logistics.delete_inventoryitem").delete()
    return Status(204, None)


# --- Inspections ----------------------------------------------------------------------------------


@router.get("/inspections/", response=list[InspectionOut])
@paginate(Pagination)
def list_inspections(request: HttpRequest, unit: int | None = None) -> Any:
    inspections = Inspection.objects.visible_to(request.user).order_by("-on", "-pk")
    return inspections.filter(unit_id=unit) if unit else inspections


@router.get("/inspections/{inspection_id}/", response=InspectionDetailOut)
def get_inspection(request: HttpRequest, inspection_id: int) -> Any:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).prefetch_related("findings"), pk=inspection_id
    )


@router.post("/inspections/", response={201: InspectionDetailOut})
def add_inspection(request: HttpRequest, payload: InspectionIn) -> Any:
    unit = _unit(request, payload.unit, "logistics.add_inspection")
    items = InventoryItem.objects.filter(unit=unit).in_bulk([f.item for f in payload.findings])
    unknown = [f.item for f in payload.findings if f.item not in items]
    if unknown:
        raise ValidationError(
            {"findings": _("No such item in this unit: %(id)s") % {"id": unknown[0]}}
        )
    rotation = None
    if payload.rotation is not None:
        rotation = Rotation.objects.filter(unit=unit, pk=payload.rotation).first()
        if rotation is None:
            raise ValidationError({"rotation": _("Choose a rotation of this unit.")})
    inspection = services.record_inspection(
        unit=unit,
        rotation=rotation,
        kind=payload.kind,
        on=payload.on,
        inspectors=payload.inspectors,
        notes=payload.notes,
        findings=[
            services.FindingIn(items[f.item], f.present, f.serviceable, f.deficiency)
            for f in payload.findings
        ],
    )
    return Status(201, Inspection.objects.prefetch_related("findings").get(pk=inspection.pk))


# --- Load lists -----------------------------------------------------------------------------------


@router.get("/load-lists/", response=list[LoadListOut])
@paginate(Pagination)
def list_load_lists(request: HttpRequest, filters: Query[LoadListFilters]) -> Any:
    lists = LoadList.objects.visible_to(request.user).with_totals().filtered(filters)
    return lists.order_by("departs_on", "pk")


@router.get("/load-lists/{load_list_id}/", response=LoadListDetailOut)
def get_load_list(request: HttpRequest, load_list_id: int) -> Any:
    return get_object_or_404(
        LoadList.objects.visible_to(request.user).with_totals().prefetch_related("entries"),
        pk=load_list_id,
    )


# --- MOU and reimbursement ------------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _lines(lines: list[Line]) -> list[dict[str, Any]]:
    return [
        {
            "label": line.label,
            "detail": line.detail,
            "quantity": line.quantity,
            "rate": _money(line.rate),
            "amount": _money(line.amount),
        }
        for line in lines
    ]


def mou_payload(result: Annexes) -> dict[str, Any]:
    mou = result.mou
    return {
        "id": mou.pk,
        "unit": mou.unit_id,
        "mission": mou.mission.acronym,
        "reference": mou.reference,
        "in_force_from": mou.in_force_from,
        "in_force_to": mou.in_force_to,
        "rates_on": result.on,
        "mission_factors_percent": str(result.uplift_percent),
        "annex_a": _lines(result.personnel),
        "annex_b": _lines(result.equipment),
        "annex_c": _lines(result.self_sustainment),
        "personnel": str(result.personnel_total),
        "major_equipment": str(result.equipment_total),
        "self_sustainment": str(result.self_sustainment_total),
        "total": str(result.total),
        "missing_rates": result.missing_rates,
    }


@router.get("/mou/{unit_id}/", response=list[MouOut])
def unit_mous(request: HttpRequest, unit_id: int, on: datetime.date | None = None) -> Any:
    """The unit's MOUs, latest first, laid out as annexes with the rates in force on `on`
    (default: today, within each MOU's period)."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)
    day = on or timezone.localdate()
    mous = Mou.objects.filter(unit=unit).select_related("mission").order_by("-in_force_from")
    payloads = []
    for mou in mous:
        start = max(day, mou.in_force_from)
        rates_on = min(start, mou.in_force_to) if mou.in_force_to else start
        payloads.append(mou_payload(annexes(mou, on or rates_on)))
    return payloads


class PeriodQuery(Schema):
    rotation: int
    start: datetime.date = Field(..., alias="from")
    end: datetime.date = Field(..., alias="to")


@router.get("/reimbursement/", response=ReimbursementOut)
def reimbursement(request: HttpRequest, period: Query[PeriodQuery]) -> Any:
    """Month by month for the rotation over [from, to]; amounts are decimal strings in USD."""
    rotation = get_object_or_404(Rotation.objects.visible_to(request.user), pk=period.rotation)
    if period.end < period.start:
        raise ValidationError({"to": _("The period ends before it starts.")})
    result = estimate(rotation=rotation, start=period.start, end=period.end)
    return {
        "personnel": str(result.personnel),
        "major_equipment": str(result.major_equipment),
        "self_sustainment": str(result.self_sustainment),
        "total": str(result.total),
        "currency": result.currency,
        "months": [
            {
                "month": m.label,
                "person_days": m.person_days,
                "personnel_rate": _money(m.personnel_rate),
                "personnel": str(m.personnel),
                "major_equipment": str(m.major_equipment),
                "self_sustainment": str(m.self_sustainment),
            }
            for m in result.months
        ],
    }
