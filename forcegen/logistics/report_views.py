"""The monthly serviceability report page and its export, both read from one register
(`registers.SERVICEABILITY`): the page draws each unit's item lines from its columns, the
export writes them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.core.registers import Listing, computed, read_filters
from forcegen.units.models import Unit

from .registers import (
    SERVICEABILITY,
    ServiceabilityFilters,
    parse_month,
    serviceability_totals,
)
from .serviceability import ServiceabilityRow, UnitReport, monthly_report, report_rows


def _month(filters: ServiceabilityFilters) -> datetime.date:
    """The month asked for, this month when none is."""
    return parse_month(filters.month) or timezone.localdate().replace(day=1)


def _reports(units: QuerySet[Unit]) -> Callable[[ServiceabilityFilters], list[UnitReport]]:
    def compute(filters: ServiceabilityFilters) -> list[UnitReport]:
        chosen = units
        if filters.unit is not None:
            chosen = units.filter(pk=filters.unit)
            if not chosen.exists():  # another organisation's unit, or none
                raise ValidationError(
                    {"unit": _("Select a valid choice. That unit is not one you may see.")}
                )
        return monthly_report(chosen, _month(filters))

    return compute


def _report(request: HttpRequest) -> Listing[ServiceabilityFilters, list[ServiceabilityRow]]:
    """The report over the units the user may see, for the month and unit asked for."""
    filtering = read_filters(ServiceabilityFilters, request.GET, request.user)
    units = Unit.objects.visible_to(request.user).order_by("name")
    reports = computed(filtering, _reports(units)) or []
    return Listing(register=SERVICEABILITY, filtering=filtering, rows=report_rows(reports))


def _sections(rows: list[ServiceabilityRow]) -> list[dict[str, Any]]:
    """The page's rows grouped by unit: a section each, its lines' table and the unit's totals."""
    sections = []
    for _unit, grouped in groupby(rows, key=lambda row: row.report.unit.pk):
        lines = list(grouped)
        report = lines[0].report
        table = SERVICEABILITY.table(lines)
        sections.append({"report": report, "table": table, "footer": serviceability_totals(report)})
    return sections


@login_required
def serviceability(request: HttpRequest) -> HttpResponse:
    found = _report(request)
    context = found.context(request, export="logistics:serviceability_export")
    month = _month(found.filters)
    sections = _sections(list(context["page"].object_list))
    return render(
        request,
        "logistics/serviceability.html",
        {**context, "month": month, "sections": sections},
    )


@login_required
def serviceability_export(request: HttpRequest, fmt: str) -> Any:
    found = _report(request)
    return found.export(fmt)
