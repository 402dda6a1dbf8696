"""API for force organisation: templates, units and slots, equipment, PCRS, visits, readiness."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.params import UNCHANGED
from forcegen.core.permissions import require_perm
from forcegen.personnel.models import Person

from . import services
from .models import (
    EquipmentKind,
    EquipmentLine,
    Kind,
    PcrsLevel,
    Slot,
    TemplatePosition,
    Unit,
    UnitTemplate,
    Visit,
)
from .pledge import pledge_response
from .readiness import UnitReadiness, next_level_blockers, readiness_for
from .registers import TemplateFilters

router = Router(tags=["units"])

MANAGE = "units.change_unit"
BOARD_MAX = 200


# --- Schemas --------------------------------------------------------------------------------------


class TemplateOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: Kind
    organisation: str = Field(..., alias="organisation.code")
    shared: bool = Field(description="A partner's template shared with you: read only.")
    effective_from: datetime.date
    source: str
    description: str

    @staticmethod
    def resolve_shared(obj: UnitTemplate, context: Any) -> bool:
        return obj.organisation_id != active_organisation_id(context["request"].user)


class RequirementBrief(Schema):
    id: int
    name: str
    specialty: str | None = Field(None, alias="specialty.code")
    min_rank: str
    max_rank: str
    female_only: bool
    credentials: list[str]
    languages: list[str]

    @staticmethod
    def resolve_credentials(obj: Any) -> list[str]:
        return [str(c) for c in obj.credentials.all()]

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        return [str(lang) for lang in obj.languages.all()]


class PositionOut(Schema):
    sub_unit: str
    title: str
    count: int
    requirement: RequirementBrief


class EquipmentLineOut(Schema):
    id: int | None = None
    kind: EquipmentKind
    category: str
    item: str
    quantity: int


class TemplateDetailOut(TemplateOut):
    seats: int
    positions: list[PositionOut]
    equipment: list[EquipmentLineOut]

    @staticmethod
    def resolve_seats(obj: UnitTemplate) -> int:
        return sum(p.count for p in obj.positions.all())

    @staticmethod
    def resolve_positions(obj: UnitTemplate) -> list[TemplatePosition]:
        return list(obj.positions.all())

    @staticmethod
    def resolve_equipment(obj: UnitTemplate) -> list[Any]:
        return list(obj.equipment.all())


class UnitOut(Schema):
    id: int
    name: str
    kind: Kind
    status: Unit.Status
    template: int | None = Field(None, alias="template_id")
    starts_on: datetime.date
    ends_on: datetime.date
    women_target: int
    pcrs_level: PcrsLevel
    pledged_on: datetime.date | None
    pledge_renewed_on: datetime.date | None


class PersonBrief(Schema):
    id: int
    service_number: str
    full_name: str
    sex: str
    rank: str = Field(..., alias="rank.nato_code")


class SlotOut(Schema):
    id: int
    sub_unit: str
    title: str
    seat: int
    requirement: int = Field(..., alias="requirement_id")
    person: PersonBrief | None
    overridden: bool = Field(..., alias="is_overridden")
    override_justification: str
    overridden_by: str | None = Field(None, alias="overridden_by.username")
    overridden_at: datetime.datetime | None


class UnitDetailOut(UnitOut):
    slots: list[SlotOut]
    equipment_lines: list[EquipmentLineOut]

    @staticmethod
    def resolve_slots(obj: Unit) -> list[Slot]:
        return list(obj.slots.all())

    @staticmethod
    def resolve_equipment_lines(obj: Unit) -> list[EquipmentLine]:
        return list(obj.equipment_lines.all())


class UnitIn(Schema):
    template: int
    name: str = Field(..., min_length=1, max_length=150)
    starts_on: datetime.date | None = Field(None, description="Empty: the policy's default.")
    ends_on: datetime.date | None = None
    notes: str = ""


class UnitPatch(Schema):
    """Send only what changes. A field that cannot be empty refuses null (its type says so)."""

    name: str = Field(UNCHANGED, min_length=1, max_length=150)
    status: Unit.Status = Field(UNCHANGED)
    starts_on: datetime.date = Field(UNCHANGED)
    ends_on: datetime.date = Field(UNCHANGED)
    women_target: int = Field(UNCHANGED, ge=0, le=100)
    notes: str = Field(UNCHANGED)


class GapOut(Schema):
    kind: str = Field(
        description="vacancy (empty slots), not_eligible (holders who fail, in total), "
        "eligibility (one reason they fail), women, equipment"
    )
    count: int
    text: str


class ComponentOut(Schema):
    key: str
    label: str
    percent: int | None = Field(description="null: does not apply to this unit")
    weight: int
    detail: str


class ReadinessOut(Schema):
    unit: int
    name: str
    organisation: str
    kind: Kind
    status: Unit.Status
    score: int
    components: list[ComponentOut]
    slots: int
    filled: int
    eligible: int
    women: int
    equipment_required: int
    equipment_ready: int
    gaps: list[GapOut]
    pcrs_level: PcrsLevel
    renewal_due: datetime.date | None


class UnitReadinessOut(ReadinessOut):
    next_level: PcrsLevel | None
    blockers: list[str] = Field(description="What blocks the next PCRS level, in plain words.")


class BoardOut(Schema):
    count: int
    units: list[ReadinessOut]
    partners: list[ReadinessOut] = Field(
        description="Units of partners that share their readiness summary with you."
    )


class AssignIn(Schema):
    person: int | None = Field(None, description="Person id, or give service_number.")
    service_number: str | None = None
    justification: str = Field(
        "", description="Required to assign someone who fails the requirement (recorded)."
    )


class PcrsIn(Schema):
    level: PcrsLevel
    on: datetime.date
    reason: str = Field(..., min_length=1)


class RenewalIn(Schema):
    on: datetime.date
    reason: str = ""


class PcrsRecordOut(Schema):
    id: int
    kind: str
    level: PcrsLevel
    previous_level: str
    on: datetime.date
    reason: str
    recorded_by: str | None = Field(None, alias="recorded_by.username")


class VisitIn(Schema):
    kind: Visit.Kind
    on: datetime.date
    team: str = ""
    findings: str = ""
    outcome: Visit.Outcome = Visit.Outcome.PENDING


class DocumentOut(Schema):
    id: int
    title: str
    uploaded_at: datetime.datetime


class VisitOut(Schema):
    id: int
    unit: int = Field(..., alias="unit_id")
    kind: Visit.Kind
    on: datetime.date
    team: str
    findings: str
    outcome: Visit.Outcome
    documents: list[DocumentOut]

    @staticmethod
    def resolve_documents(obj: Visit) -> list[Any]:
        return list(obj.documents.all())


# --- Helpers --------------------------------------------------------------------------------------


def _readiness(readiness: UnitReadiness) -> dict[str, Any]:
    unit = readiness.unit
    return {
        "unit": unit.pk,
        "name": unit.name,
        "organisation": unit.organisation.code,
        "kind": unit.kind,
        "status": unit.status,
        "score": readiness.score,
        "components": [{**c, "label": str(c["label"])} for c in readiness.component_rows()],
        "slots": readiness.slots,
        "filled": readiness.filled,
        "eligible": readiness.eligible,
        "women": readiness.women,
        "equipment_required": readiness.equipment_required,
        "equipment_ready": readiness.equipment_ready,
        "gaps": [g.as_dict() for g in readiness.gaps],
        "pcrs_level": unit.pcrs_level,
        "renewal_due": readiness.renewal_due,
    }


def _own(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("organisation", "template"),
        pk=unit_id,
    )


def _editable(request: HttpRequest, unit_id: int, perm: str = MANAGE) -> Unit:
    unit = get_object_or_404(Unit.objects.editable_by(request.user), pk=unit_id)
    require_perm(request.user, perm)
    return unit


def _detail(request: HttpRequest, unit_id: int) -> Unit:
    slots = Slot.objects.select_related("person__rank", "overridden_by").order_by(
        "order", "title", "seat"
    )
    units = Unit.objects.visible_to(request.user).prefetch_related(
        "equipment_lines", Prefetch("slots", queryset=slots)
    )
    return get_object_or_404(units, pk=unit_id)


def _slot(request: HttpRequest, slot_id: int) -> Slot:
    slot = get_object_or_404(Slot.objects.editable_by(request.user), pk=slot_id)
    require_perm(request.user, "units.change_slot")
    return slot


# --- Templates ------------------------------------------------------------------------------------


@router.get("/units/templates/", response=list[TemplateOut])
def list_templates(request: HttpRequest, filters: Query[TemplateFilters]) -> Any:
    """Your organisation's templates and those partners share with it (UNIT_TEMPLATES grant)."""
    scoped = UnitTemplate.objects.visible_to(request.user)
    return scoped.for_list(active_organisation_id(request.user)).filtered(filters)


