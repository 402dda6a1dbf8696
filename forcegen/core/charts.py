"""Charts drawn as SVG on the server (no JS, nothing fetched), each in a figure with a table of the
same figures beside it: screen readers read the table, and print shows it whole.

Pure: each function takes plain values and returns markup, so charts are tested without a
database. Put the result in a template as it is (`{{ chart }}`).

- `gantt(rows, today=..., start=..., end=...)`: dated bars per row (rotations per unit).
- `sparkline(points, title=...)`: a small trend of scores from 0 to 100 (readiness).
- `bar_chart(bars, title=...)`: one horizontal bar per label.
- `line_chart(labels, series, title=...)`: one line per series over shared labels (months).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#1c2430"
GRID = "#d5dbe3"
STRIPE = "#f3f5f8"
ACCENT = "#0b5cad"
WHITE = "#ffffff"
DUE = "#8a5300"
TODAY = "#a4161a"
# Series colours, distinguishable in greyscale print and by colour-blind readers.
PALETTE = ("#0b5cad", "#c8500a", "#1b6e3a", "#6a3d9a", "#8a5300", "#4d5866")

Cell = str | int | float | datetime.date | None


def _text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def figure(
    svg: SafeString,
    *,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    css: str = "",
) -> SafeString:
    """The chart, then the table of its figures, under one caption."""
    head = format_html_join("", '<th scope="col">{}</th>', ((label,) for label in header))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((_text(c),) for c in row)),) for row in rows),
    )
    return format_html(
        '<figure class="chart {}"><div class="chart-image">{}</div>'
        '<div class="chart-data"><table class="table">'
        '<caption class="visually-hidden">{}</caption><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody></table></div><figcaption>{}</figcaption></figure>",
        css,
        svg,
        caption,
        head,
        body,
        caption,
    )


# --- Gantt ----------------------------------------------------------------------------------------

WIDTH = 960
LABELS = 190  # the row names on the left
RIGHT = 10
HEAD = 34  # the year ticks, then the "today" label, on top
ROW = 26
BAR = 16
LABEL_CHARS = 28

Scale = Callable[[datetime.date], float]  # a day to its x position


@dataclass(frozen=True)
class Bar:
    title: str  # the tooltip, and the bar's name in the table
    start: datetime.date
    end: datetime.date
    planned: bool  # not started yet: drawn hollow and dashed
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


def gantt(
    rows: Sequence[Row], *, today: datetime.date, start: datetime.date, end: datetime.date
) -> SafeString:
    """The Gantt chart beside a table: row, bar, from, to, planned or not, planning due."""
    shown = [(row, bar) for row in rows for bar in row.bars if _within(bar, start, end)]
    return figure(
        gantt_svg(rows, today=today, start=start, end=end),
        caption=_gantt_title(start, end),
        header=[_("Unit"), _("Rotation"), _("From"), _("To"), _("Status"), _("Plan next by")],
        rows=[
            (
                row.label,
                bar.title,
                bar.start,
                bar.end,
                _("planned") if bar.planned else _("under way or done"),
                bar.due_on,
            )
            for row, bar in shown
        ],
        css="chart-gantt",
    )


def _gantt_title(start: datetime.date, end: datetime.date) -> str:
    return _("Rotations from %(start)s to %(end)s") % {
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def _within(bar: Bar, start: datetime.date, end: datetime.date) -> bool:
    return bar.end >= start and bar.start <= end


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
            _gantt_title(start, end),
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
        parts += [_bar(bar, top, x) for bar in row.bars if _within(bar, start, end)]
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
    stroke = DUE if bar.due_on else ACCENT
    rect = format_html(
        '<rect class="bar {}{}" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" '
        'stroke="{}" stroke-width="{}"{}><title>{}</title></rect>',
        kind,
        due,
        left,
        y,
        round(width, 1),
        BAR,
        WHITE if bar.planned else ACCENT,
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
            ACCENT if bar.planned else WHITE,
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


# --- Sparkline ------------------------------------------------------------------------------------


def sparkline_points(scores: Sequence[float], width: int = 240, height: int = 48) -> str:
    """SVG polyline points for scores from 0 to 100, oldest first."""
    if not scores:
        return ""
    if len(scores) == 1:
        scores = [scores[0], scores[0]]
    step = width / (len(scores) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - score * height / 100, 1)}"
        for i, score in enumerate(scores)
    )


def sparkline(
    points: Sequence[tuple[Cell, float]], *, title: str, value_label: str, width: int = 240
) -> SafeString:
    """A trend of scores from 0 to 100 (a midline at 50), oldest first, beside its table."""
    height = 48
    svg = format_html(
        '<svg class="trend" width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" '
        'aria-label="{2}"><line x1="0" y1="{3}" x2="{0}" y2="{3}" stroke="{4}"></line>'
        '<polyline points="{5}" fill="none" stroke="{6}" stroke-width="2"></polyline></svg>',
        width,
        height,
        title,
        height / 2,
        GRID,
        sparkline_points([score for _day, score in points], width, height),
        ACCENT,
    )
    return figure(
        svg, caption=title, header=[_("Date"), value_label], rows=points, css="chart-trend"
    )


# --- Bars and lines -------------------------------------------------------------------------------

PLOT_WIDTH = 640
BAR_ROW = 22
BAR_LABELS = 180


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    value_label: str,
    maximum: float | None = None,
) -> SafeString:
    """One horizontal bar per label, longest at `maximum` (default: the largest value)."""
    top = max([maximum or 0, *(value for _label, value in bars)]) or 1
    plot = PLOT_WIDTH - BAR_LABELS - 60
    height = BAR_ROW * max(len(bars), 1) + 4
    parts = [
        format_html(
            '<svg class="bars" width="100%" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'font-size="12">',
            PLOT_WIDTH,
            height,
            title,
        )
    ]
    for index, (label, value) in enumerate(bars):
        y = index * BAR_ROW + 2
        length = round(max(value, 0) / top * plot, 1)
        parts.append(
            format_html(
                '<text x="4" y="{0}" fill="{1}">{2}</text>'
                '<rect class="bar" x="{3}" y="{4}" width="{5}" height="{6}" fill="{7}">'
                "<title>{2}: {8}</title></rect>"
                '<text x="{9}" y="{0}" fill="{1}">{8}</text>',
                y + BAR_ROW / 2 + 2,
                INK,
                label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
                BAR_LABELS,
                y + 3,
                length,
                BAR_ROW - 8,
                ACCENT,
                _text(value),
                BAR_LABELS + length + 4,
            )
        )
    parts.append(mark_safe("</svg>"))
    svg = format_html_join("", "{}", ((part,) for part in parts))
    return figure(svg, caption=title, header=["", value_label], rows=bars, css="chart-bars")


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
) -> SafeString:
    """One line per (name, values) over shared labels, from zero to the largest value; a value
    of None leaves a gap. The table has a row per label and a column per series."""
    height, left, bottom, top_margin, right = 230, 48, 24, 24, 30  # the legend sits on top
    plot_w, plot_h = PLOT_WIDTH - left - right, height - bottom - top_margin
    values = [v for _name, vs in series for v in vs if v is not None]
    top = max(values, default=0) or 1
    step = plot_w / max(len(labels) - 1, 1)
    base = top_margin + plot_h  # the y of zero

    def point(index: int, value: float) -> str:
        return f"{round(left + index * step, 1)},{round(base - value / top * plot_h, 1)}"

    parts = [
        format_html(
            '<svg class="lines" width="100%" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'font-size="11">'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
            '<text x="4" y="{}" fill="{}">{}</text><text x="4" y="{}" fill="{}">0</text>',
            PLOT_WIDTH,
            height,
            title,
            left,
            base,
            PLOT_WIDTH - right,
            base,
            GRID,
            top_margin + 4,
            INK,
            _text(top),
            base,
            INK,
        )
    ]
    label_every = max(1, len(labels) // 8)  # at most about eight labels under the axis
    parts += [
        format_html(
            '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
            round(left + index * step, 1),
            height - 6,
            INK,
            label,
        )
        for index, label in enumerate(labels)
        if index % label_every == 0
    ]
    for number, (name, series_values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        for run in _unbroken(series_values):
            parts.append(
                format_html(
                    '<polyline class="line" points="{}" fill="none" stroke="{}" '
                    'stroke-width="2"><title>{}</title></polyline>',
                    " ".join(point(i, v) for i, v in run),
                    colour,
                    name,
                )
            )
        parts.append(
            format_html(
                '<rect x="{}" y="2" width="10" height="10" fill="{}"></rect>'
                '<text x="{}" y="11" fill="{}">{}</text>',
                left + 8 + number * 120,
                colour,
                left + 22 + number * 120,
                INK,
                name,
            )
        )
    parts.append(mark_safe("</svg>"))
    svg = format_html_join("", "{}", ((part,) for part in parts))
    rows = [
        (label, *(vs[index] if index < len(vs) else None for _name, vs in series))
        for index, label in enumerate(labels)
    ]
    header = ["", *(name for name, _values in series)]
    return figure(svg, caption=title, header=header, rows=rows, css="chart-lines")


def _unbroken(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The runs of consecutive known values, each as (index, value) pairs."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]
