from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation
from forcegen.core.permissions import require_perm
from forcegen.core.registers import export_response, list_page
from forcegen.deployments.models import Rotation
from forcegen.personnel.models import Person

from . import explanations, services, tasks
from .forms import PlanRunForm, ProposalForm
from .models import PLANNABLE, PlanRun
from .registers import PLAN_RUNS
from .review_table import review_tables

RUN = "planning.add_planrun"
EDIT = "planning.change_planrun"
ACCEPT = "planning.accept_planrun"
CANDIDATES = 25


def plannable_rotations(request: HttpRequest) -> QuerySet[Rotation]:
    return (
        Rotation.objects.editable_by(request.user)
        .filter(status__in=PLANNABLE)
        .select_related("unit", "mission")
        .order_by("planned_departure", "unit__name")
    )


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    scoped = PlanRun.objects.visible_to(request.user).for_list()
    return list_page(
        request,
        PLAN_RUNS,
        scoped,
        template="planning/run_list.html",
        export="planning:export",
    )


@login_required
def run_export(request: HttpRequest, fmt: str) -> Any:
    scoped = PlanRun.objects.visible_to(request.user).for_list()
    return export_response(request, PLAN_RUNS, scoped, fmt)


@login_required
def run_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, RUN)
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    # A rotation page links here with ?rotation=ID to start with that rotation ticked.
    initial = {"rotations": request.GET.getlist("rotation")}
    form = PlanRunForm(
        request.POST or None, rotations=plannable_rotations(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = tasks.submit_run(
                organisation=organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The planner is working on it."))
            return redirect("planning:detail", pk=run.pk)
    return render(request, "planning/run_form.html", {"form": form})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress while it works (HTMX polls it), then the plan to review."""
    run = get_object_or_404(PlanRun.objects.visible_to(request.user).for_detail(), pk=pk)
    if request.headers.get("HX-Request") == "true":
        if run.is_running:
            return render(request, "planning/_progress.html", {"run": run})
        return HttpResponseClientRefresh()
    proposals = services.kept_review(run)
    can_edit = run.can_edit and request.user.has_perm(EDIT)
    return render(
        request,
        "planning/run_detail.html",
        {
            "run": run,
            "plan": run.plan or {},
            "notices": explanations.notice_lines(run.plan or {}),
            "tables": review_tables(run, proposals, can_edit=can_edit),
            "figures": services.figures(run, proposals) if proposals else None,
            # Runs are never shared: a run the user sees is one of their organisation's.
            "can_edit": can_edit,
            "can_accept": run.can_edit and not run.is_infeasible and request.user.has_perm(ACCEPT),
        },
    )


@login_required
def run_instance(request: HttpRequest, pk: int) -> HttpResponse:
    """The planner's input, to reproduce a run with `python -m forcegen.planner solve`."""
    run = get_object_or_404(PlanRun.objects.visible_to(request.user), pk=pk)
    if run.instance is None:
        messages.error(request, _("The instance has not been built yet."))
        return redirect("planning:detail", pk=run.pk)
    response = HttpResponse(json.dumps(run.instance, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="plan-run-{run.pk}-instance.json"'
    return response


@login_required
@require_POST
def run_accept(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(PlanRun.objects.editable_by(request.user).defer("instance"), pk=pk)
    require_perm(request.user, ACCEPT)
    try:
        services.accept_plan(run=run, user=request.user)
    except ValidationError as exc:
        messages.error(request, _("Nothing was stored: the plan was refused."))
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Plan accepted: the slots are assigned and the members added."))
    return redirect("planning:detail", pk=run.pk)


@login_required
def proposal_edit(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    """Put another eligible person in a slot of the plan, or leave it empty."""
    run = get_object_or_404(
        PlanRun.objects.editable_by(request.user).with_job().defer("instance"), pk=pk
    )
    require_perm(request.user, EDIT)
    proposal = get_object_or_404(
        run.proposals.select_related(
            "run",
            "rotation__unit",
            "rotation__mission",
            "slot__requirement__specialty",
            "slot__person",
            "person__rank",
            "planned_person",
        ),
        pk=proposal_pk,
    )
    form = ProposalForm(request.POST or None)
    people = Person.objects.editable_by(request.user)
    if request.method == "POST" and form.is_valid():
        person = None
        if not form.cleaned_data["leave_empty"]:
            number = form.cleaned_data["service_number"].strip()
            person = people.filter(service_number=number).first()
            if person is None:
                form.add_error("service_number", _("No one in your organisation has this number."))
        if form.is_valid():
            try:
                services.propose(proposal=proposal, person=person, user=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The plan is changed."))
                back = reverse("planning:detail", args=[run.pk])
                return redirect(f"{back}#proposal-{proposal.pk}")
    text = request.GET.get("q", "")
    found = (
        services.candidates(proposal, people, text).for_list()[:CANDIDATES]
        if run.can_edit and not proposal.kept
        else Person.objects.none()
    )
    explanations.word([proposal], {r.pk: r for r in run.rotations.all()})
    return render(
        request,
        "planning/proposal_edit.html",
        {"run": run, "proposal": proposal, "form": form, "candidates": found, "q": text},
    )
