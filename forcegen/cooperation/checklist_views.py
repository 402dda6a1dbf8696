"""The inter-agency checklist templates in the pages: a cooperation officer writes a template and
its tasks (each an offset from departure, D-90) and deletes a task, of a template or of a
rotation, after confirming; everyone in the organisation reads them, and a role that may not
change them is told who may. Another organisation's template or task is a 404, the partner's
too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from forcegen.accounts.models import who_may
from forcegen.core.permissions import require_perm

from . import services
from .forms import ChecklistForm, ChecklistStepForm
from .models import Checklist, ChecklistStep, CoordinationTask
from .pages import acting_org, form_page, history

ADD = "cooperation.add_checklist"
CHANGE = "cooperation.change_checklist"
ADD_STEP = "cooperation.add_checkliststep"
CHANGE_STEP = "cooperation.change_checkliststep"
DELETE_STEP = "cooperation.delete_checkliststep"
DELETE_TASK = "cooperation.delete_coordinationtask"


def _hint(request: HttpRequest, perm: str) -> str:
    """Who may do it, for a role that may not (empty when the user may)."""
    return "" if request.user.has_perm(perm) else who_may(perm, acting_org(request))


@login_required
def checklist_list(request: HttpRequest) -> HttpResponse:
    templates = (
        Checklist.objects.visible_to(request.user)
        .annotate(step_count=Count("steps"))
        .order_by("name")
    )
    return render(
        request,
        "cooperation/checklist_list.html",
        {"templates": templates, "can_add": not _hint(request, ADD), "hint": _hint(request, ADD)},
    )


@login_required
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Checklist.objects.visible_to(request.user), pk=pk)
    may_change = request.user.has_perm(CHANGE) and request.user.has_perm(CHANGE_STEP)
    return render(
        request,
        "cooperation/checklist_detail.html",
        {
            "template": template,
            "steps": template.steps.all(),
            "can_change": may_change,
            "can_add_step": request.user.has_perm(ADD_STEP),
            "can_delete_step": request.user.has_perm(DELETE_STEP),
            "hint": "" if may_change else _hint(request, CHANGE_STEP),
            "history": history(request, template),
        },
    )


@login_required
def checklist_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, ADD)
    return form_page(
        request,
        ChecklistForm(request.POST or None),
        lambda data: services.save_record(record=Checklist(), user=request.user, perm=ADD, **data),
        _("New inter-agency checklist"),
        reverse("cooperation:checklists"),
    )


@login_required
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Checklist.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, CHANGE)
    return form_page(
        request,
        ChecklistForm(request.POST or None, instance=template),
        lambda data: services.save_record(record=template, user=request.user, perm=CHANGE, **data),
        _("Inter-agency checklist"),
        reverse("cooperation:checklist", args=[template.pk]),
    )


@login_required
def step_create(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Checklist.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, ADD_STEP)
    return form_page(
        request,
        ChecklistStepForm(request.POST or None),
        lambda data: services.save_record(
            record=ChecklistStep(template=template), user=request.user, perm=ADD_STEP, **data
        ),
        _("New checklist task"),
        reverse("cooperation:checklist", args=[template.pk]),
    )


@login_required
def step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    own = Checklist.objects.editable_by(request.user)
    step = get_object_or_404(ChecklistStep.objects.filter(template__in=own), pk=pk)
    require_perm(request.user, CHANGE_STEP)
    return form_page(
        request,
        ChecklistStepForm(request.POST or None, instance=step),
        lambda data: services.save_record(record=step, user=request.user, perm=CHANGE_STEP, **data),
        _("Checklist task"),
        reverse("cooperation:checklist", args=[step.template_id]),
    )


@login_required
def step_delete(request: HttpRequest, pk: int) -> HttpResponse:
    own = Checklist.objects.editable_by(request.user)
    step = get_object_or_404(
        ChecklistStep.objects.filter(template__in=own).select_related("template"), pk=pk
    )
    return _delete_page(
        request,
        step,
        perm=DELETE_STEP,
        question=_("Delete this task of the checklist “%(checklist)s”?")
        % {"checklist": step.template},
        consequence=_("The rotations that already took the checklist keep their copy of it."),
        back=reverse("cooperation:checklist", args=[step.template_id]),
    )


@login_required
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        CoordinationTask.objects.editable_by(request.user).select_related("rotation__unit"),
        pk=pk,
    )
    return _delete_page(
        request,
        task,
        perm=DELETE_TASK,
        question=_("Delete this inter-agency task of %(rotation)s?") % {"rotation": task.rotation},
        consequence=_("Adding the checklist's tasks to the rotation again brings it back."),
        back=reverse("deployments:rotation", args=[task.rotation_id]),
    )


def _delete_page(
    request: HttpRequest,
    task: ChecklistStep | CoordinationTask,
    *,
    perm: str,
    question: str,
    consequence: str,
    back: str,
) -> HttpResponse:
    """Asked first (the page shows the task and what deleting it does), deleted on the
    confirming POST; a role that may not delete is refused with who may."""
    require_perm(request.user, perm)
    if request.method == "POST":
        services.delete_task(task=task, user=request.user)
        messages.success(request, _("Task deleted."))
        return redirect(back)
    return render(
        request,
        "cooperation/confirm_delete.html",
        {"task": task, "question": question, "consequence": consequence, "back": back},
    )
