"""Server-side SVG charts, drawn without a database: the rotations Gantt chart (bars, planned look,
due marker, today), the trend sparkline, bar and line charts, each with a table of its figures."""

import datetime
import re

from forcegen.core.charts import (
    Bar,
    Row,
    bar_chart,
    gantt,
    gantt_svg,
    line_chart,
    sparkline,
    window,
)

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


def table_rows(html):
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_gantt_has_a_table_of_the_same_bars_beside_it():
    rows = [
        Row("Hospital", [Bar("Hospital, rotation 1", D(2025, 1, 1), D(2025, 12, 31), False)]),
        Row("Engineers", [Bar("Engineers, rotation 2", D(2027, 1, 1), D(2027, 6, 30), True)]),
    ]
    start, end = window(rows, TODAY)
    html = str(gantt(rows, today=TODAY, start=start, end=end))
    assert html.startswith('<figure class="chart chart-gantt">')
    assert '<svg class="gantt"' in html
    assert table_rows(html) == [
        ["Hospital", "Hospital, rotation 1", "2025-01-01", "2025-12-31", "under way or done", "—"],
        ["Engineers", "Engineers, rotation 2", "2027-01-01", "2027-06-30", "planned", "—"],
    ]
    assert "<figcaption>Rotations from 2025-01-01 to 2027-12-31</figcaption>" in html


def test_sparkline_plots_scores_and_lists_them():
    points = [(D(2026, 11, 1), 40), (D(2026, 11, 8), 60), (D(2026, 11, 15), 100)]
    html = str(sparkline(points, title="Readiness score over 3 snapshots", value_label="Score"))
    polyline = first(r'<polyline points="([^"]+)"', html).group(1)
    assert polyline == "0.0,28.8 120.0,19.2 240.0,0.0"  # 0 at the bottom, 100 at the top
    assert table_rows(html) == [["2026-11-01", "40"], ["2026-11-08", "60"], ["2026-11-15", "100"]]
    assert 'aria-label="Readiness score over 3 snapshots"' in html


def test_bar_chart_scales_to_the_largest_value_and_escapes_labels():
    html = str(
        bar_chart(
            [("Cooks", 10), ("Nurses <b>", 5), ("Surgeons", 0)], title="Gaps", value_label="n"
        )
    )
    widths = [float(w) for w in re.findall(r'<rect class="bar"[^>]* width="([\d.]+)"', html)]
    assert widths == [400.0, 200.0, 0.0]
    assert "<b>" not in html
    assert table_rows(html) == [["Cooks", "10"], ["Nurses &lt;b&gt;", "5"], ["Surgeons", "0"]]
    capped = str(bar_chart([("Cooks", 10)], title="Gaps", value_label="n", maximum=20))
    assert 'width="200.0"' in capped


def test_line_chart_draws_a_line_per_series_with_gaps_and_a_table_per_label():
    html = str(
        line_chart(
            ["2026-01", "2026-02", "2026-03", "2026-04"],
            [("Deployed", [100, 120, None, 90]), ("Women", [10, 12, 15, 9])],
            title="Strength",
        )
    )
    assert html.count('<polyline class="line"') == 3  # the gap splits "Deployed" in two
    assert table_rows(html) == [
        ["2026-01", "100", "10"],
        ["2026-02", "120", "12"],
        ["2026-03", "—", "15"],
        ["2026-04", "90", "9"],
    ]
    header = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert header == ["", "Deployed", "Women"]
    # The top of the plot is the largest value (120): its point sits on the top edge, under
    # the legend; zero sits on the axis.
    points = first(r'<polyline class="line" points="([^"]+)"', html).group(1).split()
    assert points[1].endswith(",24.0")
    assert first(r'<line x1="48" y1="([\d.]+)"', html).group(1) == "206"
