"""Insights pages: UN rankings, a contributor's trends and peers, gender parity, reconciliation.

UN figures are public: every signed-in user reads them. Reconciliation compares the user's own
organisation's stock with the UN's, so it reads the organisation's own tours only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from forcegen.core import charts
from forcegen.core.models import Organisation
from forcegen.core.permissions import require_perm
from forcegen.core.registers import Listing, computed, export_response, listing, read_filters
from forcegen.deployments.models import Deployment, PersonnelType

from . import reports
from .forms import ParityForm, RankingForm, UploadForm, parse_month
from .models import PublishedRank, UNContribution, UNDataFile
from .national_report import national_report
from .registers import FILES, RANKING, TREND, RankingFilters, TrendFilters, TrendRow
from .tasks import submit_un_file


def _organisation(request: HttpRequest) -> Organisation | None:
    return Organisation.objects.editable_by(request.user).first()


def _months() -> list[datetime.date]:
    published = PublishedRank.objects.values_list("month", flat=True).distinct()
    return sorted(set(UNContribution.objects.months()) | set(published), reverse=True)


RANKING_PER_PAGE = 500  # the whole ranking on one page: the UN has some 120 contributors


def _ranked(filters: RankingFilters) -> reports.Ranking | None:
    month = filters.month_end() or reports.latest_month()
    return reports.ranking(month) if month else None


def _ranking(
    request: HttpRequest,
) -> tuple[Listing[RankingFilters, list[reports.RankLine]], reports.Ranking | None]:
    """The ranking of the month asked for, or of the latest month with UN figures."""
    filtering = read_filters(RankingFilters, request.GET, request.user)
    result = computed(filtering, _ranked)
    rows = result.lines if result else []
    return Listing(register=RANKING, filtering=filtering, rows=rows), result


@login_required
def ranking(request: HttpRequest) -> Any:
    if request.GET.get("format"):  # the address of the export before it had its own
        return ranking_export(request, request.GET["format"])
    found, result = _ranking(request)
    organisation = _organisation(request)
    context = found.context(
        request, export="insights:ranking_export" if result else None, per_page=RANKING_PER_PAGE
    )
    context |= {
        "result": result,
        "months": _months(),
        "own_country": organisation.country if organisation else "",
    }
    status = 400 if found.filtering.errors else 200
    return render(request, "insights/ranking.html", context, status=status)


@login_required
def ranking_export(request: HttpRequest, fmt: str) -> Any:
    return _ranking(request)[0].export(fmt)


def _default_country(request: HttpRequest) -> str:
    organisation = _organisation(request)
    return organisation.country if organisation else ""


@dataclass(frozen=True)
class Trend:
    """A contributor's figures over a period, and its peers' over the same period."""

    iso3: str
    start: datetime.date
    end: datetime.date
    peers: list[str]
    rows: list[TrendRow]


def _trend(request: HttpRequest, filters: TrendFilters) -> Trend | None:
    # Trends need monthly figures: a published ranking alone has no missions or types.
    latest = UNContribution.objects.order_by("-month").values_list("month", flat=True).first()
    if not latest:
        return None
    end = parse_month(filters.end) if filters.end else latest
    start = (
        parse_month(filters.start) if filters.start else datetime.date(end.year - 5, end.month, 1)
    )
    if start > end:
        raise ValidationError({"end": _("The end comes before the start.")})
    iso3 = filters.country or _default_country(request)
    rows = [TrendRow(iso3=iso3, **row) for row in reports.trend(iso3, start, end)]
    return Trend(iso3, start, end, filters.peer_codes() or list(reports.ASEAN), rows)


def _trends(request: HttpRequest) -> tuple[Listing[TrendFilters, list[TrendRow]], Trend | None]:
    filtering = read_filters(TrendFilters, request.GET, request.user)
    trend = computed(filtering, partial(_trend, request))
    return Listing(register=TREND, filtering=filtering, rows=trend.rows if trend else []), trend


@login_required
def country(request: HttpRequest) -> Any:
    if request.GET.get("format"):  # the address of the export before it had its own
        return country_export(request, request.GET["format"])
    found, trend = _trends(request)
    context = found.context(request, export="insights:country_export" if trend else None)
    if trend:
        context |= {
            "trend": trend,
            "trend_chart": _trend_chart(trend.iso3, trend.rows),
            "latest_breakdown": _breakdown(
                trend.iso3, trend.rows[-1].month if trend.rows else trend.end
            ),
            "peers_chart": _peers_chart(
                trend.peers, reports.peers_trend(trend.peers, trend.start, trend.end)
            ),
        }
    status = 400 if found.filtering.errors else 200
    return render(request, "insights/country.html", context, status=status)


@login_required
def country_export(request: HttpRequest, fmt: str) -> Any:
    return _trends(request)[0].export(fmt)


def _trend_chart(iso3: str, trend: list[TrendRow]) -> SafeString:
    return charts.line_chart(
        [f"{row.month:%Y-%m}" for row in trend],
        [
            (_("Women"), [row.female for row in trend]),
            (_("Men"), [row.male for row in trend]),
            (_("Total"), [row.total for row in trend]),
        ],
        title=_("Uniformed personnel of %(iso3)s at each month's end") % {"iso3": iso3},
    )


def _peers_chart(
    peers: list[str], rows: list[tuple[datetime.date, list[int | None]]]
) -> SafeString | None:
    if not rows:
        return None
    return charts.line_chart(
        [f"{month:%Y-%m}" for month, _totals in rows],
        [(code, [totals[i] for _month, totals in rows]) for i, code in enumerate(peers)],
        title=_("Total uniformed personnel per contributor"),
    )


@login_required
def national_report_pdf(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures for a month, as a PDF to print or send to the ministry."""
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    form = RankingForm(request.GET or None)
    month = (form.cleaned_data["month"] if form.is_valid() else None) or _previous_month()
    response = HttpResponse(
        national_report(request.user, organisation, month), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="national-report-{organisation.code}-{month:%Y-%m}.pdf"'
    )
    return response


