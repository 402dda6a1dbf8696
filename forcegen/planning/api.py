"""API of the rotation planner: start a run, poll it, read the plan, change it, accept it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from forcegen.core.models import Organisation
from forcegen.core.params import ObjectId
from forcegen.core.permissions import require_perm
from forcegen.deployments.models import Rotation
from forcegen.personnel.models import Person

from . import explanations, services, tasks
from .models import PlanRun, Proposal
from .registers import PlanRunFilters

router = Router(tags=["planning"])

RUN = "planning.add_planrun"
EDIT = "planning.change_planrun"
ACCEPT = "planning.accept_planrun"


class PlanRunIn(Schema):
    rotations: list[ObjectId] = Field(..., min_length=1, description="Rotations planned together.")
    method: PlanRun.Method = PlanRun.Method.CP_SAT
    min_women_percent: Decimal | None = Field(
        None, ge=0, le=100, description="Empty: the highest women target of the units."
    )
    min_experienced: int = Field(0, ge=0)
    time_limit: int = Field(10, ge=1, le=600, description="Seconds the solver may take.")


class PlanRunOut(Schema):
    """The run, its status and progress read from its background job."""

    id: int
    job: int = Field(..., alias="job_id", description="Its background job: /api/v1/jobs/{id}/")
    status: PlanRun.Status
    progress: int = Field(description="Percent done.")
    step: PlanRun.Step
    method: PlanRun.Method
    rotations: list[int]
    min_women_percent: Decimal
    min_experienced: int
    time_limit: int
    slots: int = Field(..., alias="slot_count")
    filled: int = Field(..., alias="filled_count", description="Filled by the planner.")
    error: str = Field(..., alias="job.error")
    created_by: str | None = Field(None, alias="job.created_by.username")
    created_at: datetime.datetime
    started_at: datetime.datetime | None = Field(..., alias="job.started_at")
    finished_at: datetime.datetime | None = Field(..., alias="job.finished_at")
    accepted_at: datetime.datetime | None

    @staticmethod
    def resolve_rotations(obj: PlanRun) -> list[int]:
        return [rotation.pk for rotation in obj.rotations.all()]


class PersonBrief(Schema):
    id: int
    service_number: str
    full_name: str
    sex: str
    rank: str = Field(..., alias="rank.nato_code")


class ProposalOut(Schema):
    id: int
    rotation: int = Field(..., alias="rotation_id")
    slot: int = Field(..., alias="slot_id")
    title: str = Field(..., alias="slot.title")
    seat: int = Field(..., alias="slot.seat")
    sub_unit: str = Field(..., alias="slot.sub_unit")
    requirement: str = Field(..., alias="slot.requirement.name")
    person: PersonBrief | None = Field(description="Proposed now (hand edits included).")
    current: PersonBrief | None = Field(..., alias="slot.person", description="Holds it now.")
    planned_person: int | None = Field(
        ..., alias="planned_person_id", description="Proposed by the planner."
    )
    change: str = Field(description="same, new, replaces, empties (by hand), keeps or none")
    kept: bool = Field(description="Already a member of the rotation: not planned.")
    edited: bool
    tours: int = Field(description="Past tours of the proposed person.")
    reason: str = Field(
        ..., alias="why", description="Why the planner left the slot empty, in your language."
    )
    explanation: dict[str, Any] = Field(
        description="The same as data: holders, parts [{code, n, ...}], overlap."
    )
    fixes: list[str] = Field(
        ..., alias="fix_texts", description="Enrolments that would fill it, in your language."
    )
    notes: list[str] = Field(
        ...,
        alias="note_texts",
        description="What the records said about the empty slot, in your language.",
    )

    @staticmethod
    def resolve_change(obj: Proposal) -> str:
        return str(obj.change.value)


class FiguresOut(Schema):
    planned: int
    kept: int
    filled: int
    women: int
    women_percent: float | None
    women_target: Decimal
    experienced: int
    min_experienced: int
    tours: list[tuple[int, int]] = Field(description="(past tours, people proposed) pairs.")
    changed: int
    edited: int


class PlanResultOut(Schema):
    run: int
    status: PlanRun.Status
    plan: dict[str, Any] = Field(description="The planner's output, as stored.")
    notices: list[str] = Field(description="The planner's notices, in your language.")
    figures: FiguresOut
    proposals: list[ProposalOut]


class ProposalIn(Schema):
    person: int | None = Field(None, description="Person id; or give service_number.")
    service_number: str | None = None
    leave_empty: bool = False


def _run(request: HttpRequest, run_id: int) -> PlanRun:
    return get_object_or_404(PlanRun.objects.visible_to(request.user).for_list(), pk=run_id)


def _editable(request: HttpRequest, run_id: int, perm: str) -> PlanRun:
    run = get_object_or_404(
        PlanRun.objects.editable_by(request.user).with_job().defer("instance"), pk=run_id
    )
    require_perm(request.user, perm)
    return run


@router.get("/plan-runs/", response=list[PlanRunOut])
def list_runs(request: HttpRequest, filters: Query[PlanRunFilters]) -> Any:
    """Your organisation's plan runs, newest first (the last 100)."""
    return PlanRun.objects.visible_to(request.user).filtered(filters).for_list()[:100]


