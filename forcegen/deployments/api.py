"""API for missions (UN reference data), rotations, deployments, in-mission events and the numbers
reported to the UN (stock, flow, women against the targets, monthly contributions)."""

import calendar
import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from forcegen.core.models import Organisation
from forcegen.core.pagination import Pagination
from forcegen.core.params import Day, Month
from forcegen.core.permissions import require_perm
from forcegen.personnel.models import Person
from forcegen.units.models import Unit

from . import numbers, services
from .models import (
    Deployment,
    DeploymentQuerySet,
    GenderCategory,
    Mission,
    MissionEvent,
    PersonnelType,
    Rotation,
    RotationQuerySet,
)
from .registers import DeploymentFilters, MissionFilters, RotationFilters

router = Router(tags=["deployments"])


# --- Schemas --------------------------------------------------------------------------------------


class MissionOut(Schema):
    acronym: str
    name: str
    lead_department: str
    is_active: bool
    start_date: datetime.date | None
    end_date: datetime.date | None
    location: str
    longitude: Decimal | None
    latitude: Decimal | None
    coordinates_doubtful: bool


class RotationOut(Schema):
    id: int
    unit: int = Field(..., alias="unit_id")
    unit_name: str = Field(..., alias="unit.name")
    mission: str = Field(..., alias="mission.acronym")
    number: int
    predecessor: int | None = Field(None, alias="predecessor_id")
    status: Rotation.Status
    planned_departure: datetime.date
    planned_return: datetime.date
    departed_on: datetime.date | None
    returned_on: datetime.date | None
    notes: str
    members: int = Field(
        ..., alias="member_count", description="Members of the rotation, cancelled plans excluded."
    )


class RotationIn(Schema):
    unit: int = Field(..., description="Id of one of your organisation's units.")
    mission: str = Field(..., description="Mission acronym, e.g. UNMISS.")
    planned_departure: datetime.date
    planned_return: datetime.date
    predecessor: int | None = Field(None, description="Id of the rotation this one relieves.")
    number: int | None = Field(None, ge=1, description="Empty: after the unit's last rotation.")
    notes: str = ""


class RotationPatch(Schema):
    """Send only what changes; null leaves a field as it is."""

    planned_departure: datetime.date | None = None
    planned_return: datetime.date | None = None
    notes: str | None = None


class RotationMove(Schema):
    to: Rotation.Status = Field(
        ..., description="The next step: forming, pre_deployment, deployed, returned."
    )
    on: datetime.date | None = Field(None, description="Required to deploy and to return.")


class PersonBrief(Schema):
    id: int
    service_number: str
    full_name: str
    sex: str
    rank: str = Field(..., alias="rank.nato_code")


class DeploymentOut(Schema):
    id: int
    person: PersonBrief
    mission: str = Field(..., alias="mission.acronym")
    rotation: int | None = Field(None, alias="rotation_id")
    slot: int | None = Field(None, alias="slot_id")
    personnel_type: PersonnelType
    role: str
    sub_unit: str
    status: Deployment.Status
    planned_start: datetime.date
    planned_end: datetime.date
    departed_on: datetime.date | None
    returned_on: datetime.date | None
    repatriation_reason: str
    notes: str


class EventOut(Schema):
    id: int
    deployment: int = Field(..., alias="deployment_id")
    kind: MissionEvent.Kind
    occurred_on: datetime.date
    description: str
    recorded_by: str | None = Field(None, alias="recorded_by.username")
    created_at: datetime.datetime


class DeploymentDetailOut(DeploymentOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Deployment) -> list[MissionEvent]:
        return list(obj.events.all())


class DeploymentIn(Schema):
    """An individual tour; troops and formed police deploy as members of a rotation."""

    person: int = Field(..., description="Id of a person of your organisation.")
    mission: str = Field(..., description="Mission acronym, e.g. MINUSCA.")
    personnel_type: PersonnelType = Field(
        ..., description="staff_officer, expert_on_mission or individual_police."
    )
    planned_start: datetime.date
    planned_end: datetime.date
    role: str = Field("", max_length=100)
    sub_unit: str = Field("", max_length=100)
    notes: str = ""


