"""Logistics pages: a unit's inventory and inspections, the inventory list, load lists.

Rows are read through `visible_to` (pages) or `editable_by` (writes); anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.accounts.models import who_may
from forcegen.core.audit import can_see_history, history_for
from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.core.registers import register_views
from forcegen.deployments.models import Rotation
from forcegen.units.models import Unit

from . import printouts, services
from .forms import (
    InspectionForm,
    InventoryItemForm,
    LoadEntryForm,
    LoadListForm,
)
from .imports import COLUMNS, template_workbook
from .inspections import inspection_reminders
from .models import Finding, Inspection, InventoryItem, LoadList, LogisticsPolicy, Mou
from .registers import INVENTORY, LOAD_LISTS
from .tasks import submit_inventory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    title: str,
    cancel: str,
    next_url: Callable[[Any], str],
) -> HttpResponse:
    """On a valid POST call the service and go on, else show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(next_url(saved))
    return render(request, "logistics/form.html", {"form": form, "title": title, "cancel": cancel})


def guarded_form_page(
    request: HttpRequest,
    *,
    form: Any,
    perm: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    title: str,
    cancel: str,
    history: Any = None,
    delete_url: str = "",
) -> HttpResponse:
    """A form only some roles may submit: the others see the values, read-only, and who in
    their organisation may change them (a POST from them is refused with the same sentence)."""
    if not request.user.has_perm(perm):
        if request.method == "POST":
            require_perm(request.user, perm)
        for field in form.fields.values():
            field.disabled = True
        hint = who_may(perm, active_organisation_id(request.user))
    else:
        hint = ""
        if request.method == "POST" and form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect(cancel)
    return render(
        request,
        "logistics/guarded_form.html",
        {
            "form": form,
            "title": title,
            "cancel": cancel,
            "hint": hint,
            "history": history,
            "delete_url": "" if hint else delete_url,
        },
    )


def _editable_unit(request: HttpRequest, pk: int, perm: str) -> Unit:
    unit = get_object_or_404(Unit.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, perm)
    return unit


# --- A unit's logistics ---------------------------------------------------------------------------


