"""The plan runs list, declared once for its page, the API and the export."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from forcegen.core.params import MAX_ID
from forcegen.core.registers import Column, Label, Register
from forcegen.units.models import Unit

from .models import PlanRun


def unit_options(user: Any) -> Iterable[tuple[int, str]]:
    return Unit.objects.editable_by(user).order_by("name").values_list("pk", "name")


class PlanRunFilters(Schema):
    status: Annotated[PlanRun.Status | None, Label(gettext_lazy("Status"))] = None
    unit: Annotated[int | None, Label(gettext_lazy("Unit"), unit_options)] = Field(
        None, ge=1, le=MAX_ID, description="Unit id: runs that plan one of its rotations."
    )


def _run(run: PlanRun) -> SafeString:
    """The run's number, linked to its page, and its method under it."""
    return format_html(
        '<a href="{}">{}</a><br><span class="muted">{}</span>',
        reverse("planning:detail", args=[run.pk]),
        _("Run %(number)s") % {"number": run.pk},
        run.get_method_display(),
    )


def _rotations(run: PlanRun) -> SafeString:
    """Each rotation with its mission and start (the rotations are prefetched, ordered)."""
    return format_html(
        '<ul class="changes">{}</ul>',
        format_html_join(
            "",
            '<li>{} <span class="muted">· {} {}</span></li>',
            (
                (rotation, rotation.mission.acronym, rotation.starts_on.isoformat())
                for rotation in run.rotations.all()
            ),
        ),
    )


def _status(run: PlanRun) -> SafeString:
    if run.is_running:
        return format_html(
            '{} <span class="muted">· {}%</span>', run.get_status_display(), run.progress
        )
    return format_html("{}", run.get_status_display())


def _filled(run: PlanRun) -> str:
    return f"{run.filled_count} / {run.slot_count}" if run.slot_count else "—"


def _moment(value: datetime.datetime | None) -> str | None:
    """A moment in local time to the minute, as pages show it (a spreadsheet takes no zone)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


def _at(field: str) -> Callable[[PlanRun], str | None]:
    return lambda run: _moment(getattr(run, field))


def _started_by(run: PlanRun) -> SafeString:
    return format_html(
        '{}<br><span class="muted">{}</span>',
        run.job.created_by.username if run.job.created_by else "—",
        _moment(run.created_at),
    )


PLAN_RUNS: Register[PlanRun, PlanRunFilters] = Register(
    name="plan-runs",
    filters=PlanRunFilters,
    empty=gettext_lazy("No plans yet."),
    columns=(
        Column("run", gettext_lazy("Run"), "pk", display=_run),
        Column("method", "", "method", page=False),
        Column(
            "rotations",
            gettext_lazy("Rotations"),
            lambda run: "; ".join(str(rotation) for rotation in run.rotations.all()),
            display=_rotations,
        ),
        Column("status", gettext_lazy("Status"), "status", display=_status),
        Column("progress", "", "progress", page=False),
        Column("filled", gettext_lazy("Filled"), "filled_count", display=_filled),
        Column("slots", "", "slot_count", page=False),
        Column("min_women_percent", "", "min_women_percent", page=False),
        Column(
            "started_by",
            gettext_lazy("Started by"),
            "job.created_by.username",
            display=_started_by,
        ),
        Column("created_at", "", _at("created_at"), page=False),
        Column("finished_at", "", lambda run: _moment(run.job.finished_at), page=False),
        Column("accepted_at", "", _at("accepted_at"), page=False),
    ),
)
