"""The inter-agency checklist templates in the pages: a cooperation officer writes a template and
its tasks (each an offset from departure, D-90); everyone in the organisation reads them, and a
role that may not change them is told who may. Another organisation's template is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from forcegen.accounts.models import who_may
from forcegen.core.permissions import require_perm

from . import services
from .forms import ChecklistForm, ChecklistStepForm
from .models import Checklist, ChecklistStep
from .pages import acting_org, form_page, history

ADD = "cooperation.add_checklist"
CHANGE = "cooperation.change_checklist"
ADD_STEP = "cooperation.add_checkliststep"
CHANGE_STEP = "cooperation.change_checkliststep"


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
