"""Report pages: numbers (stock, flow, women vs targets), UN-format contributions, nominal rolls.

Numbers and contributions count the user's own organisation only, whatever partners share; the
nominal roll carries passports and next of kin, so it needs `personnel.view_personal_data`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from forcegen.accounts.models import who_may
from forcegen.core.exports import tabular_response
from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.permissions import require_perm

from . import numbers, rolls
from .forms import ContributionsForm, NumbersForm
from .models import Deployment, DeploymentQuerySet, PersonnelType, Rotation

PERSONAL_DATA = "personnel.view_personal_data"


def _organisation(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


def _own_deployments(request: HttpRequest) -> DeploymentQuerySet:
    """The organisation's tours only: figures never mix in a partner's rows."""
    return Deployment.objects.editable_by(request.user)


def _labelled(rows: list[numbers.Row]) -> list[tuple[numbers.Row, str]]:
    return [(row, str(PersonnelType(row.personnel_type).label)) for row in rows]


def _last_month(today: datetime.date) -> str:
    return (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


def _numbers_page(
    request: HttpRequest, month_form: ContributionsForm, status: int = 200
) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("on", timezone.localdate().isoformat())
    form = NumbersForm(data)
    context: dict[str, Any] = {"form": form, "month_form": month_form}
    if form.is_valid():
        on, since = form.cleaned_data["on"], form.cleaned_data["since"]
        tours = _own_deployments(request)
        stock = numbers.by_mission_and_type(tours.deployed_on(on))
        flow = numbers.by_mission_and_type(tours.departed_between(since, on))
        context |= {
            "on": on,
            "since": since,
            "stock": _labelled(stock),
            "stock_total": numbers.totals(stock),
            "flow": _labelled(flow),
            "flow_total": numbers.totals(flow),
            "gender_lines": numbers.women_against_targets(stock, on),
        }
    return render(request, "deployments/numbers.html", context, status=status)


@login_required
def numbers_page(request: HttpRequest) -> HttpResponse:
    _organisation(request)  # a user acting for no organisation has no figures: 404
    month_form = ContributionsForm(initial={"month": _last_month(timezone.localdate())})
    return _numbers_page(request, month_form)


@login_required
def contributions(request: HttpRequest) -> Any:
    """The month-end stock in the columns of the UN's monthly contributions by gender."""
    organisation = _organisation(request)
    form = ContributionsForm(request.GET)
    if not form.is_valid():
        return _numbers_page(request, form, status=400)
    month_end = form.cleaned_data["month"]
    rows = numbers.contribution_rows(organisation, _own_deployments(request), month_end)
    return tabular_response(
        filename=f"contributions-{organisation.code}-{month_end:%Y-%m}",
        fmt=form.cleaned_data["format"] or "csv",
        headers=numbers.CONTRIBUTION_COLUMNS,
        rows=rows,
    )


# --- Nominal rolls --------------------------------------------------------------------------------


def roll_links(user: Any, rotation: Rotation) -> list[tuple[str, str]]:
    """The roll downloads (label, address) for the rotation's page: none without personal data."""
    if not user.has_perm(PERSONAL_DATA):
        return []
    return [
        (label, reverse(f"deployments:roll-{fmt}", kwargs={"pk": rotation.pk}))
        for fmt, label in (("xlsx", "XLSX"), ("pdf", "PDF"))
    ]


def roll_hint(user: Any) -> str:
    """Who may download the roll, for a user whose role does not see personal data."""
    if user.has_perm(PERSONAL_DATA):
        return ""
    return who_may(PERSONAL_DATA, active_organisation_id(user))


def _roll_rotation(request: HttpRequest, pk: int) -> Rotation:
    rotation = get_object_or_404(
        Rotation.objects.visible_to(request.user).select_related("unit", "mission", "organisation"),
        pk=pk,
    )
    require_perm(request.user, PERSONAL_DATA)
    return rotation


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache  # personal data: no copy left in a shared cache
def roll_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = _roll_rotation(request, pk)
    content = rolls.roll_xlsx(rotation, rolls.roll_lines(rotation))
    return _download(content, rolls.XLSX, rolls.roll_filename(rotation, "xlsx"))


@login_required
@never_cache
def roll_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = _roll_rotation(request, pk)
    content = rolls.roll_pdf(rotation, rolls.roll_lines(rotation))
    return _download(content, "application/pdf", rolls.roll_filename(rotation, "pdf"))
