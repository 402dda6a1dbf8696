"""The logistics API: the reimbursement shape, items, inspections, load lists, MOU annexes;
outsiders get 404 everywhere; lists keep a constant number of queries."""

import datetime
from decimal import Decimal

import pytest

from forcegen.logistics import services
from forcegen.logistics.models import InventoryItem

from .conftest import inspect


@pytest.fixture
def officer(make_user):
    return make_user("vn-logistics", ("vn", "logistics_officer"))


def test_reimbursement_has_the_issue_s_shape_with_decimal_strings(cast, api, rotation, members):
    url = f"/api/v1/logistics/reimbursement/?rotation={rotation.pk}&from=2018-06-01&to=2018-07-31"
    data = api(cast["vn_planner"]).get(url).json()
    assert data == {
        "personnel": "7730.90",
        "major_equipment": "0.00",
        "self_sustainment": "0.00",
        "total": "7730.90",
        "currency": "USD",
        "months": [
            {
                "month": "2018-06",
                "person_days": 90,
                "personnel_rate": "1410.00",
                "personnel": "4230.00",
                "major_equipment": "0.00",
                "self_sustainment": "0.00",
            },
            {
                "month": "2018-07",
                "person_days": 76,
                "personnel_rate": "1428.00",
                "personnel": "3500.90",
                "major_equipment": "0.00",
                "self_sustainment": "0.00",
            },
        ],
    }
    backwards = api(cast["vn_planner"]).get(
        f"/api/v1/logistics/reimbursement/?rotation={rotation.pk}&from=2018-07-01&to=2018-06-01"
    )
    assert backwards.status_code == 400
    assert backwards.json()["details"][0]["field"] == "to"


def test_items_inspections_and_mou_through_the_api(cast, api, officer, rotation, mou, bulldozer):
    client = api(officer)
    created = client.post(
        "/api/v1/logistics/items/",
        {
            "unit": rotation.unit_id,
            "category": "Engineering",
            "item": "Bulldozer",
            "serial": "BD-9",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    item_id = created.json()["id"]
    InventoryItem.objects.filter(pk=item_id).update(coe_item=bulldozer)
    inspection = client.post(
        "/api/v1/logistics/inspections/",
        {
            "unit": rotation.unit_id,
            "rotation": rotation.pk,
            "kind": "arrival",
            "on": "2018-06-05",
            "findings": [{"item": item_id, "serviceable": False, "deficiency": "Track broken"}],
        },
        content_type="application/json",
    )
    assert inspection.status_code == 201, inspection.content
    assert inspection.json()["findings"] == [
        {"item": item_id, "present": True, "serviceable": False, "deficiency": "Track broken"}
    ]
    item = client.get(f"/api/v1/logistics/items/{item_id}/").json()
    assert (item["serviceable"], item["location"], item["coe_item"]) == (
        False,
        "in_mission",
        "bulldozer-medium",
    )
    annexes = client.get(f"/api/v1/logistics/mou/{rotation.unit_id}/?on=2018-06-01").json()
    assert annexes[0]["annex_b"] == [
        {
            "label": "Bulldozer, medium",
            "detail": "Wet lease",
            "quantity": 3,
            "rate": "1000.00",
            "amount": "3150.00",
        }
    ]
    assert annexes[0]["personnel"] == "4230.00"  # 3 × 1,410 on 1 June 2018
    assert annexes[0]["total"] == str(Decimal("4230.00") + Decimal("3150.00") + Decimal("63.00"))
    viewer = api(cast["vn_viewer"])
    refused = viewer.patch(
        f"/api/v1/logistics/items/{item_id}/", {"serial": "X"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert client.delete(f"/api/v1/logistics/items/{item_id}/").status_code == 204


def test_outsiders_get_404_on_every_logistics_endpoint(cast, api, rotation, mou, bulldozers):
    inspection = inspect(rotation, bulldozers, datetime.date(2018, 6, 5))
    load_list = services.save_load_list(rotation=rotation, name="Sea lift", mode="sea")
    item = bulldozers[0]
    for user in ("outsider", "la_planner"):
        client = api(cast[user])
        for method, url in [
            ("get", f"/api/v1/logistics/items/{item.pk}/"),
            ("patch", f"/api/v1/logistics/items/{item.pk}/"),
            ("delete", f"/api/v1/logistics/items/{item.pk}/"),
            ("get", f"/api/v1/logistics/inspections/{inspection.pk}/"),
            ("get", f"/api/v1/logistics/load-lists/{load_list.pk}/"),
            ("get", f"/api/v1/logistics/mou/{rotation.unit_id}/"),
            (
                "get",
                f"/api/v1/logistics/reimbursement/?rotation={rotation.pk}"
                "&from=2018-06-01&to=2018-06-30",
            ),
        ]:
            response = getattr(client, method)(url, {}, content_type="application/json")
            assert response.status_code == 404, (user, method, url, response.content)
        posted = client.post(
            "/api/v1/logistics/items/",
            {"unit": rotation.unit_id, "category": "x", "item": "y"},
            content_type="application/json",
        )
        assert posted.status_code == 404
        for url in ("items", "inspections", "load-lists"):
            assert client.get(f"/api/v1/logistics/{url}/").json()["count"] == 0


def test_lists_keep_a_constant_query_count(cast, api, rotation, bulldozer, constant_queries):
    client = api(cast["vn_planner"])
    added = iter(range(100))

    def grow():
        number = next(added)
        item = services.save_item(
            unit=rotation.unit, coe_item=bulldozer, category="E", item="Dozer", serial=f"D{number}"
        )
        inspect(rotation, [item], datetime.date(2018, 6, 5) + datetime.timedelta(days=number))
        load_list = services.save_load_list(rotation=rotation, name=f"Flight {number}", mode="air")
        services.add_load_entry(
            load_list=load_list, item=item, weight_kg=Decimal(1), volume_m3=Decimal(1)
        )

    grow()
    for url in ("items", "inspections", "load-lists"):
        constant_queries(client, f"/api/v1/logistics/{url}/", grow)
