"""API of the cooperation app under /api/v1/cooperation/: agreements, joint plans and their
items (the partner's scoped write on the items it owns), activities, commitments and the
inter-agency tasks of rotations. Records outside the caller's scope are 404."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from forcegen.core.pagination import Pagination
from forcegen.core.params import UNCHANGED, ObjectId

from . import services
from .models import (
    Activity,
    Agreement,
    Area,
    Commitment,
    CoordinationTask,
    Plan,
    PlanItem,
    Side,
)
from .registers import (
    ActivityFilters,
    AgreementFilters,
    CommitmentFilters,
    CoordinationFilters,
    PlanFilters,
    PlanItemFilters,
)

router = Router(tags=["cooperation"])

ITEM_ROWS = ("plan__organisation", "plan__partner__counterpart")


class AgreementOut(Schema):
    id: int
    kind: Agreement.Kind
    title: str
    reference: str
    organisation: str = Field(..., alias="organisation.code")
    partner: str = Field(..., alias="partner.owner_code")
    signed_on: datetime.date | None
    effective_from: datetime.date | None
    effective_to: datetime.date | None
    status: Agreement.Status
    document: int | None = Field(None, alias="document_id")


class PlanOut(Schema):
    id: int
    year: int
    title: str
    organisation: str = Field(..., alias="organisation.code")
    partner: str = Field(..., alias="partner.owner_code")
    agreement: int | None = Field(None, alias="agreement_id")
    status: Plan.Status


class PlanItemOut(Schema):
    id: int
    plan: int = Field(..., alias="plan_id")
    area: Area
    title: str
    owner: str = Field(
        ..., alias="owner_code", description="Code of the organisation that owns it."
    )
    side: Side
    responsible_owner: str
    responsible_partner: str
    target_on: datetime.date
    status: PlanItem.Status
    progress: int
    evidence: str
    target_trainees: int | None
    trained: int | None = Field(None, description="Trainees counted from training records.")


class PlanItemPatch(Schema):
    """What either side may write on an item it owns; absent fields stay as they are."""

    status: PlanItem.Status = Field(UNCHANGED)
    progress: int = Field(UNCHANGED, ge=0, le=100)
    evidence: str = Field(UNCHANGED, max_length=5000)


class ActivityOut(Schema):
    id: int
    kind: Activity.Kind
    title: str
    status: str = Field(..., description="held, under_way or planned")
    organisation: str = Field(..., alias="organisation.code")
    partner: str = Field(..., alias="partner.owner_code")
    head: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str


class ActivityDetailOut(ActivityOut):
    guests: str
    agenda: str
    minutes: str
    outcomes: str
    advances: list[int] = Field(..., description="Ids of the plan items it advances.")

    @staticmethod
    def resolve_advances(obj: Activity) -> list[int]:
        return [item.pk for item in obj.advances.all()]


class CommitmentOut(Schema):
    id: int
    activity: int = Field(..., alias="activity_id")
    side: Side
    promised_by: str
    description: str
    owner: str
    due_on: datetime.date
    status: Commitment.Status
    overdue: bool = Field(..., alias="late")


class CoordinationTaskOut(Schema):
    id: int
    rotation: int = Field(..., alias="rotation_id")
    task: str
    agency: str
    offset_days: int
    due_on: datetime.date
    responsible: str
    status: CoordinationTask.Status
    late: bool


@router.get("/agreements/", response=list[AgreementOut])
@paginate(Pagination)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilters]) -> Any:
    return (
        Agreement.objects.visible_to(request.user)
        .filtered(filters)
        .select_related("organisation", "partner__counterpart")
    )


@router.get("/agreements/{agreement_id}/", response=AgreementOut)
def get_agreement(request: HttpRequest, agreement_id: ObjectId) -> Any:
    agreements = Agreement.objects.visible_to(request.user)
    return get_object_or_404(
        agreements.select_related("organisation", "partner__counterpart"), pk=agreement_id
    )


@router.get("/plans/", response=list[PlanOut])
@paginate(Pagination)
def list_plans(request: HttpRequest, filters: Query[PlanFilters]) -> Any:
    return (
        Plan.objects.visible_to(request.user)
        .filtered(filters)
        .select_related("organisation", "partner__counterpart")
    )


@router.get("/plans/{plan_id}/items/", response=list[PlanItemOut])
@paginate(Pagination)
def list_plan_items(
    request: HttpRequest, plan_id: ObjectId, filters: Query[PlanItemFilters]
) -> Any:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)
    return plan.items.filtered(filters).with_trained().select_related(*ITEM_ROWS)


def _item(request: HttpRequest, plan_item_id: int) -> PlanItem:
    items = PlanItem.objects.visible_to(request.user).with_trained().select_related(*ITEM_ROWS)
    item: PlanItem = get_object_or_404(items, pk=plan_item_id)
    return item


@router.get("/items/{plan_item_id}/", response=PlanItemOut)
def get_plan_item(request: HttpRequest, plan_item_id: ObjectId) -> Any:
    return _item(request, plan_item_id)


@router.patch("/items/{plan_item_id}/", response=PlanItemOut)
def update_plan_item(request: HttpRequest, plan_item_id: ObjectId, payload: PlanItemPatch) -> Any:
    """Status, progress and evidence of an item. The partner may write only the items of its
    own side: any other is refused (403) with the reason."""
    item = _item(request, plan_item_id)
    services.update_item_progress(
        item=item, user=request.user, **payload.model_dump(exclude_unset=True)
    )
    return _item(request, plan_item_id)


@router.get("/activities/", response=list[ActivityOut])
@paginate(Pagination)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> Any:
    return (
        Activity.objects.visible_to(request.user)
        .filtered(filters)
        .select_related("organisation", "partner__counterpart")
    )


@router.get("/activities/{activity_id}/", response=ActivityDetailOut)
def get_activity(request: HttpRequest, activity_id: ObjectId) -> Any:
    return get_object_or_404(
        Activity.objects.visible_to(request.user).select_related(
            "organisation", "partner__counterpart"
        ),
        pk=activity_id,
    )


@router.get("/commitments/", response=list[CommitmentOut])
@paginate(Pagination)
def list_commitments(request: HttpRequest, filters: Query[CommitmentFilters]) -> Any:
    return Commitment.objects.visible_to(request.user).filtered(filters).for_listing()


@router.get("/coordination/", response=list[CoordinationTaskOut])
@paginate(Pagination)
def list_coordination(request: HttpRequest, filters: Query[CoordinationFilters]) -> Any:
    return CoordinationTask.objects.visible_to(request.user).filtered(filters).for_listing()
