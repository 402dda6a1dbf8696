from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import export_response, list_page, listing, register_views
from forcegen.personnel.models import Person
from forcegen.units.models import Unit

from . import services
from .extensions import rotation_panels
from .fitness import may_deploy_from
from .forms import (
    CLOSED_MISSIONS,
    DeploymentMoveForm,
    EventForm,
    IndividualTourForm,
    MissionRequirementForm,
    PolicyForm,
    RotationForm,
    RotationMoveForm,
)
from .member_table import member_rows
from .models import (
    Deployment,
    DeploymentPolicy,
    GenderTarget,
    Mission,
    MissionRequirement,
    Rotation,
    RotationQuerySet,
)
from .registers import DEPLOYMENTS, MISSIONS, ROTATIONS
from .report_views import roll_hint, roll_links
from .timeline import planning_due

S = Deployment.Status


def _closed(request: HttpRequest) -> bool:
    """Whether mission lists include closed missions (the toggle under each mission list)."""
    return request.GET.get(CLOSED_MISSIONS) == "1"


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Missions -------------------------------------------------------------------------------------


@login_required
def mission_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        MISSIONS,
        Mission.objects.visible_to(request.user),
        template="deployments/mission_list.html",
    )


@login_required
def mission_detail(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_object_or_404(Mission.objects.visible_to(request.user), acronym=acronym)
    return render(request, "deployments/mission_detail.html", {"mission": mission})


# --- Rotations ------------------------------------------------------------------------------------


def _listed_rotations(request: HttpRequest) -> RotationQuerySet:
    return Rotation.objects.visible_to(request.user)


@login_required
def rotation_list(request: HttpRequest) -> HttpResponse:
    found = listing(request, ROTATIONS, _listed_rotations(request))
    rotations = found.rows
    today = timezone.localdate()
    due, timeline = planning_due(rotations, active_organisation_id(request.user), today)
    listed = rotations.for_timeline().with_member_count()
    return render(
        request,
        "deployments/rotation_list.html",
        {
            **found.context(request, rows=listed, export="deployments:rotation_export"),
            "due": due,
            "timeline": timeline,
            "today": today,
        },
    )


@login_required
def rotation_export(request: HttpRequest, fmt: str) -> Any:
    """The filtered rotations as CSV or XLSX."""
    scoped = _listed_rotations(request).for_timeline().with_member_count()
    return export_response(request, ROTATIONS, scoped, fmt)


def _rotation_choices(request: HttpRequest) -> tuple[Any, Any]:
    units = Unit.objects.editable_by(request.user).order_by("name")
    rotations = (
        Rotation.objects.editable_by(request.user)
        .select_related("unit")
        .order_by("unit__name", "number")
    )
    return units, rotations


def _successor_initial(request: HttpRequest, rotations: Any) -> dict[str, Any]:
    """ "Plan the successor" links pass ?predecessor=: the new one follows on, just as long."""
    pk = request.GET.get("predecessor", "")
    predecessor = rotations.filter(pk=pk).first() if pk.isdigit() else None
    if predecessor is None:
        return {}
    length = predecessor.ends_on - predecessor.starts_on
    return {
        "predecessor": predecessor.pk,
        "unit": predecessor.unit_id,
        "mission": predecessor.mission_id,
        "planned_departure": predecessor.ends_on,
        "planned_return": predecessor.ends_on + length,
    }


def _form_page(
    request: HttpRequest, form: Any, title: str, cancel: str, intro: str = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "cancel": cancel, "intro": intro}
    return render(request, "deployments/form.html", context)


@login_required
def rotation_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "deployments.add_rotation")
    units, rotations = _rotation_choices(request)
    initial = _successor_initial(request, rotations) if request.method == "GET" else None
    form = RotationForm(
        request.POST or None,
        closed_missions=_closed(request),
        units=units,
        rotations=rotations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rotation = services.create_rotation(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(rotation)s created.") % {"rotation": rotation})
            return redirect("deployments:rotation", pk=rotation.pk)
    return _form_page(request, form, _("New rotation"), reverse("deployments:rotations"))


ROTATION_FIELDS = ("mission", "planned_departure", "planned_return", "predecessor", "number")


@login_required
def rotation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(
        Rotation.objects.editable_by(request.user).select_related("unit"), pk=pk
    )
    require_perm(request.user, "deployments.change_rotation")
    units, rotations = _rotation_choices(request)
    initial = {name: getattr(rotation, name) for name in (*ROTATION_FIELDS, "notes")}
    form = RotationForm(
        request.POST or None,
        closed_missions=_closed(request),
        units=units,
        rotations=rotations.exclude(pk=rotation.pk),
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_rotation(rotation=rotation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("deployments:rotation", pk=rotation.pk)
    cancel = reverse("deployments:rotation", args=[rotation.pk])
    return _form_page(request, form, _("Edit %(rotation)s") % {"rotation": rotation}, cancel)


def _next_rotation_status(rotation: Rotation) -> Rotation.Status | None:
    order = services.ROTATION_ORDER
    index = order.index(Rotation.Status(rotation.status))
    return order[index + 1] if index + 1 < len(order) else None


@login_required
def rotation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(
        Rotation.objects.visible_to(request.user).select_related(
            "unit", "mission", "predecessor__unit"
        ),
        pk=pk,
    )
    counts = rotation.members.live().aggregate(
        total=Count("pk"), women=Count("pk", filter=Q(person__sex=Person.Sex.FEMALE))
    )
    user = request.user
    next_status = _next_rotation_status(rotation)
    adding = rotation.status not in (Rotation.Status.DEPLOYED, Rotation.Status.RETURNED)
    return render(
        request,
        "deployments/rotation_detail.html",
        {
            "rotation": rotation,
            "successors": rotation.successors.select_related("unit"),
            "member_rows": member_rows(rotation),
            "counts": counts,
            "women_share": round(100 * counts["women"] / counts["total"], 1)
            if counts["total"]
            else None,
            "next_status": next_status,
            "next_needs_date": next_status in (Rotation.Status.DEPLOYED, Rotation.Status.RETURNED),
            "can_edit": user.has_perm("deployments.change_rotation"),
            "can_add_members": adding and user.has_perm("deployments.add_deployment"),
            "can_plan": rotation.status in (Rotation.Status.PLANNING, Rotation.Status.FORMING)
            and user.has_perm("planning.add_planrun"),
            "roll_links": roll_links(request.user, rotation),
            "roll_hint": roll_hint(request.user),
            "today": timezone.localdate(),
            "history": history_panel(rotation) if can_see_history(user) else None,
            "panels": rotation_panels(request, rotation),
        },
    )


def _editable_rotation(request: HttpRequest, pk: int, perm: str) -> Rotation:
    rotation = get_object_or_404(
        Rotation.objects.editable_by(request.user).select_related("unit", "mission"), pk=pk
    )
    require_perm(request.user, perm)
    return rotation


@login_required
@require_POST
def rotation_add_members(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = _editable_rotation(request, pk, "deployments.add_deployment")
    try:
        added = services.add_members_from_slots(rotation=rotation)
    except ValidationError as exc:
        messages.error(request, _("No one was added. Resolve these first:"))
        _errors(request, exc)
    else:
        if added:
            messages.success(
                request, _("%(count)d members added from the slots.") % {"count": len(added)}
            )
        else:
            messages.info(request, _("No one to add: every slot holder is already a member."))
    return redirect("deployments:rotation", pk=rotation.pk)


@login_required
@require_POST
def rotation_move(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = _editable_rotation(request, pk, "deployments.change_rotation")
    form = RotationMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date."))
        return redirect("deployments:rotation", pk=rotation.pk)
    try:
        moved = services.move_rotation(rotation=rotation, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The rotation is now %(status)s.") % {"status": moved.get_status_display()},
        )
    return redirect("deployments:rotation", pk=rotation.pk)


# --- Deployments ----------------------------------------------------------------------------------


def _deployments(request: HttpRequest, *, editable: bool = False) -> Any:
    scope = Deployment.objects.editable_by if editable else Deployment.objects.visible_to
    return scope(request.user).select_related("person__rank", "mission", "rotation__unit")


deployment_list, deployment_export = register_views(
    DEPLOYMENTS,
    _deployments,
    template="deployments/deployment_list.html",
    export="deployments:export",
)


@login_required
def deployment_create(request: HttpRequest) -> HttpResponse:
    """An individual tour: a staff officer, an expert on mission or an individual police officer."""
    require_perm(request.user, "deployments.add_deployment")
    initial = {"person": request.GET.get("person", "")} if request.method == "GET" else None
    form = IndividualTourForm(
        request.POST or None,
        people=Person.objects.editable_by(request.user),
        initial=initial,
        closed_missions=_closed(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            tour = services.plan_deployment(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tour planned: %(tour)s.") % {"tour": tour})
            return redirect("deployments:detail", pk=tour.pk)
    return _form_page(
        request,
        form,
        _("New individual tour"),
        reverse("deployments:list"),
        _("Members of a unit's rotation are added from the rotation's page."),
    )


MOVE_LABELS = {
    S.APPROVED: gettext_lazy("Approve"),
    S.PLANNED: gettext_lazy("Back to planned"),
    S.CANCELLED: gettext_lazy("Cancel the tour"),
    S.DEPLOYED: gettext_lazy("Record the departure"),
    S.RETURNED: gettext_lazy("Record the return"),
    S.REPATRIATED: gettext_lazy("Repatriate early"),
}


@dataclass(frozen=True)
class Move:
    to: str
    label: str
    needs_date: bool
    needs_reason: bool


def _moves(deployment: Deployment) -> list[Move]:
    """The next steps the page offers; a casualty is recorded as a death event, which also
    marks the person deceased."""
    return [
        Move(
            to=to,
            label=str(MOVE_LABELS[S(to)]),
            needs_date=to in services.NEEDS_DATE,
            needs_reason=to == S.REPATRIATED,
        )
        for to in services.NEXT_STATUSES.get(deployment.status, ())
        if to != S.CASUALTY
    ]


def _deployment_page(
    request: HttpRequest, deployment: Deployment, event_form: EventForm
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "deployments/deployment_detail.html",
        {
            "deployment": deployment,
            "days_in_mission": deployment.days_in_mission(today),
            "events": deployment.events.select_related("recorded_by"),
            "moves": _moves(deployment) if user.has_perm("deployments.change_deployment") else [],
            "reasons": Deployment.RepatriationReason.choices,
            "event_form": event_form,
            "can_record": deployment.departed_on is not None
            and user.has_perm("deployments.add_missionevent"),
            "today": today,
            "history": history_panel(deployment) if can_see_history(user) else None,
        },
    )


@login_required
def deployment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = get_object_or_404(_deployments(request), pk=pk)
    event_form = EventForm(initial={"occurred_on": timezone.localdate()})
    return _deployment_page(request, deployment, event_form)


@login_required
@require_POST
def deployment_move(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = get_object_or_404(_deployments(request, editable=True), pk=pk)
    require_perm(request.user, "deployments.change_deployment")
    form = DeploymentMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date."))
        return redirect("deployments:detail", pk=deployment.pk)
    try:
        moved = services.move_deployment(deployment=deployment, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("The tour is now %(status)s.") % {"status": moved.get_status_display()}
        )
    return redirect("deployments:detail", pk=deployment.pk)


@login_required
@require_POST
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = get_object_or_404(_deployments(request, editable=True), pk=pk)
    require_perm(request.user, "deployments.add_missionevent")
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            event = services.record_event(
                deployment=deployment, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded: %(event)s.") % {"event": event})
            return redirect("deployments:detail", pk=deployment.pk)
    return _deployment_page(request, deployment, form)


# --- A person's tours -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rest:
    """When the person may leave again: the policy's rest days after the last (or current) tour."""

    on_tour: Deployment | None
    back: datetime.date | None
    may_deploy_from: datetime.date | None
    days_left: int


def _rest(person: Person, tours: list[Deployment], rest_days: int, today: datetime.date) -> Rest:
    on_tour = next((t for t in tours if t.status == S.DEPLOYED), None)
    returns = [t.returned_on for t in tours if t.status in Deployment.ENDED and t.returned_on]
    if person.last_mission_return:
        returns.append(person.last_mission_return)
    back = on_tour.ends_on if on_tour else max(returns, default=None)
    if back is None:
        return Rest(on_tour=None, back=None, may_deploy_from=None, days_left=0)
    free = may_deploy_from(back, rest_days)
    return Rest(on_tour=on_tour, back=back, may_deploy_from=free, days_left=(free - today).days)


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every tour of one person, with days served, events and the rest period; a fixed handful
    of queries however long the roster or the career."""
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("rank"), pk=pk
    )
    tours = list(
        Deployment.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("mission", "rotation__unit")
        .prefetch_related("events")
        .order_by("planned_start", "pk")
    )
    today = timezone.localdate()
    rows = [(tour, tour.days_in_mission(today)) for tour in tours]
    policy = DeploymentPolicy.objects.for_organisation(person.organisation_id)
    own = person.organisation_id == active_organisation_id(request.user)
    return render(
        request,
        "deployments/person_history.html",
        {
            "person": person,
            "rows": rows,
            "tour_count": sum(1 for tour in tours if tour.status != S.CANCELLED),
            "total_days": sum(days for _tour, days in rows),
            "rest": _rest(person, tours, policy.rest_days, today),
            "policy": policy,
            "today": today,
            "can_plan": own and request.user.has_perm("deployments.add_deployment"),
        },
    )


# --- Deployment rules -----------------------------------------------------------------------------


def _rules_page(
    request: HttpRequest, policy_form: PolicyForm, requirement_form: MissionRequirementForm
) -> HttpResponse:
    context = {
        "policy_form": policy_form,
        "requirement_form": requirement_form,
        "requirements": MissionRequirement.objects.editable_by(request.user).select_related(
            "mission"
        ),
        "targets": GenderTarget.objects.all(),
    }
    return render(request, "deployments/rules.html", context)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The organisation's deployment rules: rest, planning lead time, medal days, and what each
    mission requires; the UN gender targets they are measured against (administered centrally)."""
    org_id = active_organisation_id(request.user)
    if org_id is None:
        raise Http404
    policy = DeploymentPolicy.objects.for_organisation(org_id)
    policy_form = PolicyForm(instance=policy)
    requirement_form = MissionRequirementForm(closed_missions=_closed(request))
    if request.method == "POST" and "policy" in request.POST:
        require_perm(request.user, "deployments.change_deploymentpolicy")
        policy_form = PolicyForm(request.POST, instance=policy)
        if policy_form.is_valid():
            fields = {name: policy_form.cleaned_data[name] for name in policy_form.fields}
            services.save_policy(organisation_id=org_id, **fields)
            messages.success(request, _("Deployment policy saved."))
            return redirect("deployments:rules")
    elif request.method == "POST":
        require_perm(request.user, "deployments.add_missionrequirement")
        requirement_form = MissionRequirementForm(request.POST, closed_missions=_closed(request))
        if requirement_form.is_valid():
            try:
                services.add_mission_requirement(
                    organisation_id=org_id, **requirement_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(requirement_form, exc)
            else:
                messages.success(request, _("Mission requirement added."))
                return redirect("deployments:rules")
    return _rules_page(request, policy_form, requirement_form)


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(MissionRequirement.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "deployments.delete_missionrequirement")
    requirement.delete()
    messages.success(request, _("Mission requirement removed."))
    return redirect("deployments:rules")