class DeploymentMove(Schema):
    to: Deployment.Status
    on: datetime.date | None = Field(None, description="Required to depart and to come back.")
    reason: str = Field(
        "", description="To repatriate early: medical, disciplinary or compassionate."
    )


class EventIn(Schema):
    kind: MissionEvent.Kind
    occurred_on: datetime.date
    description: str = ""


class CountsOut(Schema):
    female: int
    male: int
    total: int


class NumbersRowOut(CountsOut):
    mission: str
    personnel_type: PersonnelType


class StockOut(Schema):
    on: datetime.date
    rows: list[NumbersRowOut]
    totals: CountsOut


class FlowOut(Schema):
    since: datetime.date
    until: datetime.date
    rows: list[NumbersRowOut]
    totals: CountsOut


class WomenLineOut(Schema):
    category: GenderCategory
    label: str
    women: int
    total: int
    share: float = Field(description="Women in percent of the category.")
    target_percent: float | None = Field(description="null: no UN target for the category.")
    target_year: int | None
    target_verified: bool | None
    meets_target: bool | None


class WomenOut(Schema):
    on: datetime.date
    categories: list[WomenLineOut]


class ContributionRowOut(Schema):
    """One row of the UN's monthly contributions by gender, in its own column names."""

    ISOCode3: str
    Contributing_Country: str
    Mission_Acronym: str
    Personnel_Type: str
    Female_Personnel: int
    Male_Personnel: int
    Total_Personnel: int
    Last_Reporting_Date: datetime.date


class ContributionsOut(Schema):
    month_end: datetime.date
    rows: list[ContributionRowOut]


# --- Helpers --------------------------------------------------------------------------------------


def _mission(acronym: str) -> Mission:
    mission = Mission.objects.filter(acronym__iexact=acronym.strip()).first()
    if mission is None:
        raise ValidationError({"mission": _("No mission “%(acronym)s”.") % {"acronym": acronym}})
    return mission


def _rotations(request: HttpRequest) -> RotationQuerySet:
    return Rotation.objects.visible_to(request.user).for_timeline().with_member_count()


def _rotation(request: HttpRequest, rotation_id: int) -> Rotation:
    return get_object_or_404(_rotations(request), pk=rotation_id)


def _editable_rotation(request: HttpRequest, rotation_id: int, perm: str) -> Rotation:
    rotation = get_object_or_404(
        Rotation.objects.editable_by(request.user).select_related("unit", "mission"),
        pk=rotation_id,
    )
    require_perm(request.user, perm)
    return rotation


def _deployments(request: HttpRequest) -> DeploymentQuerySet:
    return Deployment.objects.visible_to(request.user).select_related("person__rank", "mission")


def _detail(request: HttpRequest, deployment_id: int) -> Deployment:
    events = MissionEvent.objects.select_related("recorded_by")
    deployments = _deployments(request).prefetch_related(Prefetch("events", queryset=events))
    return get_object_or_404(deployments, pk=deployment_id)


def _editable_deployment(request: HttpRequest, deployment_id: int, perm: str) -> Deployment:
    deployment = get_object_or_404(Deployment.objects.editable_by(request.user), pk=deployment_id)
    require_perm(request.user, perm)
    return deployment


def _own_deployments(request: HttpRequest) -> DeploymentQuerySet:
    """The figures are your organisation's own: partners' tours never add to them."""
    return Deployment.objects.editable_by(request.user)


def _women_line(line: numbers.GenderLine) -> dict[str, Any]:
    target = line.target
    return {
        "category": line.category,
        "label": str(line.category.label),
        "women": line.counts.female,
        "total": line.counts.total,
        "share": line.counts.women_share,
        "target_percent": target.percent if target else None,
        "target_year": target.year if target else None,
        "target_verified": target.verified if target else None,
        "meets_target": line.meets_target,
    }


def _month_end(month: str) -> datetime.date:
    year, number = (int(part) for part in month.split("-"))
    return datetime.date(year, number, calendar.monthrange(year, number)[1])


# --- Missions -------------------------------------------------------------------------------------


