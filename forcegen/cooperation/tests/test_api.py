"""The cooperation API: lists carry id and status, plan items their owner's code; the partner's
PATCH is scoped to its own items (403 with the reason otherwise); outsiders get 404."""

import datetime

from forcegen.cooperation.models import Activity, Commitment, PlanItem, Side


def test_lists_carry_id_and_status(joint, officers, api):
    client = api(officers["la"])
    for path, expected in (
        ("agreements/", joint["agreement"]),
        ("plans/", joint["plan"]),
        ("commitments/", joint["commitment"]),
    ):
        body = client.get(f"/api/v1/cooperation/{path}").json()
        assert [(i["id"], i["status"]) for i in body["items"]] == [
            (expected.pk, expected.status)
        ], path
    (activity,) = client.get("/api/v1/cooperation/activities/").json()["items"]
    assert (activity["id"], activity["status"]) == (joint["visit"].pk, "held")


def test_plan_items_carry_the_owner_code_and_the_trained_count(joint, officers, api):
    body = api(officers["la"]).get(f"/api/v1/cooperation/plans/{joint['plan'].pk}/items/").json()
    owners = {i["title"]: (i["owner"], i["status"], i["trained"]) for i in body["items"]}
    assert owners == {
        "Train Lao officers in Viet Nam": ("vn-dpko", "planned", 0),
        "Draft the decree": ("la-pko", "planned", None),
    }


def test_the_partner_patches_its_item_and_is_refused_the_other(joint, officers, api):
    client = api(officers["la"])
    ok = client.patch(
        f"/api/v1/cooperation/items/{joint['la_item'].pk}/",
        {"status": "in_progress", "evidence": "Draft v2"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert (ok.json()["status"], ok.json()["evidence"]) == ("in_progress", "Draft v2")
    refused = client.patch(
        f"/api/v1/cooperation/items/{joint['vn_item'].pk}/",
        {"status": "done"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert "vn-dpko" in refused.json()["message"]
    assert PlanItem.objects.get(pk=joint["vn_item"].pk).status == "planned"


def test_bad_input_is_422_naming_the_field(joint, officers, api):
    response = api(officers["la"]).patch(
        f"/api/v1/cooperation/items/{joint['la_item'].pk}/",
        {"progress": 140},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "progress"
    too_big = api(officers["la"]).get(f"/api/v1/cooperation/items/{2**63}/")
    assert too_big.status_code == 422


def test_an_outsider_gets_404(joint, officers, api):
    client = api(officers["out"])
    for path in (
        f"plans/{joint['plan'].pk}/items/",
        f"items/{joint['la_item'].pk}/",
        f"agreements/{joint['agreement'].pk}/",
        f"activities/{joint['visit'].pk}/",
    ):
        assert client.get(f"/api/v1/cooperation/{path}").status_code == 404, path
    patch = client.patch(
        f"/api/v1/cooperation/items/{joint['la_item'].pk}/",
        {"status": "done"},
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert client.get("/api/v1/cooperation/plans/").json()["items"] == []


def test_the_overdue_commitments_and_their_query_count(
    joint, officers, api, django_assert_num_queries
):
    for i in range(5):
        Commitment.objects.create(
            activity=joint["visit"],
            organisation=joint["visit"].organisation,
            side=Side.OWNER,
            description=f"C{i}",
            due_on="2099-01-01",
        )
    client = api(officers["vn"])
    client.get("/api/v1/cooperation/commitments/")  # the token's first use is recorded
    with django_assert_num_queries(4):
        body = client.get("/api/v1/cooperation/commitments/?overdue=true").json()
    assert [(c["description"], c["overdue"], c["promised_by"]) for c in body["items"]] == [
        ("Send the list of units", True, "la-pko")
    ]


def test_the_activity_names_the_items_it_advances(joint, officers, api):
    activity: Activity = joint["visit"]
    activity.advances.set([joint["vn_item"]])
    body = api(officers["la"]).get(f"/api/v1/cooperation/activities/{activity.pk}/").json()
    assert body["advances"] == [joint["vn_item"].pk]


def test_coordination_lists_the_late_tasks(orgs, officers, api, checklist):
    from forcegen.cooperation import services
    from forcegen.deployments.tests.factories import RotationFactory

    rotation = RotationFactory.create(
        organisation=orgs["vn"], planned_departure=datetime.date(2026, 1, 1)
    )
    services.instantiate_checklist(template=checklist, rotation=rotation, user=officers["vn"])
    body = api(officers["vn"]).get(f"/api/v1/cooperation/coordination/?rotation={rotation.pk}")
    tasks = body.json()["items"]
    assert {(t["task"], t["late"], t["status"]) for t in tasks} == {
        ("Decision to deploy", True, "open"),
        ("Passports", True, "open"),
        ("Insurance", True, "open"),
    }
    assert api(officers["la"]).get("/api/v1/cooperation/coordination/").json()["items"] == []
