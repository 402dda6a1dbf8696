"""Pages about money: the MOU builder and its files, the reimbursement estimate and payments."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.accounts.models import who_may
from forcegen.core.audit import can_see_history, history_panel
from forcegen.core.forms import add_service_errors
from forcegen.core.models import active_organisation_id
from forcegen.core.permissions import require_perm
from forcegen.deployments.models import Rotation
from forcegen.units.models import Unit

from . import services
from .annexes import annexes
from .forms import (
    MouDraftForm,
    MouEquipmentForm,
    MouPersonnelForm,
    MouSelfSustainmentForm,
    PaymentForm,
    PeriodForm,
)
from .models import Mou, MouEquipment, MouPersonnel, MouSelfSustainment, Payment
from .mou_files import mou_workbook
from .printouts import mou_pdf
from .reimbursement import DAY, estimate
from .views import XLSX, _form_page, guarded_form_page


def _rates_day(mou: Mou, request: HttpRequest) -> datetime.date:
    """The day whose rates the annexes show: ?on=, else today within the MOU's period."""
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        day = max(timezone.localdate(), mou.in_force_from)
        return min(day, mou.in_force_to) if mou.in_force_to else day


def _mou(request: HttpRequest, pk: int) -> Mou:
    return get_object_or_404(
        Mou.objects.visible_to(request.user).select_related("unit", "mission"), pk=pk
    )


@login_required
def mou_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mou = _mou(request, pk)
    on = _rates_day(mou, request)
    perm = "logistics.change_moupersonnel"
    own = mou.organisation_id == active_organisation_id(request.user)
    may = own and request.user.has_perm(perm)
    return render(
        request,
        "logistics/mou.html",
        {
            "mou": mou,
            "annexes": annexes(mou, on),
            "can_edit": may,
            "edit_hint": who_may(perm, mou.organisation_id) if own and not may else "",
            "may_enter_rates": request.user.has_perm("logistics.add_coerate"),
        },
    )


@login_required
def mou_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The annexes as XLSX or PDF, in the reader's language."""
    mou = _mou(request, pk)
    laid_out = annexes(mou, _rates_day(mou, request))
    if fmt == "xlsx":
        response = HttpResponse(mou_workbook(laid_out), content_type=XLSX)
    elif fmt == "pdf":
        response = HttpResponse(mou_pdf(laid_out), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="mou-{mou.pk}.{fmt}"'
    return response


@login_required
def mou_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "logistics.add_mou")
    return _form_page(
        request,
        form=MouDraftForm(request.POST or None),
        save=lambda data: services.draft_mou(unit=unit, **data),
        done=_("MOU drafted from the unit: check each annex."),
        title=_("New MOU for %(unit)s") % {"unit": unit.name},
        cancel=reverse("logistics:unit", args=[unit.pk]),
        next_url=lambda saved: reverse("logistics:mou", args=[saved.pk]),
    )


# --- Reimbursement --------------------------------------------------------------------------------


def _period(
    rotation: Rotation, request: HttpRequest
) -> tuple[PeriodForm, datetime.date, datetime.date]:
    """?start=&end=, else the rotation's time in the mission up to today."""
    last = min(rotation.ends_on - DAY, max(timezone.localdate(), rotation.starts_on))
    form = PeriodForm(request.GET or None, initial={"start": rotation.starts_on, "end": last})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, rotation.starts_on, last


def payment_rows(result: Any, payments: list[Payment]) -> list[dict[str, Any]]:
    """Each payment beside the estimate of its months and the difference."""
    rows = []
    for payment in payments:
        expected = result.between(payment.period_from, payment.period_to)
        rows.append(
            {
                "payment": payment,
                "estimate": expected,
                "difference": payment.amount - expected,
                "notes": [
                    (month, note)
                    for month in result.months
                    if payment.period_from <= month.month <= payment.period_to
                    for note in month.notes
                ],
            }
        )
    return rows