@router.get("/units/templates/{template_id}/", response=TemplateDetailOut)
def get_template(request: HttpRequest, template_id: int) -> Any:
    return get_object_or_404(
        UnitTemplate.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related(
            "equipment",
            "positions__requirement__specialty",
            "positions__requirement__credentials",
            "positions__requirement__languages",
        ),
        pk=template_id,
    )


# --- Readiness board ------------------------------------------------------------------------------


@router.get("/units/board/", response=BoardOut)
def board(
    request: HttpRequest,
    page: int = Query(1, ge=1),  # type: ignore[type-arg]
    page_size: int = Query(25, ge=1, le=BOARD_MAX),  # type: ignore[type-arg]
) -> Any:
    """Readiness of your units (paginated), and partners' shared summaries; the number of
    queries does not grow with the number of units."""
    own = Unit.objects.visible_to(request.user).for_board()
    start = (page - 1) * page_size
    units = list(own[start : start + page_size])
    partners = list(Unit.objects.summaries_visible_to(request.user).for_board()[:BOARD_MAX])
    readiness = readiness_for([*units, *partners])
    return {
        "count": own.count(),
        "units": [_readiness(readiness[u.pk]) for u in units],
        "partners": [_readiness(readiness[u.pk]) for u in partners],
    }


# --- Units ----------------------------------------------------------------------------------------