@router.get("/missions/", response=list[MissionOut])
@paginate(Pagination)
def list_missions(request: HttpRequest, filters: Query[MissionFilters]) -> Any:
    return Mission.objects.visible_to(request.user).filtered(filters)


@router.get("/missions/{acronym}/", response=MissionOut)
def get_mission(request: HttpRequest, acronym: str) -> Any:
    return get_object_or_404(Mission.objects.visible_to(request.user), acronym=acronym)


# --- Rotations ------------------------------------------------------------------------------------


@router.get("/rotations/", response=list[RotationOut])
@paginate(Pagination)
def list_rotations(request: HttpRequest, filters: Query[RotationFilters]) -> Any:
    return _rotations(request).filtered(filters)


@router.post("/rotations/", response={201: RotationOut})
def create_rotation(request: HttpRequest, payload: RotationIn) -> Any:
    """A new tour of one of your units, numbered after its last one unless a number is given."""
    require_perm(request.user, "deployments.add_rotation")
    unit = Unit.objects.editable_by(request.user).filter(pk=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": _("No such unit in your organisation.")})
    predecessor = None
    if payload.predecessor is not None:
        rotations = Rotation.objects.editable_by(request.user)
        predecessor = rotations.filter(pk=payload.predecessor).first()
        if predecessor is None:
            raise ValidationError({"predecessor": _("No such rotation in your organisation.")})
    rotation = services.create_rotation(
        unit=unit,
        mission=_mission(payload.mission),
        planned_departure=payload.planned_departure,
        planned_return=payload.planned_return,
        predecessor=predecessor,
        number=payload.number,
        notes=payload.notes,
    )
    return Status(201, _rotation(request, rotation.pk))


@router.get("/rotations/{rotation_id}/", response=RotationOut)
def get_rotation(request: HttpRequest, rotation_id: int) -> Any:
    return _rotation(request, rotation_id)


@router.patch("/rotations/{rotation_id}/", response=RotationOut)
def update_rotation(request: HttpRequest, rotation_id: int, payload: RotationPatch) -> Any:
    """Planned dates and notes; the actual dates come from moving the rotation along."""
    rotation = _editable_rotation(request, rotation_id, "deployments.change_rotation")
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    services.update_rotation(rotation=rotation, **changes)
    return _rotation(request, rotation_id)


@router.get("/rotations/{rotation_id}/members/", response=list[DeploymentOut])
@paginate(Pagination)
def rotation_members(request: HttpRequest, rotation_id: int) -> Any:
    rotation = _rotation(request, rotation_id)
    return _deployments(request).filter(rotation=rotation).order_by("sub_unit", "role", "pk")


@router.post("/rotations/{rotation_id}/members/from-slots/", response=list[DeploymentOut])
def add_members_from_slots(request: HttpRequest, rotation_id: int) -> Any:
    """A planned tour for everyone holding one of the unit's slots and not yet a member; all or
    nothing, with every refusal in the error's details. Returns the members added."""
    rotation = _editable_rotation(request, rotation_id, "deployments.add_deployment")
    added = services.add_members_from_slots(rotation=rotation)
    return _deployments(request).filter(pk__in=[d.pk for d in added]).order_by("pk")


@router.post("/rotations/{rotation_id}/status/", response=RotationOut)
def move_rotation(request: HttpRequest, rotation_id: int, payload: RotationMove) -> Any:
    """One step along planning → forming → pre-deployment → deployed → returned; the members
    move with the rotation (approved, departed, back home)."""
    rotation = _editable_rotation(request, rotation_id, "deployments.change_rotation")
    services.move_rotation(rotation=rotation, to=payload.to, on=payload.on)
    return _rotation(request, rotation_id)


# --- Deployments ----------------------------------------------------------------------------------


@router.get("/deployments/", response=list[DeploymentOut])
@paginate(Pagination)
def list_deployments(request: HttpRequest, filters: Query[DeploymentFilters]) -> Any:
    return _deployments(request).filtered(filters)


@router.post("/deployments/", response={201: DeploymentDetailOut})
def plan_deployment(request: HttpRequest, payload: DeploymentIn) -> Any:
    """Plan an individual tour; refused with every reason (another tour, rest period, expiring
    credentials…) when the person cannot make it."""
    require_perm(request.user, "deployments.add_deployment")
    person = Person.objects.editable_by(request.user).filter(pk=payload.person).first()
    if person is None:
        raise ValidationError({"person": _("No such person in your organisation.")})
    deployment = services.plan_deployment(
        person=person,
        mission=_mission(payload.mission),
        **payload.model_dump(exclude={"person", "mission"}),
    )
    return Status(201, _detail(request, deployment.pk))


@router.get("/deployments/{deployment_id}/", response=DeploymentDetailOut)
def get_deployment(request: HttpRequest, deployment_id: int) -> Any:
    return _detail(request, deployment_id)


@router.post("/deployments/{deployment_id}/status/", response=DeploymentDetailOut)
def move_deployment(request: HttpRequest, deployment_id: int, payload: DeploymentMove) -> Any:
    """Planned → approved → deployed → returned, repatriated or casualty; plans can be cancelled.
    Approval checks the person again."""
    deployment = _editable_deployment(request, deployment_id, "deployments.change_deployment")
    services.move_deployment(deployment=deployment, **payload.model_dump())
    return _detail(request, deployment_id)


@router.get("/deployments/{deployment_id}/events/", response=list[EventOut])
def list_events(request: HttpRequest, deployment_id: int) -> Any:
    return _detail(request, deployment_id).events.all()


@router.post("/deployments/{deployment_id}/events/", response={201: EventOut})
def record_event(request: HttpRequest, deployment_id: int, payload: EventIn) -> Any:
    """A dated event of the tour; a UN medal needs the policy's days in the mission, a death
    ends the tour as a casualty."""
    deployment = _editable_deployment(request, deployment_id, "deployments.add_missionevent")
    event = services.record_event(deployment=deployment, user=request.user, **payload.model_dump())
    return Status(201, event)


@router.get("/personnel/{person_id}/deployments/", response=list[DeploymentOut])
def person_deployments(request: HttpRequest, person_id: int) -> Any:
    """A person's tours, latest first."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
    return _deployments(request).filter(person=person)


# --- Numbers --------------------------------------------------------------------------------------


@router.get("/numbers/stock/", response=StockOut)
def stock(request: HttpRequest, on: Day | None = None) -> Any:
    """Your personnel in a mission on a day (default today), per mission and personnel type."""
    day = on or timezone.localdate()
    rows = numbers.by_mission_and_type(_own_deployments(request).deployed_on(day))
    return {"on": day, "rows": rows, "totals": numbers.totals(rows)}


@router.get("/numbers/flow/", response=FlowOut)
def flow(request: HttpRequest, since: datetime.date, until: datetime.date) -> Any:
    """Tours that started in [since, until], each counted once, per mission and personnel type."""
    if until < since:
        raise ValidationError({"until": _("The period ends before it starts.")})
    rows = numbers.by_mission_and_type(_own_deployments(request).departed_between(since, until))
    return {"since": since, "until": until, "rows": rows, "totals": numbers.totals(rows)}


@router.get("/numbers/women/", response=WomenOut)
def women(request: HttpRequest, on: Day | None = None) -> Any:
    """Women's share of the stock on a day per UN gender-parity category, against the target in
    force that year."""
    day = on or timezone.localdate()
    rows = numbers.by_mission_and_type(_own_deployments(request).deployed_on(day))
    lines = numbers.women_against_targets(rows, day)
    return {"on": day, "categories": [_women_line(line) for line in lines]}


@router.get("/contributions/", response=ContributionsOut)
def contributions(
    request: HttpRequest,
    month: Month,
) -> Any:
    """Your stock on the month's last day in the UN's monthly contributions format."""
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    month_end = _month_end(month)
    rows = numbers.contribution_rows(organisation, _own_deployments(request), month_end)
    return {
        "month_end": month_end,
        "rows": [dict(zip(numbers.CONTRIBUTION_COLUMNS, row, strict=True)) for row in rows],
    }
