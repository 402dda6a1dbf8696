"""The monthly serviceability report page and its export."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forcegen.core.exports import tabular_response
from forcegen.core.pagination import query_without_page
from forcegen.units.models import Unit

from .serviceability import EXPORT_HEADERS, export_rows, monthly_report


class ReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as YYYY-MM.")},
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


def _report(request: HttpRequest) -> tuple[ReportForm, datetime.date, Any]:
    """The form, the month (this month unless a valid one is asked) and the units it covers."""
    units = Unit.objects.visible_to(request.user).order_by("name")
    this_month = timezone.localdate().replace(day=1)
    form = ReportForm(request.GET or None, units=units, initial={"month": this_month})
    month, chosen = this_month, units
    if request.GET and form.is_valid():
        month = form.cleaned_data["month"]
        if form.cleaned_data["unit"] is not None:
            chosen = units.filter(pk=form.cleaned_data["unit"].pk)
    return form, month, chosen


@login_required
def serviceability(request: HttpRequest) -> HttpResponse:
    form, month, units = _report(request)
    return render(
        request,
        "logistics/serviceability.html",
        {
            "form": form,
            "month": month,
            "reports": monthly_report(units, month),
            "query": query_without_page(request),
        },
    )


@login_required
def serviceability_export(request: HttpRequest, fmt: str) -> Any:
    form, month, units = _report(request)
    if request.GET and not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(map(str, errors))}" for name, errors in form.errors.items()
        )
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    return tabular_response(
        filename=f"serviceability-{month:%Y-%m}",
        fmt=fmt,
        headers=EXPORT_HEADERS,
        rows=export_rows(monthly_report(units, month)),
    )
