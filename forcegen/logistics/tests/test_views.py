"""Logistics pages: outsiders get 404, inspections recorded from the form, the MOU's XLSX totals
equal the page, load list totals with the air baggage, payments against the estimate,
reminders on the unit page, constant queries on the lists."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from forcegen.logistics import services
from forcegen.logistics.models import Finding, Inspection, Payment

from .conftest import inspect


@pytest.fixture
def officer(make_user):
    return make_user("vn-logistics", ("vn", "logistics_officer"))


def test_outsiders_get_404_on_every_logistics_page(cast, login, rotation, mou, bulldozers):
    inspection = inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    load_list = services.save_load_list(rotation=rotation, name="Sea lift", mode="sea")
    unit, item = rotation.unit_id, bulldozers[0].pk
    urls = [
        f"/logistics/units/{unit}/",
        f"/logistics/units/{unit}/items/new/",
        f"/logistics/units/{unit}/inspections/new/",
        f"/logistics/units/{unit}/mou/new/",
        f"/logistics/items/{item}/",
        f"/logistics/items/{item}/edit/",
        f"/logistics/inspections/{inspection.pk}/",
        f"/logistics/load-lists/{load_list.pk}/",
        f"/logistics/load-lists/{load_list.pk}/lines/new/",
        f"/logistics/rotations/{rotation.pk}/load-lists/new/",
        f"/logistics/rotations/{rotation.pk}/reimbursement/",
        f"/logistics/mou/{mou.pk}/",
        f"/logistics/mou/{mou.pk}/mou.xlsx",
    ]
    for user in ("outsider", "la_planner"):
        client = login(cast[user])
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/logistics/items/{item}/delete/").status_code == 404
        assert client.post(f"/logistics/rotations/{rotation.pk}/payments/new/").status_code == 404
        assert "BD-1" not in client.get("/logistics/").content.decode()


def test_an_inspection_from_the_form_marks_the_unserviceable_item(
    login, officer, rotation, bulldozers
):
    client = login(officer)
    broken = bulldozers[1]
    data = {"kind": "arrival", "on": "2018-06-05", "rotation": rotation.pk}
    for item in bulldozers:
        data[f"found_{item.pk}"] = "unserviceable" if item == broken else "serviceable"
    data[f"deficiency_{broken.pk}"] = "Blade cracked"
    response = client.post(f"/logistics/units/{rotation.unit_id}/inspections/new/", data)
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert list(
        Finding.objects.filter(inspection=inspection, serviceable=False).values_list(
            "item__serial", "deficiency"
        )
    ) == [("BD-2", "Blade cracked")]
    broken.refresh_from_db()
    assert not broken.serviceable
    page = client.get(f"/logistics/inspections/{inspection.pk}/").content.decode()
    assert "Blade cracked" in page


def test_the_mou_workbook_totals_equal_the_page(login, officer, rotation, members, mou):
    client = login(officer)
    page = client.get(f"/logistics/mou/{mou.pk}/?on=2018-06-01").content.decode()

    def shown(testid):
        return Decimal(page.split(f'data-testid="{testid}">')[1].split("<")[0])

    assert shown("total") == Decimal("7443.00")  # 4,230 + 3,150 + 63
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/logistics/mou/{mou.pk}/mou.xlsx?on=2018-06-01").content)
    )
    assert book.sheetnames == ["MOU", "Annex A", "Annex B", "Annex C", "Mission factors"]
    for sheet, testid in (("Annex A", "total-a"), ("Annex B", "total-b"), ("Annex C", "total-c")):
        rows = list(book[sheet].iter_rows(values_only=True))
        assert Decimal(str(rows[-1][-1])) == shown(testid), sheet
    cover = dict(row[:2] for row in book["MOU"].iter_rows(values_only=True))
    assert Decimal(str(cover["Total per month (US$)"])) == shown("total")


def test_a_load_list_adds_up_per_movement_with_the_air_baggage(
    login, officer, rotation, bulldozers
):
    client = login(officer)
    response = client.post(
        f"/logistics/rotations/{rotation.pk}/load-lists/new/",
        {"name": "Flight 1", "mode": "air", "direction": "deployment", "passengers": 3,
         "baggage_kg_per_person": 45},
    )  # fmt: skip
    assert response.status_code == 302
    flight = rotation.load_lists.get()
    sea = services.save_load_list(rotation=rotation, name="Sea lift", mode="sea")
    for item in bulldozers:
        services.add_load_entry(load_list=sea, item=item)
    client.post(
        f"/logistics/load-lists/{flight.pk}/lines/new/",
        {"description": "Medical stores", "quantity": 2, "weight_kg": "120.5", "volume_m3": "1.25"},
    )
    page = client.get(f"/logistics/load-lists/{flight.pk}/").content.decode()
    assert "3 passengers × 45 kg = 135 kg" in page
    assert 'data-testid="total-weight">120.5' in page
    sea_page = client.get(f"/logistics/load-lists/{sea.pk}/").content.decode()
    assert 'data-testid="total-weight">54000.0' in sea_page  # 3 × 18,000 kg
    assert 'data-testid="total-volume">135.00' in sea_page


def test_a_payment_is_shown_against_the_estimate_with_the_explanation(
    login, officer, rotation, members, mou, bulldozers
):
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5), unserviceable=bulldozers[:1])
    client = login(officer)
    refused = client.post(
        f"/logistics/rotations/{rotation.pk}/payments/new/",
        {"period_from": "2018-06-02", "period_to": "2018-06-30", "received_on": "2018-09-01",
         "amount": "1"},
    )  # fmt: skip
    assert "A payment period starts on the first of a month." in refused.content.decode()
    client.post(
        f"/logistics/rotations/{rotation.pk}/payments/new/",
        {"period_from": "2018-06-01", "period_to": "2018-06-30", "received_on": "2018-09-01",
         "amount": "6000.00", "reference": "UN-1"},
    )  # fmt: skip
    assert Payment.objects.get().amount == Decimal("6000.00")
    page = client.get(
        f"/logistics/rotations/{rotation.pk}/reimbursement/?start=2018-06-01&end=2018-07-31"
    ).content.decode()
    # June: 4,230 personnel + 2 × 1,050 equipment + 63 catering = 6,393.00; received 6,000.
    table = page.split('data-testid="payments"')[1]
    assert "6393.00" in table
    assert "-393.00" in table
    assert "1 of 3 × Bulldozer, medium not reimbursed" in table


def test_the_unit_page_reminds_of_the_due_inspection_and_links_to_logistics(
    cast, login, rotation, bulldozers
):
    client = login(cast["vn_planner"])
    page = client.get(f"/units/{rotation.unit_id}/").content.decode()
    assert "No arrival inspection is recorded for rotation 1" in page
    assert f'href="/logistics/units/{rotation.unit_id}/"' in page
    inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    page = client.get(f"/units/{rotation.unit_id}/").content.decode()
    assert "The operational-readiness inspection was due on 2018-12-05." in page


def test_lists_keep_a_constant_query_count(cast, login, rotation, bulldozer, constant_queries):
    client = login(cast["vn_planner"])
    added = iter(range(100))

    def grow():
        number = next(added)
        item = services.save_item(
            unit=rotation.unit, coe_item=bulldozer, category="E", item="Dozer", serial=f"D{number}"
        )
        load_list = services.save_load_list(rotation=rotation, name=f"Flight {number}", mode="air")
        services.add_load_entry(
            load_list=load_list, item=item, weight_kg=Decimal(1), volume_m3=Decimal(1)
        )
        inspect(rotation, [item], datetime.date(2018, 6, 5) + datetime.timedelta(days=number))

    grow()
    for url in (
        "/logistics/",
        "/logistics/load-lists/",
        f"/logistics/units/{rotation.unit_id}/",
        f"/logistics/rotations/{rotation.pk}/reimbursement/",
    ):
        constant_queries(client, url, grow)


def test_load_list_page_export_and_api_read_one_filter_declaration(cast, login, api, rotation):
    services.save_load_list(rotation=rotation, name="Sea lift", mode="sea")
    services.save_load_list(rotation=rotation, name="Flight 1", mode="air")
    client = login(cast["vn_planner"])
    page = client.get("/logistics/load-lists/?mode=air").content.decode()
    assert "Flight 1" in page
    assert "Sea lift" not in page
    exported = b"".join(client.get("/logistics/load-lists/export.csv?mode=sea").streaming_content)
    rows = exported.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("name,rotation,mode,direction,departs_on,lines")
    assert [row.split(",")[0] for row in rows[1:]] == ["Sea lift"]
    listed = api(cast["vn_planner"]).get(
        f"/api/v1/logistics/load-lists/?rotation={rotation.pk}&mode=air"
    )
    assert [item["name"] for item in listed.json()["items"]] == ["Flight 1"]
    assert client.get("/logistics/load-lists/export.csv?mode=boat").status_code == 400
    assert (
        "Select one of the choices."
        in client.get("/logistics/load-lists/?mode=boat").content.decode()
    )
    assert api(cast["vn_planner"]).get("/api/v1/logistics/load-lists/?mode=boat").status_code == 422