def _breakdown(iso3: str, month: datetime.date) -> dict[str, Any]:
    rows = reports.by_mission_and_type(iso3, month)
    return {
        "month": month,
        "rows": [{**row, "type_label": PersonnelType(row["personnel_type"]).label} for row in rows],
    }


@login_required
def parity(request: HttpRequest) -> HttpResponse:
    form = ParityForm(request.GET or None)
    organisation = _organisation(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        iso3 = data.get("country") or _default_country(request)
        month = data.get("month") or reports.latest_month()
        own = organisation is not None and organisation.country == iso3
        if month:
            context |= {
                "iso3": iso3,
                "month": month,
                "lines": reports.parity(
                    iso3, month, organisation.pk if own and organisation else None
                ),
            }
    return render(request, "insights/parity.html", context, status=400 if form.errors else 200)


@login_required
def reconcile(request: HttpRequest) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    form = RankingForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "organisation": organisation}
    if not form.is_bound or form.is_valid():
        month = (form.cleaned_data.get("month") if form.is_bound else None) or _previous_month()
        tours = Deployment.objects.editable_by(request.user)
        lines = reports.reconcile(organisation.country, tours, month)
        mission, kind = request.GET.get("mission", ""), request.GET.get("type", "")
        context |= {
            "month": month,
            "lines": lines,
            "differences": sum(not line.matches for line in lines),
            "un_has_month": UNContribution.objects.filter(
                iso3=organisation.country, month=month
            ).exists(),
            "chosen": (mission, kind),
            "people": reports.people_behind(tours, month, mission, kind) if mission else None,
        }
    return render(request, "insights/reconcile.html", context, status=400 if form.errors else 200)


def _previous_month() -> datetime.date:
    return datetime.date.today().replace(day=1) - datetime.timedelta(days=1)


UPLOAD_PERMISSION = "insights.add_undatafile"
FILES_PER_PAGE = 25


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """The imported UN files; an administrator uploads a new one, imported by the task worker
    (followed on "My jobs")."""
    may_upload = request.user.has_perm(UPLOAD_PERMISSION)
    form = UploadForm(request.POST or None, request.FILES or None) if may_upload else None
    if request.method == "POST":
        require_perm(request.user, UPLOAD_PERMISSION)
        organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
        if form is not None and form.is_valid():
            submit_un_file(
                organisation=organisation, user=request.user, upload=form.cleaned_data["file"]
            )
            messages.success(request, _("The file is being imported: follow it here."))
            return redirect("core:jobs")
    found = listing(request, FILES, _files(request))
    context = found.context(request, export="insights:imports_export", per_page=FILES_PER_PAGE)
    status = 400 if form is not None and form.errors else 200
    return render(request, "insights/imports.html", {**context, "upload_form": form}, status=status)


def _files(request: HttpRequest) -> Any:
    return UNDataFile.objects.select_related("imported_by")


@login_required
def imports_export(request: HttpRequest, fmt: str) -> Any:
    return export_response(request, FILES, _files(request), fmt)
