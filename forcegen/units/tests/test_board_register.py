"""The readiness board on the register kit: the kit pages it, its export writes the figures of
the same rows from the board's one declaration (`registers.BOARD`), in constant queries."""

import csv
import datetime
import io
import re

from forcegen.units import services
from forcegen.units.registers import BOARD
from forcegen.units.views import BOARD_PAGE_SIZE

UNIT = re.compile(r'<a href="/units/\d+/">(Unit \d\d)</a>')


def add_units(orgs, mini, count, start=0):
    for number in range(start, start + count):
        begins = datetime.date(2027, 1, 1) + datetime.timedelta(days=31 * number)
        services.create_unit(
            organisation=orgs["vn"],
            template=mini,
            name=f"Unit {number:02d}",
            starts_on=begins,
            ends_on=begins + datetime.timedelta(days=200),
        )


def exported(client, fmt="csv"):
    response = client.get(f"/units/export.{fmt}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_board_pages_across_the_boundary_and_the_export_holds_every_unit(
    cast, login, orgs, mini
):
    add_units(orgs, mini, BOARD_PAGE_SIZE + 2)
    client = login(cast["vn_planner"])
    pages = [client.get(f"/units/?page={n}").content.decode() for n in (1, 2)]
    shown = [UNIT.findall(html) for html in pages]
    assert [len(names) for names in shown] == [BOARD_PAGE_SIZE, 2]
    assert not set(shown[0]) & set(shown[1])
    assert "Page 2 of 2" in pages[1]
    # The file lists the board's units in the board's order, every page of them.
    assert [row["unit"] for row in exported(client)] == shown[0] + shown[1]


def test_the_page_and_its_export_read_one_declaration(cast, login, orgs, mini):
    add_units(orgs, mini, 2)
    client = login(cast["vn_planner"])
    page = client.get("/units/").content.decode()
    rows = exported(client)
    assert list(rows[0].keys()) == [column.key for column in BOARD.columns]
    assert [row["unit"] for row in rows] == UNIT.findall(page)
    first = rows[0]
    assert first["status"] == "Forming"
    assert int(first["slots"]) > 0
    assert first["filled"] == first["eligible"] == "0"
    scores = re.findall(r'data-testid="score">(\d+)</span>', page)
    assert scores == [row["score"] for row in rows]
    assert "/units/export.xlsx" in page
    assert client.get("/units/export.xlsx").status_code == 200


def test_the_export_keeps_a_constant_query_count(cast, login, orgs, mini, constant_queries):
    add_units(orgs, mini, 2)
    added = iter(range(2, 100))

    def grow():
        add_units(orgs, mini, 5, start=next(added) * 5)

    constant_queries(login(cast["vn_planner"]), "/units/export.csv", grow)