@router.get("/units/", response=list[UnitOut])
def list_units(request: HttpRequest) -> Any:
    return Unit.objects.visible_to(request.user).order_by("name")


@router.post("/units/", response={201: UnitDetailOut})
def create_unit(request: HttpRequest, payload: UnitIn) -> Any:
    """Create a unit from a template (yours or a partner's shared one): one slot per seat."""
    require_perm(request.user, "units.add_unit")
    organisation = _own(request)
    template = get_object_or_404(UnitTemplate.objects.visible_to(request.user), pk=payload.template)
    unit = services.create_unit(
        organisation=organisation,
        template=template,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        notes=payload.notes,
    )
    return Status(201, _detail(request, unit.pk))


@router.get("/units/{unit_id}/", response=UnitDetailOut)
def get_unit(request: HttpRequest, unit_id: int) -> Any:
    return _detail(request, unit_id)


@router.patch("/units/{unit_id}/", response=UnitDetailOut)
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Any:
    unit = _editable(request, unit_id)
    services.update_unit(unit=unit, **payload.model_dump(exclude_unset=True))
    return _detail(request, unit_id)


@router.get("/units/{unit_id}/readiness/", response=UnitReadinessOut)
def unit_readiness(request: HttpRequest, unit_id: int) -> Any:
    """Score, breakdown, gap list and what blocks the next PCRS level."""
    unit = _unit(request, unit_id)
    readiness = readiness_for([unit])[unit.pk]
    next_level, blockers = next_level_blockers(readiness, unit.visits.all(), timezone.localdate())
    return {**_readiness(readiness), "next_level": next_level, "blockers": blockers}