@login_required
def reimbursement(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(
        Rotation.objects.visible_to(request.user).select_related("unit", "mission"), pk=pk
    )
    form, start, end = _period(rotation, request)
    result = estimate(rotation=rotation, start=start, end=end)
    payments = list(rotation.payments.order_by("period_from"))
    paid = (
        estimate(
            rotation=rotation,
            start=min(p.period_from for p in payments),
            end=max(p.period_to for p in payments),
        )
        if payments
        else result
    )
    return render(
        request,
        "logistics/reimbursement.html",
        {
            "rotation": rotation,
            "form": form,
            "estimate": result,
            "payments": payment_rows(paid, payments),
            "payment_form": PaymentForm(),
        },
    )


@login_required
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = get_object_or_404(Rotation.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, "logistics.add_payment")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.record_payment(rotation=rotation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("logistics:reimbursement", pk=rotation.pk)
    return render(
        request,
        "logistics/form.html",
        {
            "form": form,
            "title": _("Record a payment"),
            "cancel": reverse("logistics:reimbursement", args=[rotation.pk]),
        },
    )


# --- Annex lines ----------------------------------------------------------------------------------

ANNEX_LINES: dict[str, tuple[Any, Any, str]] = {
    "a": (MouPersonnel, MouPersonnelForm, "Annex A"),
    "b": (MouEquipment, MouEquipmentForm, "Annex B"),
    "c": (MouSelfSustainment, MouSelfSustainmentForm, "Annex C"),
}


def _annex(annex: str) -> tuple[Any, Any, str]:
    if annex not in ANNEX_LINES:
        raise Http404
    return ANNEX_LINES[annex]


def _annex_title(annex: str) -> str:
    return {
        "a": _("Annex A: personnel"),
        "b": _("Annex B: major equipment"),
        "c": _("Annex C: self-sustainment"),
    }[annex]


def _line_page(request: HttpRequest, mou: Mou, annex: str, line: Any) -> HttpResponse:
    model, form_class, _name = _annex(annex)
    action = "change" if line.pk else "add"
    name = model._meta.model_name
    deletable = line.pk and request.user.has_perm(f"logistics.delete_{name}")
    return guarded_form_page(
        request,
        form=form_class(request.POST or None, instance=line),
        perm=f"logistics.{action}_{name}",
        save=lambda data: services.save_mou_line(line=line, **data),
        done=_("Annex line saved."),
        title=f"{mou} · {_annex_title(annex)}",
        cancel=reverse("logistics:mou", args=[mou.pk]),
        history=history_panel(line) if line.pk and can_see_history(request.user) else None,
        delete_url=reverse("logistics:mou_line_delete", args=[mou.pk, annex, line.pk])
        if deletable
        else "",
    )


@login_required
def mou_line_add(request: HttpRequest, pk: int, annex: str) -> HttpResponse:
    mou = get_object_or_404(Mou.objects.editable_by(request.user), pk=pk)
    model, _form, _name = _annex(annex)
    return _line_page(request, mou, annex, model(mou=mou))


@login_required
def mou_line_edit(request: HttpRequest, pk: int, annex: str, line: int) -> HttpResponse:
    mou = get_object_or_404(Mou.objects.editable_by(request.user), pk=pk)
    model, _form, _name = _annex(annex)
    found = get_object_or_404(model.objects.filter(mou=mou), pk=line)
    return _line_page(request, mou, annex, found)


@login_required
@require_POST
def mou_line_delete(request: HttpRequest, pk: int, annex: str, line: int) -> HttpResponse:
    mou = get_object_or_404(Mou.objects.editable_by(request.user), pk=pk)
    model, _form, _name = _annex(annex)
    found = get_object_or_404(model.objects.filter(mou=mou), pk=line)
    require_perm(request.user, f"logistics.delete_{model._meta.model_name}")
    found.delete()
    messages.success(request, _("Annex line removed."))
    return redirect("logistics:mou", pk=mou.pk)
