"""The rotations timeline: a Gantt chart drawn as SVG on the server (no JS, nothing fetched).

Pure: it takes rows of dated bars and returns markup, so it is tested without a database."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 960
LABELS = 190  # the unit names on the left
RIGHT = 10
HEAD = 34  # the year ticks, then the "today" label, on top
ROW = 26
BAR = 16
LABEL_CHARS = 28

ACTUAL = "#0b5cad"
PLANNED = "#ffffff"
DUE = "#8a5300"
TODAY = "#a4161a"
GRID = "#d5dbe3"
STRIPE = "#f3f5f8"
INK = "#1c2430"

Scale = Callable[[datetime.date], float]  # a day to its x position


@dataclass(frozen=True)
class Bar:
    title: str  # the tooltip
    start: datetime.date
    end: datetime.date
    planned: bool  # not departed yet: drawn hollow and dashed
    caption: str = ""
    href: str = ""
    due_on: datetime.date | None = None  # planning of the successor is due (marked)


@dataclass(frozen=True)
class Row:
    label: str
    bars: Sequence[Bar]


def window(
    rows: Sequence[Row], today: datetime.date, years: int = 10
) -> tuple[datetime.date, datetime.date]:
    """Whole calendar years around the bars and today, starting no more than `years` back."""
    starts = [bar.start for row in rows for bar in row.bars] + [today]
    ends = [bar.end for row in rows for bar in row.bars] + [today]
    first = max(min(starts).year, today.year - years)
    return datetime.date(first, 1, 1), datetime.date(max(ends).year, 12, 31)


def gantt_svg(
    rows: Sequence[Row], *, today: datetime.date, start: datetime.date, end: datetime.date
) -> SafeString:
    """One row per unit, a bar per rotation, a line for today, a diamond where planning is due."""
    span = (end - start).days + 1
    height = HEAD + ROW * max(len(rows), 1) + 4

    def x(day: datetime.date) -> float:
        day = min(max(day, start), end + datetime.timedelta(days=1))
        return round(LABELS + (day - start).days / span * (WIDTH - LABELS - RIGHT), 1)

    parts = [
        format_html(
            '<svg class="gantt" width="100%" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="gantt-title" font-size="12">'
            '<title id="gantt-title">{}</title>',
            WIDTH,
            height,
            _("Rotations from %(start)s to %(end)s")
            % {"start": start.isoformat(), "end": end.isoformat()},
        )
    ]
    parts += [
        format_html(
            '<rect class="stripe" x="0" y="{}" width="{}" height="{}" fill="{}"></rect>',
            HEAD + index * ROW,
            WIDTH,
            ROW,
            STRIPE,
        )
        for index in range(1, len(rows), 2)
    ]
    parts += _year_ticks(start, end, height, x)
    for index, row in enumerate(rows):
        top = HEAD + index * ROW
        label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1] + "…"
        parts.append(
            format_html(
                '<text class="unit" x="4" y="{}" fill="{}"><title>{}</title>{}</text>',
                top + ROW / 2 + 4,
                INK,
                row.label,
                label,
            )
        )
        for bar in row.bars:
            if bar.end >= start and bar.start <= end:
                parts.append(_bar(bar, top, x))
    parts.append(
        format_html(
            '<line class="today" x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}" '
            'stroke-width="2"><title>{4}</title></line>'
            '<text x="{0}" y="{6}" text-anchor="middle" fill="{3}">{5}</text>',
            x(today),
            HEAD - 4,
            height,
            TODAY,
            today.isoformat(),
            _("today"),
            HEAD - 8,
        )
    )
    parts.append(mark_safe("</svg>"))
    return format_html_join("", "{}", ((part,) for part in parts))


def _year_ticks(
    start: datetime.date, end: datetime.date, height: int, x: Scale
) -> list[SafeString]:
    ticks = []
    step = max(1, (end.year - start.year + 1) // 12)  # at most a dozen labels
    for year in range(start.year, end.year + 1, step):
        left = x(datetime.date(year, 1, 1))
        ticks.append(
            format_html(
                '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}"></line>'
                '<text x="{4}" y="12" fill="{5}">{6}</text>',
                left,
                16,
                height,
                GRID,
                left + 3,
                INK,
                year,
            )
        )
    return ticks


def _bar(bar: Bar, top: int, x: Scale) -> SafeString:
    left, right = x(bar.start), x(bar.end + datetime.timedelta(days=1))
    width = max(right - left, 1.0)
    y = top + (ROW - BAR) / 2
    kind = "planned" if bar.planned else "actual"
    due = " due" if bar.due_on else ""
    stroke = DUE if bar.due_on else ACTUAL
    rect = format_html(
        '<rect class="bar {}{}" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" '
        'stroke="{}" stroke-width="{}"{}><title>{}</title></rect>',
        kind,
        due,
        left,
        y,
        round(width, 1),
        BAR,
        PLANNED if bar.planned else ACTUAL,
        stroke,
        2 if bar.due_on else 1,
        mark_safe(' stroke-dasharray="4 3"') if bar.planned else "",
        bar.title,
    )
    if bar.caption and width > 8 * len(bar.caption):
        rect += format_html(
            '<text x="{}" y="{}" fill="{}">{}</text>',
            left + 4,
            y + BAR - 4,
            ACTUAL if bar.planned else PLANNED,
            bar.caption,
        )
    if bar.due_on:
        rect += _due_marker(bar.due_on, y, x)
    if bar.href:
        return format_html('<a href="{}">{}</a>', bar.href, rect)
    return rect


def _due_marker(due_on: datetime.date, y: float, x: Scale) -> SafeString:
    cx, cy, r = x(due_on), y + BAR / 2, BAR / 2 + 1
    points = f"{cx},{cy - r} {cx + r},{cy} {cx},{cy + r} {cx - r},{cy}"
    return format_html(
        '<polygon class="due-marker" points="{}" fill="{}"><title>{}</title></polygon>',
        points,
        DUE,
        _("Plan the next rotation by %(day)s") % {"day": due_on.isoformat()},
    )