@router.get("/units/{unit_id}/pledge.xlsx", response={200: None})
def pledge_package(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The PCRS pledge package: cover, table of organisation, major equipment, self-sustainment."""
    return pledge_response(_unit(request, unit_id))


# --- Slots ----------------------------------------------------------------------------------------


@router.post("/units/slots/{slot_id}/assign/", response=SlotOut)
def assign(request: HttpRequest, slot_id: int, payload: AssignIn) -> Any:
    """Assign a person; someone who fails the requirement is refused with every reason unless a
    justification is given (stored on the slot and in the audit trail)."""
    slot = _slot(request, slot_id)
    people = Person.objects.editable_by(request.user)
    if payload.person is not None:
        person = people.filter(pk=payload.person).first()
    elif payload.service_number:
        person = people.filter(service_number=payload.service_number).first()
    else:
        raise ValidationError({"person": _("Give person or service_number.")})
    if person is None:
        raise ValidationError({"person": _("No such person in your organisation.")})
    services.assign_slot(
        slot=slot, person=person, user=request.user, justification=payload.justification
    )
    return Slot.objects.select_related("person__rank", "overridden_by").get(pk=slot.pk)


@router.post("/units/slots/{slot_id}/unassign/", response=SlotOut)
def unassign(request: HttpRequest, slot_id: int) -> Any:
    slot = _slot(request, slot_id)
    services.unassign_slot(slot=slot)
    return Slot.objects.select_related("person__rank", "overridden_by").get(pk=slot.pk)


# --- PCRS and visits ------------------------------------------------------------------------------


@router.get("/units/{unit_id}/pcrs/", response=list[PcrsRecordOut])
def pcrs_history(request: HttpRequest, unit_id: int) -> Any:
    return _unit(request, unit_id).pcrs_history.select_related("recorded_by")


@router.post("/units/{unit_id}/pcrs/", response={201: PcrsRecordOut})
def change_pcrs(request: HttpRequest, unit_id: int, payload: PcrsIn) -> Any:
    unit = _editable(request, unit_id, "units.add_pcrsrecord")
    record = services.change_pcrs_level(unit=unit, user=request.user, **payload.model_dump())
    return Status(201, record)


@router.post("/units/{unit_id}/pcrs/renewal/", response={201: PcrsRecordOut})
def renew(request: HttpRequest, unit_id: int, payload: RenewalIn) -> Any:
    unit = _editable(request, unit_id, "units.add_pcrsrecord")
    record = services.renew_pledge(unit=unit, user=request.user, **payload.model_dump())
    return Status(201, record)


@router.get("/units/{unit_id}/visits/", response=list[VisitOut])
def list_visits(request: HttpRequest, unit_id: int) -> Any:
    return _unit(request, unit_id).visits.prefetch_related("documents")


@router.post("/units/{unit_id}/visits/", response={201: VisitOut})
def add_visit(request: HttpRequest, unit_id: int, payload: VisitIn) -> Any:
    unit = _editable(request, unit_id, "units.add_visit")
    return Status(201, services.save_visit(unit=unit, **payload.model_dump()))


@router.get("/units/visits/{visit_id}/", response=VisitOut)
def get_visit(request: HttpRequest, visit_id: int) -> Any:
    return get_object_or_404(
        Visit.objects.visible_to(request.user).prefetch_related("documents"), pk=visit_id
    )


@router.post("/units/visits/{visit_id}/documents/", response={201: DocumentOut})
def add_visit_document(
    request: HttpRequest, visit_id: int, file: File[UploadedFile], title: Form[str]
) -> Any:
    """Evidence of a visit: PDF, PNG or JPEG, up to 10 MB."""
    visit = get_object_or_404(Visit.objects.editable_by(request.user), pk=visit_id)
    require_perm(request.user, "units.add_visitdocument")
    document = services.add_visit_document(visit=visit, title=title, file=file, user=request.user)
    return Status(201, document)
