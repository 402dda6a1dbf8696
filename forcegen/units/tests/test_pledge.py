"""Acceptance 2: the pledge package opens and its totals equal the unit's positions and
equipment."""

import io

import openpyxl
import pytest

from forcegen.logistics import services as inventory
from forcegen.units import services
from forcegen.units.models import EquipmentKind, EquipmentLine, Slot

from .conftest import PERIOD
from .factories import person


@pytest.fixture
def equipped(orgs, mini, cast):
    unit = services.create_unit(
        organisation=orgs["vn"],
        template=mini,
        name="L2H rotation 8",
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )
    women = [person(orgs["vn"], "nurse", rank="trung-si", sex="F") for _ in range(2)]
    man = person(orgs["vn"], "anaesthetist", rank="thieu-ta")
    nurses = list(unit.slots.filter(title__startswith="Nurse").order_by("pk"))
    Slot.objects.filter(pk=nurses[0].pk).update(person=women[0])
    Slot.objects.filter(pk=nurses[-1].pk).update(person=women[1])
    Slot.objects.filter(pk=unit.slots.filter(title="Anaesthetist")[0].pk).update(person=man)
    ambulance = EquipmentLine.objects.get(unit=unit, item="Ambulance")
    for number in range(3):
        inventory.save_item(unit=unit, line=ambulance, serial=str(number), serviceable=number > 0)
    services.save_equipment_line(
        unit=unit,
        kind=EquipmentKind.SELF_SUSTAINMENT,
        category="Welfare",
        item="Gym set",
        quantity=2,
    )
    return unit


def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_pledge_package_totals_equal_the_unit(cast, login, equipped):
    response = login(cast["vn_viewer"]).get(f"/units/{equipped.pk}/pledge.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pledge-l2h-rotation-8.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Cover",
        "Table of organisation",
        "Major equipment",
        "Self-sustainment",
    ]

    table = sheet_rows(workbook["Table of organisation"])
    assert table[0] == [
        "Sub-unit",
        "Position",
        "Specialty",
        "Rank range (NATO)",
        "Reserved for women",
        "Required",
        "Assigned: women",
        "Assigned: men",
        "Vacant",
    ]
    assert table[1] == [
        "Surgical team",
        "Anaesthetist",
        "Anaesthetist",
        "OF-2 – OF-4",
        None,
        2,
        0,
        1,
        1,
    ]
    assert table[3] == ["Wards", "Nurse (women)", "Nurse", None, "yes", 1, 1, 0, 0]
    total = table[-1]
    assert total[0] == "TOTAL"
    assert total[4:] == [1, equipped.slots.count(), 2, 1, 2]
    assert sum(row[5] for row in table[1:-1]) == equipped.slots.count() == 5

    lines = EquipmentLine.objects.filter(unit=equipped)
    major = sheet_rows(workbook["Major equipment"])
    assert major[1] == ["Medical", "Ambulance", 4, 3, 2]
    assert major[-1] == [
        "TOTAL",
        None,
        sum(line.quantity for line in lines.filter(kind="major")),
        3,
        2,
    ]
    sustainment = sheet_rows(workbook["Self-sustainment"])
    assert [row[1] for row in sustainment[1:-1]] == ["Field kitchen set", "Gym set"]
    assert sustainment[-1] == ["TOTAL", None, 3, 0, 0]

    cover = dict(row[:2] for row in sheet_rows(workbook["Cover"]) if row[0])
    assert cover["Pledge package"] == "L2H rotation 8"
    assert cover["Organisation"].startswith("Vietnam Department of Peacekeeping Operations")
    assert cover["PCRS level"] == "Not pledged"
    assert cover["Personnel (positions)"] == 5
    assert (cover["Assigned: women"], cover["Assigned: men"], cover["Vacant"]) == (2, 1, 2)
    assert cover["Major equipment (items required)"] == 4
    assert cover["Self-sustainment (lines)"] == 2
    assert cover["Self-sustainment (items required)"] == 3
