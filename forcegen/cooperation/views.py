"""Pages of the cooperation app: the overview, the registers, a record with its history, and the
forms. Every object is read through its `visible_to(user)`: another organisation's is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import Register, export_response, list_page, listing
from forcegen.deployments.models import Rotation

from . import services
from .forms import (
    ActivityForm,
    AgreementForm,
    CommitmentForm,
    CommitmentStatusForm,
    ContactForm,
    ItemProgressForm,
    PartnerForm,
    PlanForm,
    PlanItemForm,
    StartChecklistForm,
    TaskStatusForm,
    choices_for,
)
from .models import (
    DONE_OR_DROPPED,
    Activity,
    Agreement,
    Checklist,
    Commitment,
    Contact,
    CoordinationTask,
    Partner,
    Plan,
    PlanItem,
)
from .registers import (
    ACTIVITIES,
    AGREEMENTS,
    COMMITMENTS,
    COORDINATION,
    PARTNERS,
    PLAN_ITEMS,
    PLANS,
)

PLAN_ROWS = ("organisation", "partner__counterpart")


def _org(request: HttpRequest) -> int:
    org_id = active_organisation_id(request.user)
    if org_id is None:
        raise PermissionDenied
    return org_id


def _history(request: HttpRequest, record: Any) -> Any:
    own = record.organisation_id == active_organisation_id(request.user)
    return history_panel(record) if own and can_see_history(request.user) else None


def _form_page(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any], title: str, back: str
) -> HttpResponse:
    """A create or edit form: saved through the service, refused with its reason on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(record_url(record))
    return render(request, "cooperation/form.html", {"form": form, "title": title, "cancel": back})


def _register_pages(
    register: Register[Any, Any],
    rows: Callable[[HttpRequest], Any],
    *,
    title: str | Promise,
    export: str,
    new: str | None = None,
    template: str = "cooperation/list.html",
) -> tuple[Callable[..., HttpResponse], Callable[..., Any]]:
    """A register's list page and its CSV/XLSX export, both over the same scoped rows."""

    @login_required
    def page(request: HttpRequest) -> HttpResponse:
        return list_page(
            request,
            register,
            rows(request),
            template=template,
            export=export,
            context={"title": title, "new": new},
        )

    @login_required
    def download(request: HttpRequest, fmt: str) -> Any:
        return export_response(request, register, rows(request), fmt)

    return page, download


def _status_post(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any], back: str
) -> HttpResponse:
    """A status change posted from a record's page: saved through the service, or refused with
    the service's reason; back to the page either way."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
    return redirect(back)


def record_url(record: Any) -> str:
    names = {
        Partner: "cooperation:partner",
        Agreement: "cooperation:agreement",
        Plan: "cooperation:plan",
        Activity: "cooperation:activity",
    }
    if isinstance(record, PlanItem):
        return reverse("cooperation:plan", args=[record.plan_id])
    return reverse(names[type(record)], args=[record.pk])


# --- Overview -------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What needs doing: late plan items of our side, overdue commitments, late inter-agency
    tasks, and the next activities."""
    org_id = _org(request)
    today = timezone.localdate()
    items = PlanItem.objects.visible_to(request.user).select_related(
        "plan__organisation", "plan__partner__counterpart"
    )
    context = {
        "plans": _plans(request).filter(year__gte=today.year - 1)[:10],
        "late_items": items.owned_by(org_id).late(today)[:20],
        "overdue": Commitment.objects.visible_to(request.user)
        .late(today)
        .select_related("activity__organisation", "activity__partner__counterpart")[:20],
        "late_tasks": CoordinationTask.objects.visible_to(request.user)
        .late(today)
        .select_related("rotation__unit")[:20],
        "upcoming": Activity.objects.visible_to(request.user)
        .filter(ends_on__gte=today)
        .select_related("partner")
        .order_by("starts_on")[:10],
        "today": today,
    }
    return render(request, "cooperation/overview.html", context)


# --- Partners -------------------------------------------------------------------------------------


def _partners(request: HttpRequest) -> Any:
    return Partner.objects.visible_to(request.user).select_related("counterpart")


