"""What the cooperation app reports: the calendar of activities and due dates (a month, or an
iCalendar file), and the annual review for the intergovernmental committee (PDF or XLSX, in the
reader's language)."""

from __future__ import annotations

import calendar
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]

from forcegen.core import pdf
from forcegen.core.exports import append_row
from forcegen.core.models import Organisation

from .models import DONE_OR_DROPPED, Activity, Commitment, CoordinationTask, Plan, PlanItem

# --- Calendar -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    day: datetime.date
    last_day: datetime.date
    title: str
    kind: str  # "activity", "item", "commitment", "task"
    url: str = ""


def events(user: Any, start: datetime.date, end: datetime.date) -> list[Event]:
    """Activities held in the period, and the due dates that fall in it."""
    found = [
        Event(a.starts_on, a.ends_on, a.title, "activity", f"/cooperation/activities/{a.pk}/")
        for a in Activity.objects.visible_to(user).in_period(start, end)
    ]
    found += [
        Event(i.target_on, i.target_on, i.title, "item", f"/cooperation/plans/{i.plan_id}/")
        for i in PlanItem.objects.visible_to(user).filter(target_on__range=(start, end))
    ]
    found += [
        Event(c.due_on, c.due_on, c.description, "commitment", "")
        for c in Commitment.objects.visible_to(user).filter(due_on__range=(start, end))
    ]
    found += [
        Event(t.due_on, t.due_on, f"{t.task} ({t.agency})", "task", "")
        for t in CoordinationTask.objects.visible_to(user).filter(due_on__range=(start, end))
    ]
    return sorted(found, key=lambda e: (e.day, e.kind, e.title))


def month_weeks(
    month: datetime.date, found: list[Event]
) -> list[list[tuple[datetime.date, list[Event]]]]:
    """The month's weeks (Monday first), each day with the events on it."""
    weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
    return [
        [(day, [e for e in found if e.day <= day <= e.last_day]) for day in week] for week in weeks
    ]


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(found: list[Event], host: str) -> str:
    """An iCalendar file (RFC 5545) of all-day events; lines end with CRLF."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//forcegen//cooperation//EN"]
    for index, event in enumerate(found):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.kind}-{event.day:%Y%m%d}-{index}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.last_day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(event.title)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# --- Annual review --------------------------------------------------------------------------------


@dataclass
class Review:
    organisation: Organisation
    year: int
    items: list[PlanItem] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    open_commitments: list[Commitment] = field(default_factory=list)
    trained: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def review_for(user: Any, organisation: Organisation, year: int) -> Review:
    """The year's plan items (done, late, dropped), activities held, people trained and
    commitments still open, across every plan the organisation reads."""
    end = datetime.date(year, 12, 31)
    today = min(timezone.localdate(), end)
    plans = Plan.objects.visible_to(user).filter(year=year)
    items = list(
        PlanItem.objects.filter(plan__in=plans)
        .with_trained()
        .select_related("plan__organisation", "plan__partner__counterpart")
        .order_by("plan__organisation__code", "target_on", "pk")
    )
    activities = list(
        Activity.objects.visible_to(user)
        .filter(starts_on__year=year, starts_on__lte=today)
        .select_related("partner")
        .order_by("starts_on")
    )
    commitments = list(
        Commitment.objects.visible_to(user)
        .filter(status=Commitment.Status.OPEN, activity__starts_on__year=year)
        .select_related("activity__organisation", "activity__partner__counterpart")
    )
    counts = PlanItem.objects.filter(pk__in=[i.pk for i in items]).aggregate(
        done=Count("pk", filter=Q(status="done")),
        dropped=Count("pk", filter=Q(status="dropped")),
        late=Count("pk", filter=Q(target_on__lt=today) & ~Q(status__in=DONE_OR_DROPPED)),
    )
    return Review(
        organisation=organisation,
        year=year,
        items=items,
        activities=activities,
        open_commitments=commitments,
        trained=sum(getattr(i, "trained", None) or 0 for i in items),
        counts={**counts, "items": len(items), "activities": len(activities)},
    )


def _title(review: Review) -> str:
    return _("Annual cooperation review %(year)d") % {"year": review.year}


def _summary_rows(review: Review) -> list[list[str]]:
    c = review.counts
    return [
        [_("Plan items"), str(c["items"])],
        [_("Done"), str(c["done"])],
        [_("Late"), str(c["late"])],
        [_("Dropped"), str(c["dropped"])],
        [_("Activities held"), str(c["activities"])],
        [_("People trained"), str(review.trained)],
        [_("Commitments still open"), str(len(review.open_commitments))],
    ]


def _item_rows(review: Review) -> list[list[str]]:
    return [
        [
            item.owner_code,
            str(item.get_area_display()),
            item.title,
            item.target_on.isoformat(),
            str(item.get_status_display()),
            f"{item.progress}%",
            ""
            if getattr(item, "trained", None) is None
            else f"{item.trained}/{item.target_trainees}",  # type: ignore[attr-defined]
        ]
        for item in review.items
    ]


def _item_header() -> list[str]:
    return [
        _("Owned by"),
        _("Area"),
        _("Item"),
        _("Target date"),
        _("Status"),
        _("Progress"),
        _("Trained"),
    ]


def _activity_rows(review: Review) -> list[list[str]]:
    return [
        [a.starts_on.isoformat(), str(a.get_kind_display()), a.title, a.place]
        for a in review.activities
    ]


def _activity_header() -> list[str]:
    return [_("First day"), _("Kind"), _("Title"), _("Place")]


def _commitment_rows(review: Review) -> list[list[str]]:
    return [
        [c.due_on.isoformat(), c.side_code, c.description, c.owner] for c in review.open_commitments
    ]


def _commitment_header() -> list[str]:
    return [_("Due date"), _("Promised by"), _("Commitment"), _("Owner")]


def review_pdf(review: Review) -> bytes:
    pdf.register_fonts()  # before the styles that name the fonts
    frame = pdf.page_frame(A4)
    heading = pdf.style("heading", 11, bold=True)
    story = [
        pdf.paragraph(_title(review), pdf.style("title", 14, bold=True)),
        pdf.paragraph(review.organisation.name_native, pdf.style("body", 9)),
        pdf.table([_("Figure"), _("Number")], _summary_rows(review), width=frame.width, size=9),
        pdf.paragraph(_("Plan items"), heading),
        pdf.table(
            _item_header(),
            _item_rows(review),
            width=frame.width,
            wraps=[False, True, True, False, False, False, False],
            size=8,
        ),
        pdf.paragraph(_("Activities held"), heading),
        pdf.table(
            _activity_header(),
            _activity_rows(review),
            width=frame.width,
            wraps=[False, True, True, True],
            size=8,
        ),
        pdf.paragraph(_("Commitments still open"), heading),
        pdf.table(
            _commitment_header(),
            _commitment_rows(review),
            width=frame.width,
            wraps=[False, False, True, True],
            size=8,
        ),
    ]
    title = _title(review)
    data: bytes = pdf.document(
        story, title=title, author=review.organisation.name_en, footer=title, frame=frame
    )
    return data


def review_xlsx(review: Review) -> bytes:
    workbook = Workbook(write_only=True)
    for name, header, rows in (
        (_("Summary"), [_("Figure"), _("Number")], _summary_rows(review)),
        (_("Plan items"), _item_header(), _item_rows(review)),
        (_("Activities held"), _activity_header(), _activity_rows(review)),
        (_("Commitments still open"), _commitment_header(), _commitment_rows(review)),
    ):
        sheet = workbook.create_sheet(title=name[:31])
        append_row(sheet, header)
        for row in rows:
            append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
