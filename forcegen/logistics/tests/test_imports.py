"""Bulk inventory import: errors name row and column; all rows or none (command, page, API)."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from forcegen.core.models import Job
from forcegen.logistics.imports import import_inventory, template_workbook
from forcegen.logistics.models import InventoryItem, InventoryUpload
from forcegen.logistics.tasks import submit_inventory

HEADER = "unit,category,item,serial,coe_item,serviceable,location,weight_kg\n"


def csv_file(*rows):
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def test_good_rows_are_all_stored(orgs, rotation, bulldozer):
    data = csv_file(
        "Engineering company,Earthmoving,Bulldozer,BD-1,bulldozer-medium,yes,in_mission,18000",
        "Engineering company,Earthmoving,Bulldozer,BD-2,,no,home,",
    )
    assert import_inventory(organisation=orgs["vn"], data=data, filename="items.csv") == 2
    stored = {i.serial: i for i in InventoryItem.objects.all()}
    assert stored["BD-1"].coe_item == bulldozer
    assert (stored["BD-1"].location, str(stored["BD-1"].weight_kg)) == ("in_mission", "18000.0")
    assert stored["BD-2"].serviceable is False


def test_one_bad_row_stores_nothing_and_every_error_names_row_and_column(orgs, rotation):
    data = csv_file(
        "Engineering company,Earthmoving,Bulldozer,BD-1,,yes,home,18000",
        "Nowhere,Earthmoving,Bulldozer,BD-2,,perhaps,moon,-3",
        "Engineering company,Earthmoving,Bulldozer,BD-1,nope,yes,home,",
    )
    with pytest.raises(ValidationError) as refused:
        import_inventory(organisation=orgs["vn"], data=data, filename="items.csv")
    assert refused.value.messages == [
        "row 3, unit: no unit of this name in your organisation",
        "row 3, serviceable: expected yes or no",
        "row 3, location: expected one of home, in_transit, in_mission",
        "row 3, weight_kg: expected a number of 0 or more",
        "row 4, coe_item: no COE catalogue item with this code",
        "row 4, serial: this unit already has this item with this serial number",
    ]
    assert not InventoryItem.objects.exists()


def test_another_organisation_s_unit_is_unknown(orgs, rotation):
    data = csv_file("Engineering company,Earthmoving,Bulldozer,BD-1,,yes,home,")
    with pytest.raises(ValidationError, match="no unit of this name"):
        import_inventory(organisation=orgs["la"], data=data, filename="items.csv")


def test_the_template_round_trips_through_the_command(orgs, rotation, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = book["inventory"]
    sheet["A2"] = "Engineering company"
    sheet["F2"] = "major-engineering"  # not an item code: refused
    path = tmp_path / "items.xlsx"
    book.save(path)
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_inventory", str(path), org="vn-dpko", stderr=io.StringIO())
    sheet["F2"] = ""
    book.save(path)
    call_command("import_inventory", str(path), org="vn-dpko", stdout=io.StringIO())
    assert InventoryItem.objects.get().serial == "EC-BD-004"


def test_page_and_api_import_run_as_jobs(cast, login, api, make_user, rotation, immediate):
    officer = make_user("vn-logistics", ("vn", "logistics_officer"))
    bad = csv_file("Engineering company,Earthmoving,,BD-1,,yes,home,")
    response = login(officer).post(
        "/logistics/import/", {"file": SimpleUploadedFile("items.csv", bad)}, follow=True
    )
    failed = Job.objects.get()
    assert (failed.kind, failed.status) == ("logistics.inventory_import", "failed")
    assert failed.error == "items.csv: nothing was stored. row 2, item: required"
    assert "items.csv: nothing was stored. row 2, item: required" in response.content.decode()
    assert not InventoryUpload.objects.exists()
    good = csv_file("Engineering company,Earthmoving,Bulldozer,BD-1,,yes,home,")
    response = api(officer).post(
        "/api/v1/logistics/items/import/", {"file": SimpleUploadedFile("items.csv", good)}
    )
    assert response.status_code == 202
    done = Job.objects.get(pk=response.json()["job"])
    assert (done.status, done.result) == ("succeeded", {"imported": 1})
    assert InventoryItem.objects.get().serial == "BD-1"
    fake = SimpleUploadedFile("items.xlsx", b"unit,item\n")
    response = api(officer).post("/api/v1/logistics/items/import/", {"file": fake})
    assert response.status_code == 400
    assert response.json()["details"][0]["message"] == "items.xlsx is not really an XLSX workbook."
    assert Job.objects.count() == 2
    assert login(cast["vn_viewer"]).get("/logistics/import/").status_code == 403


def test_many_row_errors_are_listed_then_counted(orgs, cast, rotation, immediate):
    rows = [f"Nowhere,Earthmoving,Bulldozer,BD-{n},,yes,home," for n in range(105)]
    upload = SimpleUploadedFile("items.csv", csv_file(*rows))
    job = submit_inventory(organisation=orgs["vn"], user=cast["vn_admin"], upload=upload)
    job.refresh_from_db()
    assert job.error.count("no unit of this name") == 100
    assert job.error.endswith("(and 5 more)")


def test_a_file_that_is_not_what_it_says_or_holds_control_characters_is_refused(orgs, rotation):
    with pytest.raises(ValidationError, match=r"items\.xlsx is not really an XLSX workbook\."):
        import_inventory(organisation=orgs["vn"], data=b"unit,item\n", filename="items.xlsx")
    data = csv_file("Engineering company,Earth\x07moving,Bulldozer,BD-1,,yes,home,")
    with pytest.raises(ValidationError) as refused:
        import_inventory(organisation=orgs["vn"], data=data, filename="items.csv")
    assert refused.value.messages == ["row 2, category: remove the control character (code U+0007)"]
    long = csv_file("Engineering company,Earthmoving,Bulldozer," + "S" * 101 + ",,yes,home,")
    with pytest.raises(ValidationError, match="row 2, serial: at most 100 characters"):
        import_inventory(organisation=orgs["vn"], data=long, filename="items.csv")
    assert not InventoryItem.objects.exists()
