"""The inventory register: the page, the export and the API read the same filters; the export's
columns are the import template's, so an exported file imports again."""

import csv
import io

from django.db import connection
from django.utils import translation

from forcegen.logistics import services
from forcegen.logistics.imports import NAMES, import_inventory
from forcegen.logistics.models import InventoryItem
from forcegen.logistics.registers import INVENTORY, InventoryFilters


def _text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _items(rotation, bulldozer):
    services.save_item(
        unit=rotation.unit, coe_item=bulldozer, category="E", item="Dozer", serial="D1"
    )
    services.save_item(
        unit=rotation.unit, category="E", item="Grader", serial="G1", serviceable=False
    )


def test_page_export_and_api_share_the_filters(cast, login, api, rotation, bulldozer):
    _items(rotation, bulldozer)
    query = f"?unit={rotation.unit_id}&serviceable=no"
    page = login(cast["vn_planner"]).get("/logistics/" + query).content.decode()
    table = page.split('data-testid="inventory"')[1]
    assert "G1" in table
    assert "D1" not in table
    exported = login(cast["vn_planner"]).get("/logistics/inventory.csv" + query)
    rows = list(csv.reader(io.StringIO(_text(exported))))
    assert rows[0] == NAMES == INVENTORY.headers()
    assert [row[2:4] for row in rows[1:]] == [["Grader", "G1"]]
    listed = api(cast["vn_planner"]).get("/api/v1/logistics/items/" + query).json()
    assert [item["serial"] for item in listed["items"]] == ["G1"]


def test_a_bad_filter_is_explained_on_the_page_and_refused_by_export_and_api(cast, login, api):
    client = login(cast["vn_planner"])
    page = client.get("/logistics/?unit=abc&location=moon").content.decode()
    assert "Enter a whole number." in page
    assert "Select one of the choices." in page
    exported = client.get("/logistics/inventory.xlsx?unit=abc")
    assert exported.status_code == 400
    assert exported.content.decode() == "unit: Enter a whole number."
    assert api(cast["vn_planner"]).get(f"/api/v1/logistics/items/?unit={2**63}").status_code == 422


def test_an_export_imports_again_into_another_unit(cast, login, orgs, rotation, bulldozer):
    _items(rotation, bulldozer)
    exported = _text(login(cast["vn_planner"]).get("/logistics/inventory.csv"))
    InventoryItem.objects.all().delete()
    assert import_inventory(organisation=orgs["vn"], data=exported.encode(), filename="i.csv") == 2
    grader = InventoryItem.objects.get(serial="G1")
    assert (grader.serviceable, InventoryItem.objects.get(serial="D1").coe_item) == (
        False,
        bulldozer,
    )


def test_the_page_names_catalogued_items_in_the_reader_s_language(cast, login, rotation, bulldozer):
    bulldozer.name_lo = "ລົດແທັກເຕີ, ຂະໜາດກາງ"
    bulldozer.save()
    _items(rotation, bulldozer)
    client = login(cast["vn_planner"])
    with translation.override("lo"):
        client.cookies["django_language"] = "lo"
        page = client.get("/logistics/", headers={"accept-language": "lo"}).content.decode()
    assert "ລົດແທັກເຕີ, ຂະໜາດກາງ" in page


def test_search_finds_part_of_an_item_or_serial_through_the_index(rotation, bulldozer):
    _items(rotation, bulldozer)
    items = InventoryItem.objects.all()
    for typed in ("rader", "g1"):
        assert [
            i.serial for i in items.filtered(InventoryFilters.model_validate({"q": typed}))
        ] == ["G1"]
    if connection.vendor == "postgresql":  # on SQLite the search scans the table
        sql, params = items.filtered(
            InventoryFilters.model_validate({"q": "rader"})
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            # A test table is tiny: leave the planner no other way than an index that can
            # answer the condition.
            for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "inventory_search_trgm" in plan