@login_required
def unit_logistics(request: HttpRequest, pk: int) -> HttpResponse:
    """Inventory by line and state, inspections, MOUs and load lists of one unit."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    summary = (
        InventoryItem.objects.filter(unit=unit)
        .values("annex", "category", "item")
        .annotate(held=Count("pk"), serviceable=Count("pk", filter=Q(serviceable=True)))
        .order_by("annex", "category", "item")
    )
    return render(
        request,
        "logistics/unit.html",
        {
            "unit": unit,
            "summary": summary,
            "reminders": inspection_reminders(unit, timezone.localdate()),
            "inspections": Inspection.objects.filter(unit=unit).for_list(),
            "mous": Mou.objects.filter(unit=unit).select_related("mission"),
            "rotations": Rotation.objects.filter(unit=unit).select_related("mission"),
        },
    )


# --- Inventory ------------------------------------------------------------------------------------


def _scoped_inventory(request: HttpRequest) -> Any:
    return InventoryItem.objects.visible_to(request.user).for_list()


inventory, inventory_export = register_views(
    INVENTORY,
    _scoped_inventory,
    template="logistics/inventory.html",
    export="logistics:inventory_export",
)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        InventoryItem.objects.visible_to(request.user).select_related("unit", "coe_item", "line"),
        pk=pk,
    )
    findings = (
        Finding.objects.filter(item=item).select_related("inspection").order_by("-inspection__on")
    )
    history = history_for(item)[:50] if can_see_history(request.user) else None
    return render(
        request, "logistics/item.html", {"item": item, "findings": findings, "history": history}
    )


def _item_form(request: HttpRequest, unit: Unit, item: InventoryItem | None) -> HttpResponse:
    return _form_page(
        request,
        form=InventoryItemForm(request.POST or None, instance=item, unit=unit),
        save=lambda data: services.save_item(unit=unit, existing=item, **data),
        done=_("Equipment saved."),
        title=_("Edit equipment") if item else _("Add equipment"),
        cancel=reverse("logistics:unit", args=[unit.pk]),
        next_url=lambda saved: reverse("logistics:item", args=[saved.pk]),
    )


@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "logistics.add_inventoryitem")
    return _item_form(request, unit, None)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        InventoryItem.objects.editable_by(request.user).select_related("unit"), pk=pk
    )
    require_perm(request.user, "logistics.change_inventoryitem")
    return _item_form(request, item.unit, item)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(InventoryItem.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "logistics.delete_inventoryitem")
    item.delete()
    messages.success(request, _("Equipment removed."))
    return redirect("logistics:unit", pk=item.unit_id)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


@login_required
def inventory_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of items; the task worker checks every row and stores all, or none."""
    require_perm(request.user, "logistics.add_inventoryitem")
    organisation = get_object_or_404(Organisation, pk=active_organisation_id(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_inventory(
                organisation=organisation, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The file is being imported: follow it here."))
            return redirect("core:jobs")
    return render(request, "logistics/import.html", {"form": form, "columns": COLUMNS})


@login_required
def inventory_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="inventory-template.xlsx"'
    return response


# --- Inspections ----------------------------------------------------------------------------------


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("unit", "rotation"), pk=pk
    )
    findings = inspection.findings.select_related("item").order_by(
        "serviceable", "item__category", "item__item", "item__serial"
    )
    return render(
        request, "logistics/inspection.html", {"inspection": inspection, "findings": findings}
    )


FOUND = {
    "serviceable": (True, True),
    "unserviceable": (True, False),
    "missing": (False, False),
}


def _findings(form: InspectionForm, data: dict[str, Any]) -> list[services.FindingIn]:
    found = []
    for item in form.items:
        state = data.get(f"found_{item.pk}")
        if state in FOUND:
            present, serviceable = FOUND[state]
            deficiency = data.get(f"deficiency_{item.pk}", "")
            found.append(services.FindingIn(item, present, serviceable, deficiency))
    return found


@login_required
def inspection_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _editable_unit(request, pk, "logistics.add_inspection")
    items = list(unit.inventory.order_by("annex", "category", "item", "serial"))
    form = InspectionForm(
        request.POST or None,
        rotations=Rotation.objects.filter(unit=unit).order_by("-number"),
        items=items,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.record_inspection(
                unit=unit,
                kind=data["kind"],
                on=data["on"],
                rotation=data["rotation"],
                inspectors=data["inspectors"],
                notes=data["notes"],
                findings=_findings(form, data),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("logistics:inspection", pk=inspection.pk)
    return render(request, "logistics/inspection_form.html", {"form": form, "unit": unit})


# --- Load lists -----------------------------------------------------------------------------------


def _load_lists(request: HttpRequest) -> Any:
    scoped = LoadList.objects.visible_to(request.user).for_list()
    return scoped.order_by("-departs_on", "name", "pk")


load_lists, load_list_export = register_views(
    LOAD_LISTS,
    _load_lists,
    template="logistics/load_lists.html",
    export="logistics:load_list_export",
)


@login_required
def load_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    load_list = get_object_or_404(LoadList.objects.visible_to(request.user).for_list(), pk=pk)
    entries = load_list.entries.select_related("item__coe_item")
    policy = LogisticsPolicy.objects.for_organisation(load_list.organisation_id)
    return render(
        request,
        "logistics/load_list.html",
        {"load_list": load_list, "entries": entries, "policy": policy},
    )


@login_required
def load_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    load_list = get_object_or_404(LoadList.objects.visible_to(request.user).for_list(), pk=pk)
    entries = list(load_list.entries.select_related("item__coe_item"))
    response = HttpResponse(
        printouts.load_list_pdf(load_list, entries), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="load-list-{load_list.pk}.pdf"'
    return response


@login_required
def load_list_add(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(Rotation.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "logistics.add_loadlist")
    policy = LogisticsPolicy.objects.for_organisation(rotation.organisation_id)
    form = LoadListForm(
        request.POST or None, initial={"baggage_kg_per_person": policy.air_baggage_kg}
    )
    return _form_page(
        request,
        form=form,
        save=lambda data: services.save_load_list(rotation=rotation, **data),
        done=_("Load list saved."),
        title=_("New load list for %(rotation)s") % {"rotation": rotation},
        cancel=reverse("logistics:load_lists"),
        next_url=lambda saved: reverse("logistics:load_list", args=[saved.pk]),
    )


@login_required
def load_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    load_list = get_object_or_404(
        LoadList.objects.editable_by(request.user).select_related("rotation"), pk=pk
    )
    require_perm(request.user, "logistics.add_loadentry")
    items = (
        InventoryItem.objects.filter(unit_id=load_list.rotation.unit_id)
        .exclude(load_entries__load_list=load_list)
        .select_related("coe_item")
    )
    return _form_page(
        request,
        form=LoadEntryForm(
            request.POST or None, items=items.order_by("category", "item", "serial")
        ),
        save=lambda data: services.add_load_entry(load_list=load_list, **data),
        done=_("Line added."),
        title=_("Add to %(load_list)s") % {"load_list": load_list},
        cancel=reverse("logistics:load_list", args=[load_list.pk]),
        next_url=lambda _saved: reverse("logistics:load_list", args=[load_list.pk]),
    )
