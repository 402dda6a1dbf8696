"""The rotations Gantt chart, drawn without a database: bars, planned look, due marker, today."""

import datetime
import re

from forcegen.deployments.timeline import Bar, Row, gantt_svg, window

D = datetime.date
TODAY = D(2026, 11, 22)


def first(pattern, svg):
    found = re.search(pattern, svg)
    assert found, pattern
    return found


def bars(svg, kind):
    return re.findall(rf'<rect class="bar {kind}[^"]*" x="([\d.]+)"[^>]* width="([\d.]+)"', svg)


def test_actual_and_planned_bars_today_line_and_due_marker():
    rows = [
        Row(
            "Level-2 hospital",
            [
                Bar("R1", D(2025, 1, 1), D(2025, 12, 31), planned=False, caption="1", href="/r/1/"),
                Bar(
                    "R2",
                    D(2026, 1, 1),
                    D(2026, 12, 31),
                    planned=False,
                    href="/r/2/",
                    due_on=D(2026, 7, 4),
                ),
            ],
        ),
        Row("Engineers <b>", [Bar("R1 planned", D(2027, 1, 1), D(2027, 12, 31), planned=True)]),
    ]
    start, end = window(rows, TODAY)
    assert (start, end) == (D(2025, 1, 1), D(2027, 12, 31))
    svg = str(gantt_svg(rows, today=TODAY, start=start, end=end))

    assert svg.startswith('<svg class="gantt"')
    assert svg.endswith("</svg>")
    assert len(bars(svg, "actual")) == 2
    # Planned bars are hollow and dashed; actual ones are filled.
    planned = first(r'<rect class="bar planned"[^>]*>', svg).group(0)
    assert 'stroke-dasharray="4 3"' in planned
    assert 'fill="#ffffff"' in planned
    assert "stroke-dasharray" not in first(r'<rect class="bar actual"[^>]*>', svg).group(0)
    # Three years over 760 px: each year-long bar is about a third of the plot, in order.
    (x1, w1), (x2, _w2) = bars(svg, "actual")
    assert float(x1) == 190.0
    assert 250 < float(w1) < 256
    assert float(x2) > float(x1) + float(w1) - 1
    # The due rotation is outlined and carries a diamond at the date planning was due.
    assert '<rect class="bar actual due"' in svg
    assert svg.count('class="due-marker"') == 1
    assert "Plan the next rotation by 2026-07-04" in svg
    # Today's line sits between the second bar's start and end.
    today_x = float(first(r'<line class="today" x1="([\d.]+)"', svg).group(1))
    assert float(x2) < today_x < float(x2) + float(w1)
    assert svg.count('<a href="/r/') == 2
    assert "Engineers &lt;b&gt;" in svg
    assert "<b>" not in svg
    assert ">1</text>" in svg  # the rotation number is written on a wide enough bar


def test_window_is_capped_and_bars_outside_it_are_dropped():
    old = Bar("ancient", D(1990, 1, 1), D(1990, 12, 31), planned=False)
    recent = Bar("recent", D(2024, 1, 1), D(2024, 12, 31), planned=False)
    rows = [Row("Unit", [old, recent])]
    start, end = window(rows, TODAY, years=10)
    assert (start, end) == (D(2016, 1, 1), D(2026, 12, 31))
    svg = str(gantt_svg(rows, today=TODAY, start=start, end=end))
    assert len(bars(svg, "actual")) == 1
    assert "ancient" not in svg


def test_empty_chart_still_shows_today():
    start, end = window([], TODAY)
    svg = str(gantt_svg([], today=TODAY, start=start, end=end))
    assert 'class="today"' in svg
    assert "<rect" not in svg