partner_list, partner_export = _register_pages(
    PARTNERS,
    _partners,
    title=gettext_lazy("Partners"),
    export="cooperation:partners_export",
    template="cooperation/partner_list.html",
)


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.visible_to(request.user), pk=pk)
    context = {
        "partner": partner,
        "contacts": partner.contacts.all(),
        "agreements": partner.agreements.all(),
        "plans": partner.plans.all(),
        "activities": partner.activities.all()[:20],
        "history": _history(request, partner),
        "contact_form": ContactForm()
        if request.user.has_perm("cooperation.add_contact")
        and partner.organisation_id == active_organisation_id(request.user)
        else None,
    }
    return render(request, "cooperation/partner_detail.html", context)


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.editable_by(request.user), pk=pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the contact's name and a valid email address."))
        return redirect("cooperation:partner", pk=partner.pk)
    try:
        services.save_record(
            record=Contact(partner=partner),
            user=request.user,
            perm="cooperation.add_contact",
            **form.cleaned_data,
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Contact added."))
    return redirect("cooperation:partner", pk=partner.pk)


@login_required
def partner_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperation.add_partner")
    form = PartnerForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.save_record(
            record=Partner(), user=request.user, perm="cooperation.add_partner", **data
        ),
        _("New partner"),
        reverse("cooperation:partners"),
    )


# --- Agreements -----------------------------------------------------------------------------------


def _agreements(request: HttpRequest) -> Any:
    return Agreement.objects.visible_to(request.user).select_related("organisation", "partner")


agreement_list, agreement_export = _register_pages(
    AGREEMENTS,
    _agreements,
    title=gettext_lazy("Agreements"),
    export="cooperation:agreements_export",
    new="cooperation:agreement_create",
)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related(
            "organisation", "partner", "document"
        ),
        pk=pk,
    )
    context = {
        "agreement": agreement,
        "plans": agreement.plans.all(),
        "own": agreement.organisation_id == active_organisation_id(request.user),
        "history": _history(request, agreement),
    }
    return render(request, "cooperation/agreement_detail.html", context)


def _agreement_form(request: HttpRequest, agreement: Agreement, perm: str) -> HttpResponse:
    require_perm(request.user, perm)
    form = AgreementForm(
        request.POST or None,
        instance=agreement if agreement.pk else None,
        choices=choices_for(AgreementForm, request.user, _org(request)),
    )
    return _form_page(
        request,
        form,
        lambda data: services.save_record(record=agreement, user=request.user, perm=perm, **data),
        _("Agreement"),
        reverse("cooperation:agreements"),
    )


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    return _agreement_form(request, Agreement(), "cooperation.add_agreement")


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.editable_by(request.user), pk=pk)
    return _agreement_form(request, agreement, "cooperation.change_agreement")


# --- Plans and items ------------------------------------------------------------------------------


def _plans(request: HttpRequest) -> Any:
    today = timezone.localdate()
    return (
        Plan.objects.visible_to(request.user)
        .select_related(*PLAN_ROWS)
        .annotate(
            item_count=Count("items"),
            done_count=Count("items", filter=Q(items__status="done")),
            late_count=Count(
                "items",
                filter=Q(items__target_on__lt=today) & ~Q(items__status__in=DONE_OR_DROPPED),
            ),
        )
        .order_by("-year", "pk")
    )


plan_list, plan_export = _register_pages(
    PLANS,
    _plans,
    title=gettext_lazy("Cooperation plans"),
    export="cooperation:plans_export",
    new="cooperation:plan_create",
)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related(*PLAN_ROWS), pk=pk
    )
    found = listing(request, PLAN_ITEMS, plan.items.with_trained())
    context = found.context(request)
    items = list(context["page"].object_list)
    today = timezone.localdate()
    for item in items:
        item.plan = plan  # the page's plan, its organisations already read
        item.refusal = services.item_update_refusal(item, request.user)  # type: ignore[attr-defined]
        item.late = item.is_late(today)  # type: ignore[attr-defined]
    own = plan.organisation_id == active_organisation_id(request.user)
    context |= {
        "plan": plan,
        "items": items,
        "own": own,
        "can_add": own and request.user.has_perm("cooperation.add_planitem"),
        "statuses": PlanItem.Status.choices,
        "history": _history(request, plan),
    }
    return render(request, "cooperation/plan_detail.html", context)


def _item_rows() -> tuple[str, ...]:
    return ("plan__organisation", "plan__partner__counterpart")


@login_required
def plan_items_export(request: HttpRequest, pk: int, fmt: str) -> Any:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return export_response(request, PLAN_ITEMS, plan.items.select_related(*_item_rows()), fmt)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    perm = "cooperation.add_plan"
    require_perm(request.user, perm)
    form = PlanForm(
        request.POST or None, choices=choices_for(PlanForm, request.user, _org(request))
    )
    return _form_page(
        request,
        form,
        lambda data: services.save_record(record=Plan(), user=request.user, perm=perm, **data),
        _("New cooperation plan"),
        reverse("cooperation:plans"),
    )


@login_required
def plan_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.editable_by(request.user), pk=pk)
    perm = "cooperation.add_planitem"
    require_perm(request.user, perm)
    form = PlanItemForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.save_record(
            record=PlanItem(plan=plan), user=request.user, perm=perm, **data
        ),
        _("New plan item"),
        reverse("cooperation:plan", args=[plan.pk]),
    )


