"""The calendar (a month, or an .ics file) and the annual review (PDF or XLSX)."""

from __future__ import annotations

import calendar
import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from forcegen.core.models import Organisation

from . import reports

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month(request: HttpRequest) -> datetime.date:
    """The month asked for (?month=YYYY-MM), else this one; a month that is not one is this."""
    try:
        day = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else timezone.localdate().replace(day=1)


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@login_required
def calendar_month(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    end = _month_end(month)
    found = reports.events(request.user, month, end)
    context = {
        "month": month,
        "weeks": reports.month_weeks(month, found),
        "previous": (month - datetime.timedelta(days=1)).strftime("%Y-%m"),
        "next": (end + datetime.timedelta(days=1)).strftime("%Y-%m"),
        "today": timezone.localdate(),
        "count": len(found),
    }
    return render(request, "cooperation/calendar.html", context)


@login_required
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """A year around today (or the asked month's year): subscribe once, see what is due."""
    month = _month(request)
    start = datetime.date(month.year, 1, 1)
    found = reports.events(request.user, start, datetime.date(month.year, 12, 31))
    response = HttpResponse(
        reports.ics(found, request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cooperation-{month.year}.ics"'
    return response


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    if not value:
        return timezone.localdate().year
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise Http404
    return int(value)


@login_required
def review(request: HttpRequest, fmt: str) -> HttpResponse:
    """The annual review in the reader's language (?year=2025)."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    year = _year(request)
    data = reports.review_for(request.user, organisation, year)
    name = f"cooperation-review-{organisation.code}-{year}-{get_language()}"
    if fmt == "pdf":
        response = HttpResponse(reports.review_pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        response = HttpResponse(
            reports.review_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
