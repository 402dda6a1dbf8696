"""What every cooperation page does the same way: the organisation the user acts for, a
record's history, a form saved through a service, a register's list and export, a status change
posted from a record's page, and where a saved record is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import active_organisation_id
from forcegen.core.registers import Register, register_views

from .models import Activity, Agreement, Checklist, ChecklistStep, Partner, Plan, PlanItem


def acting_org(request: HttpRequest) -> int:
    """The organisation the user acts for (a user without one is refused)."""
    org_id = active_organisation_id(request.user)
    if org_id is None:
        raise PermissionDenied
    return org_id


def history(request: HttpRequest, record: Any) -> Any:
    """The record's audit trail, for its keeper's users who may read history."""
    own = record.organisation_id == active_organisation_id(request.user)
    return history_panel(record) if own and can_see_history(request.user) else None


def form_page(
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


def register_pages(
    register: Register[Any, Any],
    rows: Callable[[HttpRequest], Any],
    *,
    title: str | Promise,
    export: str,
    new: str | None = None,
    template: str = "cooperation/list.html",
) -> tuple[Callable[..., HttpResponse], Callable[..., Any]]:
    """A register's list page (on the shared cooperation list template) and its export."""
    return register_views(
        register,
        rows,
        template=template,
        export=export,
        context=lambda request: {"title": title, "new": new},
    )


def status_post(
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
    """The page that shows a saved record (an item on its plan, a task on its checklist)."""
    names = {
        Partner: "cooperation:partner",
        Agreement: "cooperation:agreement",
        Plan: "cooperation:plan",
        Activity: "cooperation:activity",
        Checklist: "cooperation:checklist",
    }
    if isinstance(record, PlanItem):
        return reverse("cooperation:plan", args=[record.plan_id])
    if isinstance(record, ChecklistStep):
        return reverse("cooperation:checklist", args=[record.template_id])
    return reverse(names[type(record)], args=[record.pk])
