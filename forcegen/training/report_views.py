"""Training needs (who lacks which course for a requirement) and the trainee report, with its
export."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from forcegen.core.registers import Listing, computed, read_filters

from . import needs, reports
from .models import Enrolment
from .needs import PersonNeeds
from .registers import NEEDS, NEEDS_BY_COURSE, REPORT, NeedsFilters, ReportFilters, report_totals
from .reports import ReportRow


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


def _report(request: HttpRequest) -> tuple[Listing[ReportFilters, list[ReportRow]], ReportRow]:
    """The report's rows (counted in SQL) and totals, over the enrolments the user may see."""
    filtering = read_filters(ReportFilters, request.GET, request.user)
    rows, totals = reports.report(
        Enrolment.objects.visible_to(request.user),
        year=filtering.values.year,
        course=filtering.values.course,
    )
    return Listing(register=REPORT, filtering=filtering, rows=rows), totals


@login_required
def training_report(request: HttpRequest) -> HttpResponse:
    found, totals = _report(request)
    context = found.context(request, export="training:report_export")
    return render(request, "training/report.html", {**context, "footer": report_totals(totals)})


@login_required
def training_report_export(request: HttpRequest, fmt: str) -> Any:
    found, _totals = _report(request)
    return found.export(fmt)
