"""Training needs (who lacks which course for a requirement) and the trainee report, with its
export."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from forcegen.core.exports import tabular_response
from forcegen.core.pagination import query_without_page
from forcegen.core.registers import Listing, computed, read_filters

from . import needs, reports
from .forms import ReportFilterForm
from .models import Enrolment
from .needs import PersonNeeds
from .registers import NEEDS, NEEDS_BY_COURSE, NeedsFilters


def _needs(request: HttpRequest) -> tuple[Listing[NeedsFilters, list[PersonNeeds]], Any]:
    """Who lacks which course, once the filters are given (the page opens on the form alone)."""
    filtering = read_filters(NeedsFilters, request.GET, request.user)
    result = computed(filtering, partial(needs.for_filters, request.user)) if request.GET else None
    rows = result.rows if result else []
    return Listing(register=NEEDS, filtering=filtering, rows=rows), result


@login_required
def training_needs(request: HttpRequest) -> HttpResponse:
    found, result = _needs(request)
    context = found.context(request, export="training:needs_export" if result else None)
    by_course = NEEDS_BY_COURSE.table(result.courses) if result else None
    return render(
        request, "training/needs.html", {**context, "result": result, "by_course": by_course}
    )


@login_required
def training_needs_export(request: HttpRequest, fmt: str) -> Any:
    """The page's list as a file, with the page's filters (a 400 names a bad one)."""
    found, result = _needs(request)
    if result is None and not found.filtering.errors:
        raise Http404  # nothing asked yet: there is no list to export
    return found.export(fmt)


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