@router.post("/plan-runs/", response={202: PlanRunOut})
def start_run(request: HttpRequest, payload: PlanRunIn) -> Any:
    """Plan the slots of the rotations' units from your people, in the background: poll the
    run until its status is done (or failed), then read the result."""
    require_perm(request.user, RUN)
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    rotations = list(
        Rotation.objects.editable_by(request.user)
        .filter(pk__in=payload.rotations)
        .select_related("unit", "mission")
    )
    missing = set(payload.rotations) - {rotation.pk for rotation in rotations}
    if missing:
        raise ValidationError(
            {
                "rotations": _("No such rotation in your organisation: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(missing))}
            }
        )
    run = tasks.submit_run(
        organisation=organisation,
        user=request.user,
        rotations=rotations,
        method=payload.method,
        min_women_percent=payload.min_women_percent,
        min_experienced=payload.min_experienced,
        time_limit=payload.time_limit,
    )
    return Status(202, _run(request, run.pk))


@router.get("/plan-runs/{run_id}/", response=PlanRunOut)
def get_run(request: HttpRequest, run_id: int) -> Any:
    """Status and progress."""
    return _run(request, run_id)


@router.get("/plan-runs/{run_id}/result/", response=PlanResultOut)
def get_result(request: HttpRequest, run_id: int) -> Any:
    """The plan: per slot who is proposed, who holds it now, and why an empty slot is empty."""
    run = get_object_or_404(
        PlanRun.objects.visible_to(request.user).with_job().defer("instance"), pk=run_id
    )
    if run.status not in (PlanRun.Status.DONE, PlanRun.Status.ACCEPTED):
        raise HttpError(
            409,
            _("The plan is not ready: the run is %(status)s.")
            % {"status": run.get_status_display()},
        )
    rotations = {rotation.pk: rotation for rotation in run.rotations.all()}
    proposals = explanations.word(list(services.proposals_for_review(run)), rotations)
    return {
        "run": run.pk,
        "status": run.status,
        "plan": run.plan or {},
        "notices": explanations.notice_lines(run.plan or {}),
        "figures": services.figures(run, proposals),
        "proposals": proposals,
    }


@router.post("/plan-runs/{run_id}/proposals/{proposal_id}/", response=ProposalOut)
def change_proposal(
    request: HttpRequest, run_id: int, proposal_id: int, payload: ProposalIn
) -> Any:
    """Put another eligible person in a slot (refused with every reason otherwise), or none."""
    run = _editable(request, run_id, EDIT)
    proposal = get_object_or_404(run.proposals.all(), pk=proposal_id)
    person = None
    if not payload.leave_empty:
        people = Person.objects.editable_by(request.user)
        if payload.person is not None:
            person = people.filter(pk=payload.person).first()
        elif payload.service_number:
            person = people.filter(service_number=payload.service_number).first()
        else:
            raise ValidationError(
                {"person": _("Give person or service_number, or set leave_empty.")}
            )
        if person is None:
            raise ValidationError(
                {
                    "person": _("No person %(person)s in your organisation.")
                    % {"person": payload.person or payload.service_number}
                }
            )
    services.propose(proposal=proposal, person=person, user=request.user)
    changed = services.proposals_for_review(run).get(pk=proposal.pk)
    rotations = {rotation.pk: rotation for rotation in run.rotations.all()}
    return explanations.word([changed], rotations)[0]


@router.post("/plan-runs/{run_id}/accept/", response=PlanRunOut)
def accept_run(request: HttpRequest, run_id: int) -> Any:
    """Assign the slots and add the rotations' members, all or nothing (refusals listed)."""
    run = _editable(request, run_id, ACCEPT)
    services.accept_plan(run=run, user=request.user)
    return _run(request, run.pk)
