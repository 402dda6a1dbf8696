"""The monthly serviceability report: the governing inspection's findings per item line, its
export, constant queries, and nothing of other organisations."""

import csv
import datetime
import io
import re

from forcegen.core.registers import PAGE_SIZE
from forcegen.logistics import services
from forcegen.logistics.registers import SERVICEABILITY

from .conftest import inspect


def test_the_month_shows_its_governing_inspection(cast, login, rotation, bulldozers):
    grader = services.save_item(unit=rotation.unit, category="Earthmoving", item="Grader")
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5), unserviceable=bulldozers[:1])
    later = services.record_inspection(
        unit=rotation.unit,
        kind="operational_readiness",
        on=datetime.date(2018, 8, 20),
        findings=[
            services.FindingIn(bulldozers[0]),
            services.FindingIn(bulldozers[1], present=False, serviceable=False),
        ],
    )
    client = login(cast["vn_planner"])
    july = client.get("/logistics/serviceability/?month=2018-07").content.decode()
    section = july.split(f'data-testid="serviceability-{rotation.unit_id}"')[1]
    assert "Arrival inspection 2018-06-05" in section
    assert '<td>Bulldozer</td><td>3</td><td>2</td><td><span class="bad">1</span></td>' in section
    assert "Hydraulics" in section
    assert "<td>Grader</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>" in section
    august = client.get("/logistics/serviceability/?month=2018-08").content.decode()
    assert f'href="/logistics/inspections/{later.pk}/"' in august
    assert "BD-2</a>: missing" in august
    exported = client.get("/logistics/serviceability.csv?month=2018-08")
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["unit", "inspection", "inspected_on", "category", "item"]
    bulldozer_row = next(r for r in rows if r[4] == "Bulldozer")
    assert bulldozer_row[5:] == ["3", "1", "0", "1", "1"]
    assert grader.pk


def test_a_bad_month_is_explained_and_the_export_refused(cast, login, rotation, bulldozers):
    client = login(cast["vn_planner"])
    assert (
        "Enter a month as YYYY-MM."
        in client.get("/logistics/serviceability/?month=July").content.decode()
    )
    refused = client.get("/logistics/serviceability.xlsx?month=July")
    assert refused.status_code == 400


def test_outsiders_see_none_of_the_units(cast, login, rotation, bulldozers):
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    page = login(cast["outsider"]).get("/logistics/serviceability/?month=2018-07").content.decode()
    assert "Engineering company" not in page
    url = f"/logistics/serviceability/?month=2018-07&unit={rotation.unit_id}"
    assert "Select a valid choice" in login(cast["outsider"]).get(url).content.decode()


def test_the_report_keeps_a_constant_query_count(
    cast, login, rotation, bulldozer, constant_queries
):
    client = login(cast["vn_planner"])
    added = iter(range(100))

    def grow():
        number = next(added)
        item = services.save_item(
            unit=rotation.unit, coe_item=bulldozer, category="E", item=f"Dozer {number}"
        )
        inspect(rotation, [item], datetime.date(2018, 6, 5), unserviceable=[item])

    grow()
    constant_queries(client, "/logistics/serviceability/?month=2018-07", grow)


def exported_rows(client, query):
    response = client.get(f"/logistics/serviceability.csv?{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_page_and_its_export_read_one_declaration(cast, login, rotation, bulldozers):
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5), unserviceable=bulldozers[:1])
    client = login(cast["vn_planner"])
    page = client.get("/logistics/serviceability/?month=2018-07").content.decode()
    rows = exported_rows(client, "month=2018-07")
    # The file's columns are the register's exported ones, the page's headers its shown ones.
    assert list(rows[0].keys()) == SERVICEABILITY.headers()
    for column in SERVICEABILITY.columns:
        assert (f'<th scope="col">{column.label}</th>' in page) == column.page
    assert [(r["unit"], r["item"], r["held"], r["unserviceable"]) for r in rows] == [
        ("Engineering company", "Bulldozer", "3", "1")
    ]
    assert '<td>Bulldozer</td><td>3</td><td>2</td><td><span class="bad">1</span></td>' in page
    assert "serviceability.xlsx?month=2018-07" in page
    # Another organisation's unit is refused on the page and in the file alike.
    assert exported_rows(client, f"month=2018-07&unit={rotation.unit_id}")
    outsider = login(cast["outsider"])
    assert outsider.get(f"/logistics/serviceability.csv?unit={rotation.unit_id}").status_code == 400


def test_the_report_pages_across_the_boundary_with_each_units_totals(
    cast, login, rotation, bulldozer
):
    """PAGE_SIZE + 5 item lines of one unit: two pages, each line once, the unit's totals on
    both, and every line in the file."""
    items = [
        services.save_item(unit=rotation.unit, category="E", item=f"Dozer {n:03d}")
        for n in range(PAGE_SIZE + 5)
    ]
    inspect(rotation, items, datetime.date(2018, 6, 5))
    client = login(cast["vn_planner"])
    pages = [
        client.get(f"/logistics/serviceability/?month=2018-07&page={n}").content.decode()
        for n in (1, 2)
    ]
    shown = [re.findall(r"<td>(Dozer \d{3})</td>", html) for html in pages]
    assert [len(names) for names in shown] == [PAGE_SIZE, 5]
    assert not set(shown[0]) & set(shown[1])
    total = f'<td data-testid="serviceable-total">{PAGE_SIZE + 5}</td>'
    assert all(total in html for html in pages)
    assert [row["item"] for row in exported_rows(client, "month=2018-07")] == shown[0] + shown[1]


def test_the_export_keeps_a_constant_query_count(
    cast, login, rotation, bulldozer, constant_queries
):
    added = iter(range(100))

    def grow():
        item = services.save_item(unit=rotation.unit, category="E", item=f"Dozer {next(added)}")
        inspect(rotation, [item], datetime.date(2018, 6, 5))

    grow()
    constant_queries(login(cast["vn_planner"]), "/logistics/serviceability.csv?month=2018-07", grow)
