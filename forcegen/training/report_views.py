"""Training needs (who lacks which course for a requirement) and the trainee report, with its
export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from forcegen.core.exports import tabular_response
from forcegen.core.forms import add_service_errors
from forcegen.core.pagination import query_without_page
from forcegen.core.registers import PAGE_SIZE
from forcegen.personnel.models import Requirement

from . import needs, reports
from .forms import NeedsForm, ReportFilterForm
from .models import Course, Enrolment


@login_required
def training_needs(request: HttpRequest) -> HttpResponse:
    form = NeedsForm(
        request.GET or None,
        requirements=Requirement.objects.visible_to(request.user),
        courses=Course.objects.visible_to(request.user).order_by("code"),
    )
    result = page = None
    if form.is_valid():
        data = form.cleaned_data
        people = needs.select_people(
            request.user,
            specialty=data["specialty"],
            unit=data["unit"],
            requirement=data["requirement"],
            service_numbers=data["service_numbers"],
        )
        try:
            result = needs.training_needs(
                user=request.user,
                people=people,
                deadline=data["deadline"],
                courses=needs.chosen_courses(data["courses"], data["requirement"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/needs.html",
        {"form": form, "result": result, "page": page, "query": query_without_page(request)},
    )


def _report(request: HttpRequest) -> tuple[ReportFilterForm, list[reports.ReportRow], Any]:
    form = ReportFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    rows, totals = reports.report(
        Enrolment.objects.visible_to(request.user),
        year=criteria.get("year"),
        course=criteria.get("course") or "",
    )
    return form, rows, totals


@login_required
def training_report(request: HttpRequest) -> HttpResponse:
    form, rows, totals = _report(request)
    return render(
        request,
        "training/report.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "labels": reports.LABELS,
            "query": query_without_page(request),
        },
    )


@login_required
def training_report_export(request: HttpRequest, fmt: str) -> Any:
    _form, rows, _totals = _report(request)
    stamp = timezone.localdate().isoformat()
    return tabular_response(
        filename=f"training-report-{stamp}",
        fmt=fmt,
        headers=reports.HEADERS,
        rows=(row.cells() for row in rows),
    )