@login_required
@require_POST
def plan_item_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoped write: a side updates the status, progress and evidence of an item it owns;
    anything else is refused with the reason (and nothing is written)."""
    item = get_object_or_404(
        PlanItem.objects.visible_to(request.user).select_related(*_item_rows()), pk=pk
    )
    form = ItemProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status and a progress between 0 and 100."))
    else:
        try:
            services.update_item_progress(item=item, user=request.user, **form.cleaned_data)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Item updated."))
    return redirect("cooperation:plan", pk=item.plan_id)


# --- Activities and commitments -------------------------------------------------------------------


def _activities(request: HttpRequest) -> Any:
    return Activity.objects.visible_to(request.user).select_related(
        "organisation", "partner__counterpart"
    )


activity_list, activity_export = _register_pages(
    ACTIVITIES,
    _activities,
    title=gettext_lazy("Activities"),
    export="cooperation:activities_export",
    new="cooperation:activity_create",
)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related(
            "organisation", "partner__counterpart"
        ),
        pk=pk,
    )
    own = activity.organisation_id == active_organisation_id(request.user)
    commitments = list(activity.commitments.all())
    for commitment in commitments:
        commitment.activity = activity
    context = {
        "activity": activity,
        "own": own,
        "members": activity.members.select_related("rank"),
        "advances": activity.advances.select_related(*_item_rows()),
        "commitments": commitments,
        "commitment_form": CommitmentForm() if own else None,
        "can_edit": own and request.user.has_perm("cooperation.change_activity"),
        "can_commit": own and request.user.has_perm("cooperation.add_commitment"),
        "statuses": Commitment.Status.choices,
        "history": _history(request, activity),
    }
    if context["commitment_form"]:
        context["commitment_form"].fields["side"].choices = services.side_choices(activity)
    return render(request, "cooperation/activity_detail.html", context)


def _activity_form(request: HttpRequest, activity: Activity) -> HttpResponse:
    form = ActivityForm(
        request.POST or None,
        instance=activity if activity.pk else None,
        choices=choices_for(ActivityForm, request.user, _org(request)),
    )
    return _form_page(
        request,
        form,
        lambda data: services.save_activity(activity=activity, user=request.user, **data),
        _("Activity"),
        reverse("cooperation:activities"),
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "cooperation.add_activity")
    return _activity_form(request, Activity())


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "cooperation.change_activity")
    return _activity_form(request, activity)


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
    form = CommitmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe the commitment and give its due date."))
        return redirect("cooperation:activity", pk=activity.pk)
    try:
        services.add_commitment(activity=activity, user=request.user, **form.cleaned_data)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Commitment recorded."))
    return redirect("cooperation:activity", pk=activity.pk)


def _commitments(request: HttpRequest) -> Any:
    return Commitment.objects.visible_to(request.user).select_related(
        "activity__organisation", "activity__partner__counterpart"
    )


commitment_list, commitment_export = _register_pages(
    COMMITMENTS,
    _commitments,
    title=gettext_lazy("Commitments"),
    export="cooperation:commitments_export",
)


@login_required
@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.editable_by(request.user), pk=pk)
    return _status_post(
        request,
        CommitmentStatusForm(request.POST),
        lambda data: services.save_record(
            record=commitment, user=request.user, perm="cooperation.change_commitment", **data
        ),
        reverse("cooperation:activity", args=[commitment.activity_id]),
    )


# --- Inter-agency coordination --------------------------------------------------------------------


def _tasks(request: HttpRequest) -> Any:
    return CoordinationTask.objects.visible_to(request.user).select_related("rotation__unit")


task_list, task_export = _register_pages(
    COORDINATION,
    _tasks,
    title=gettext_lazy("Inter-agency tasks"),
    export="cooperation:coordination_export",
)


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(CoordinationTask.objects.editable_by(request.user), pk=pk)
    return _status_post(
        request,
        TaskStatusForm(request.POST),
        lambda data: services.set_task_status(task=task, user=request.user, **data),
        reverse("deployments:rotation", args=[task.rotation_id]),
    )


@login_required
@require_POST
def checklist_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The chosen checklist's tasks for this rotation, due from its planned departure."""
    rotation = get_object_or_404(Rotation.objects.editable_by(request.user), pk=pk)
    form = StartChecklistForm(request.POST, templates=Checklist.objects.editable_by(request.user))
    if form.is_valid():
        try:
            created = services.instantiate_checklist(
                template=form.cleaned_data["template"], rotation=rotation, user=request.user
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("%(n)d inter-agency tasks added.") % {"n": len(created)})
    return redirect("deployments:rotation", pk=rotation.pk)
