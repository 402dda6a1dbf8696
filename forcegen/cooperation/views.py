"""Pages of the cooperation app: the overview, the registers, a record with its history, and the
forms. Every object is read through its `visible_to(user)`: another organisation's is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forcegen.accounts.models import who_may
from forcegen.core.models import active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import export_response, listing
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
    SignedCopyForm,
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
from .pages import acting_org, form_page, history, register_pages, status_post
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


# --- Overview -------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What needs doing: late plan items of our side, overdue commitments, late inter-agency
    tasks, and the next activities."""
    org_id = acting_org(request)
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


partner_list, partner_export = register_pages(
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
        "history": history(request, partner),
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
    return form_page(
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


agreement_list, agreement_export = register_pages(
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
    own = agreement.organisation_id == active_organisation_id(request.user)
    may_change = request.user.has_perm("cooperation.change_agreement")
    context = {
        "agreement": agreement,
        "plans": agreement.plans.all(),
        "own": own,
        "copy_form": SignedCopyForm() if own and may_change else None,
        "copy_hint": who_may("cooperation.change_agreement", acting_org(request))
        if own and not may_change
        else "",
        "history": history(request, agreement),
    }
    return render(request, "cooperation/agreement_detail.html", context)


def _agreement_form(request: HttpRequest, agreement: Agreement, perm: str) -> HttpResponse:
    require_perm(request.user, perm)
    form = AgreementForm(
        request.POST or None,
        instance=agreement if agreement.pk else None,
        choices=choices_for(AgreementForm, request.user, acting_org(request)),
    )
    return form_page(
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


@login_required
@require_POST
def signed_copy_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach or replace the scan of the signed agreement (the core upload check)."""
    agreement = get_object_or_404(Agreement.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "cooperation.change_agreement")
    form = SignedCopyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file of the signed copy."))
    else:
        try:
            services.attach_signed_copy(
                agreement=agreement, user=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Signed copy saved."))
    return redirect("cooperation:agreement", pk=agreement.pk)


@login_required
def signed_copy(request: HttpRequest, pk: int) -> FileResponse:
    """The signed copy, for both parties of the agreement."""
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    if not agreement.signed_copy:
        raise Http404
    return FileResponse(agreement.signed_copy.open("rb"), as_attachment=True)


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


plan_list, plan_export = register_pages(
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
        "history": history(request, plan),
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
        request.POST or None, choices=choices_for(PlanForm, request.user, acting_org(request))
    )
    return form_page(
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
    return form_page(
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


activity_list, activity_export = register_pages(
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
        "history": history(request, activity),
    }
    if context["commitment_form"]:
        context["commitment_form"].fields["side"].choices = services.side_choices(activity)
    return render(request, "cooperation/activity_detail.html", context)


def _activity_form(request: HttpRequest, activity: Activity) -> HttpResponse:
    form = ActivityForm(
        request.POST or None,
        instance=activity if activity.pk else None,
        choices=choices_for(ActivityForm, request.user, acting_org(request)),
    )
    return form_page(
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
    return Commitment.objects.visible_to(request.user).for_listing()


commitment_list, commitment_export = register_pages(
    COMMITMENTS,
    _commitments,
    title=gettext_lazy("Commitments"),
    export="cooperation:commitments_export",
)


@login_required
@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.editable_by(request.user), pk=pk)
    return status_post(
        request,
        CommitmentStatusForm(request.POST),
        lambda data: services.set_commitment_status(
            commitment=commitment, user=request.user, **data
        ),
        reverse("cooperation:activity", args=[commitment.activity_id]),
    )


# --- Inter-agency coordination --------------------------------------------------------------------


def _tasks(request: HttpRequest) -> Any:
    return CoordinationTask.objects.visible_to(request.user).for_listing()


task_list, task_export = register_pages(
    COORDINATION,
    _tasks,
    title=gettext_lazy("Inter-agency tasks"),
    export="cooperation:coordination_export",
)


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(CoordinationTask.objects.editable_by(request.user), pk=pk)
    return status_post(
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
