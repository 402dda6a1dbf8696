"""Deployments API: rotations moved through their statuses, individual tours and in-mission events
refused with every reason in the error's details, list filters, a person's history, the numbers
(stock, flow, women, UN contributions); viewers get 403 on writes, other organisations 404."""

import datetime

import pytest
from django.test import Client

from forcegen.deployments.models import (
    Deployment,
    MissionEvent,
    MissionRequirement,
    PersonnelType,
    Rotation,
)
from forcegen.deployments.numbers import CONTRIBUTION_COLUMNS
from forcegen.personnel.models import Credential

from .factories import (
    DeploymentFactory,
    MissionFactory,
    RotationFactory,
    UnitFactory,
    deployable,
    slot_for,
)

D = datetime.date
S = Deployment.Status
JSON = "application/json"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def messages(response):
    return [d["message"] for d in response.json()["details"]]


@pytest.fixture
def planner(cast, login):
    return login(cast["vn_planner"])


@pytest.fixture
def unmiss(db):
    return MissionFactory.create()


@pytest.fixture
def minusca(db):
    return MissionFactory.create(acronym="MINUSCA", name="MINUSCA")


@pytest.fixture
def hospital(orgs):
    """A Vietnamese unit whose two slots are held by a woman and a man ready to deploy."""
    unit = UnitFactory.create(organisation=orgs["vn"], name="Level-2 hospital 8")
    slot_for(unit, deployable(orgs["vn"], sex="F", full_name="Tran Thi Mai"), title="Surgeon")
    slot_for(unit, deployable(orgs["vn"], full_name="Le Van Nam"))
    return unit


def test_rotation_is_created_staffed_and_moved_through_its_statuses(planner, hospital, unmiss):
    created = post(
        planner,
        "/api/v1/rotations/",
        {
            "unit": hospital.pk,
            "mission": "unmiss",
            "planned_departure": "2027-03-01",
            "planned_return": "2028-02-29",
        },
    )
    assert created.status_code == 201, created.content
    rotation = created.json()
    assert (rotation["number"], rotation["mission"], rotation["status"]) == (
        1,
        "UNMISS",
        "planning",
    )
    assert (rotation["unit_name"], rotation["members"]) == ("Level-2 hospital 8", 0)
    url = f"/api/v1/rotations/{rotation['id']}/"

    added = post(planner, f"{url}members/from-slots/")
    assert added.status_code == 200, added.content
    assert {(m["person"]["full_name"], m["role"], m["personnel_type"]) for m in added.json()} == {
        ("Tran Thi Mai", "Surgeon", "troops"),
        ("Le Van Nam", "Nurse", "troops"),
    }
    assert post(planner, f"{url}members/from-slots/").json() == []  # no one twice
    patched = planner.patch(url, {"notes": "Relief of rotation 7"}, content_type=JSON).json()
    assert (patched["notes"], patched["members"]) == ("Relief of rotation 7", 2)
    moved = planner.patch(url, {"planned_return": "2028-03-15", "notes": None}, content_type=JSON)
    assert (moved.json()["planned_return"], moved.json()["notes"]) == (
        "2028-03-15",
        "Relief of rotation 7",
    )
    backwards = planner.patch(url, {"planned_return": "2027-01-01"}, content_type=JSON)
    assert backwards.json()["details"] == [
        {"field": "planned_return", "message": "The rotation returns before it leaves."}
    ]

    status = f"{url}status/"
    assert post(planner, status, {"to": "forming"}).json()["status"] == "forming"
    skipped = post(planner, status, {"to": "deployed", "on": "2027-03-02"})
    assert skipped.status_code == 400
    assert skipped.json()["details"] == [
        {"field": "status", "message": "A rotation that is Forming cannot become Deployed."}
    ]
    post(planner, status, {"to": "pre_deployment"})
    members = planner.get(f"{url}members/").json()
    assert members["count"] == 2
    assert {m["status"] for m in members["items"]} == {"approved"}
    undated = post(planner, status, {"to": "deployed"})
    assert undated.json()["details"] == [{"field": "on", "message": "Give the date."}]
    deployed = post(planner, status, {"to": "deployed", "on": "2027-03-02"}).json()
    assert (deployed["status"], deployed["departed_on"]) == ("deployed", "2027-03-02")
    post(planner, status, {"to": "returned", "on": "2028-03-01"})
    items = planner.get(f"{url}members/").json()["items"]
    assert {(m["status"], m["departed_on"], m["returned_on"]) for m in items} == {
        ("returned", "2027-03-02", "2028-03-01")
    }


def test_rotation_writes_refused_with_the_field(planner, hospital, unmiss, orgs):
    payload = {
        "unit": hospital.pk,
        "mission": "UNMISS",
        "planned_departure": "2027-03-01",
        "planned_return": "2028-02-29",
    }
    lao_unit = UnitFactory.create(organisation=orgs["la"])
    refusals: list[tuple[dict[str, object], str, str]] = [
        ({"unit": lao_unit.pk}, "unit", "No such unit in your organisation."),
        ({"mission": "XYZ"}, "mission", "No mission “XYZ”."),
        (
            {"planned_return": "2027-01-01"},
            "planned_return",
            "The rotation returns before it leaves.",
        ),
    ]
    for change, field, message in refusals:
        refused = post(planner, "/api/v1/rotations/", {**payload, **change})
        assert refused.status_code == 400
        assert refused.json()["details"] == [{"field": field, "message": message}]
    assert not Rotation.objects.exists()
    first = post(planner, "/api/v1/rotations/", payload).json()
    duplicate = post(planner, "/api/v1/rotations/", {**payload, "number": first["number"]})
    assert duplicate.json()["details"][0]["field"] == "number"
    relief = post(
        planner,
        "/api/v1/rotations/",
        {
            **payload,
            "planned_departure": "2028-02-20",
            "planned_return": "2029-02-20",
            "predecessor": first["id"],
        },
    ).json()
    assert (relief["number"], relief["predecessor"]) == (2, first["id"])


def test_every_refusal_of_the_slots_reaches_the_client(planner, hospital, minusca):
    rotation = RotationFactory.create(organisation=hospital.organisation, unit=hospital)
    busy = hospital.slots.get(title="Nurse").person
    DeploymentFactory.create(person=busy, mission=minusca, planned_start=D(2027, 6, 1))
    refused = post(planner, f"/api/v1/rotations/{rotation.pk}/members/from-slots/")
    assert refused.status_code == 400
    assert refused.json()["code"] == "validation_failed"
    assert messages(refused) == [
        "Le Van Nam cannot be deployed:",
        "already on a tour in MINUSCA 2027-06-01 – 2028-02-29, overlapping this one",
    ]
    assert not rotation.members.exists()


def test_individual_tour_refused_with_every_reason_then_planned_and_moved(planner, orgs, unmiss):
    MissionRequirement.objects.create(organisation=orgs["vn"], kind=Credential.Kind.PASSPORT)
    tired = deployable(
        orgs["vn"],
        full_name="Pham Van Binh",
        passport_until=D(2027, 9, 30),
        last_mission_return=D(2026, 12, 1),
    )
    payload = {
        "person": tired.pk,
        "mission": "UNMISS",
        "personnel_type": "staff_officer",
        "planned_start": "2027-03-01",
        "planned_end": "2028-02-29",
        "role": "Military liaison officer",
    }
    refused = post(planner, "/api/v1/deployments/", payload)
    assert refused.status_code == 400
    body = refused.json()
    assert body["message"] == "The request was refused."
    assert {d["field"] for d in body["details"]} == {"person"}
    assert messages(refused) == [
        "Pham Van Binh cannot be deployed:",
        "every mission requires Passport: it expires 2027-09-30, during the tour ending 2028-02-29",
        "returned from a mission on 2026-12-01: 365 rest days required, only 90 by 2027-03-01",
    ]
    troops = post(planner, "/api/v1/deployments/", {**payload, "personnel_type": "troops"})
    assert troops.json()["details"][0]["field"] == "personnel_type"
    lao = deployable(orgs["la"])
    stranger = post(planner, "/api/v1/deployments/", {**payload, "person": lao.pk})
    assert stranger.json()["details"] == [
        {"field": "person", "message": "No such person in your organisation."}
    ]
    assert not Deployment.objects.exists()

    ready = deployable(orgs["vn"], passport_until=D(2031, 1, 1))
    created = post(planner, "/api/v1/deployments/", {**payload, "person": ready.pk})
    assert created.status_code == 201, created.content
    tour = created.json()
    assert (tour["status"], tour["role"], tour["rotation"], tour["events"]) == (
        "planned",
        "Military liaison officer",
        None,
        [],
    )
    status = f"/api/v1/deployments/{tour['id']}/status/"
    assert post(planner, status, {"to": "approved"}).json()["status"] == "approved"
    post(planner, status, {"to": "deployed", "on": "2027-03-03"})
    no_reason = post(planner, status, {"to": "repatriated", "on": "2027-05-01"})
    assert no_reason.json()["details"] == [
        {"field": "reason", "message": "Say why the person is repatriated early."}
    ]
    home = post(planner, status, {"to": "repatriated", "on": "2027-05-01", "reason": "medical"})
    assert home.status_code == 200
    assert (home.json()["returned_on"], home.json()["repatriation_reason"]) == (
        "2027-05-01",
        "medical",
    )
    ready.refresh_from_db()
    assert ready.last_mission_return == D(2027, 5, 1)


def test_events_medal_needs_ninety_days(planner, cast, orgs, unmiss):
    tour = DeploymentFactory.create(
        person=deployable(orgs["vn"]), status=S.DEPLOYED, departed_on=D(2024, 1, 10)
    )
    url = f"/api/v1/deployments/{tour.pk}/events/"
    early = post(planner, url, {"kind": "medal", "occurred_on": "2024-02-01"})
    assert early.status_code == 400
    assert early.json()["details"] == [
        {
            "field": "occurred_on",
            "message": "The UN medal needs 90 days in the mission; 23 served by 2024-02-01.",
        }
    ]
    medal = post(planner, url, {"kind": "medal", "occurred_on": "2024-06-01", "description": "UN"})
    assert medal.status_code == 201
    assert (medal.json()["kind"], medal.json()["recorded_by"]) == ("medal", "vn-planner")
    assert [e["occurred_on"] for e in planner.get(url).json()] == ["2024-06-01"]
    detail = planner.get(f"/api/v1/deployments/{tour.pk}/").json()
    assert [e["kind"] for e in detail["events"]] == ["medal"]
    assert MissionEvent.objects.get().recorded_by == cast["vn_planner"]


def test_list_filters(planner, orgs, unmiss, minusca):
    woman = deployable(orgs["vn"], sex="F")
    back = DeploymentFactory.create(
        person=woman,
        status=S.RETURNED,
        departed_on=D(2024, 1, 1),
        returned_on=D(2024, 12, 1),
        planned_start=D(2024, 1, 1),
    )
    away = DeploymentFactory.create(
        mission=minusca,
        organisation=orgs["vn"],
        personnel_type=PersonnelType.EXPERT_ON_MISSION,
        status=S.DEPLOYED,
        departed_on=D(2024, 6, 1),
    )
    planned = DeploymentFactory.create(person=woman)
    DeploymentFactory.create(organisation=orgs["la"])

    def ids(query):
        response = planner.get(f"/api/v1/deployments/?{query}")
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids("") == {back.pk, away.pk, planned.pk}
    assert ids("mission=minusca") == {away.pk}
    assert ids("personnel_type=staff_officer") == {back.pk, planned.pk}
    assert ids("status=planned") == {planned.pk}
    assert ids(f"person={woman.pk}") == {back.pk, planned.pk}
    assert ids("deployed_on=2024-07-01") == {back.pk, away.pk}
    assert ids("deployed_on=2024-12-01") == {away.pk}  # the day home is not counted
    assert planner.get("/api/v1/deployments/?status=lost").status_code == 422

    unit = UnitFactory.create(organisation=orgs["vn"])
    first = RotationFactory.create(organisation=orgs["vn"], unit=unit, mission=unmiss)
    second = RotationFactory.create(
        organisation=orgs["vn"], mission=minusca, status=Rotation.Status.FORMING
    )
    RotationFactory.create(organisation=orgs["la"])
    for status in (S.PLANNED, S.CANCELLED):
        DeploymentFactory.create(
            organisation=orgs["vn"],
            rotation=first,
            personnel_type=PersonnelType.TROOPS,
            status=status,
        )

    def rotations(query):
        items = planner.get(f"/api/v1/rotations/?{query}").json()["items"]
        return {r["id"]: r["members"] for r in items}

    assert rotations("") == {first.pk: 1, second.pk: 0}  # a cancelled plan is no member
    assert rotations(f"unit={unit.pk}") == {first.pk: 1}
    assert rotations("mission=MINUSCA") == {second.pk: 0}
    assert rotations("status=forming") == {second.pk: 0}


def test_a_persons_history_latest_first(planner, cast, api, orgs, minusca):
    officer = deployable(orgs["vn"])
    old = DeploymentFactory.create(
        person=officer, planned_start=D(2022, 1, 1), planned_end=D(2022, 12, 31)
    )
    new = DeploymentFactory.create(person=officer, mission=minusca)
    DeploymentFactory.create(organisation=orgs["vn"])  # someone else's tour
    url = f"/api/v1/personnel/{officer.pk}/deployments/"
    history = planner.get(url).json()
    assert [(t["id"], t["mission"]) for t in history] == [(new.pk, "MINUSCA"), (old.pk, "UNMISS")]
    assert api(cast["la_planner"]).get(url).status_code == 404


@pytest.fixture
def tours(orgs, unmiss, minusca):
    """Hand-countable tours of Viet Nam (and one of Laos that must never be counted)."""

    def tour(sex, personnel_type, departed, returned=None, mission=unmiss, org="vn"):
        DeploymentFactory.create(
            person=deployable(orgs[org], sex=sex),
            mission=mission,
            personnel_type=personnel_type,
            status=S.RETURNED if returned else S.DEPLOYED,
            departed_on=departed,
            returned_on=returned,
        )

    tour("F", PersonnelType.TROOPS, D(2025, 1, 10))
    tour("M", PersonnelType.TROOPS, D(2025, 1, 10), returned=D(2025, 6, 30))
    tour("F", PersonnelType.STAFF_OFFICER, D(2025, 3, 1))
    tour("M", PersonnelType.EXPERT_ON_MISSION, D(2025, 7, 1), mission=minusca)
    tour("F", PersonnelType.TROOPS, D(2025, 1, 10), org="la")
    DeploymentFactory.create(organisation=orgs["vn"])  # only planned: never counted


def row(mission, personnel_type, female, male):
    return {
        "mission": mission,
        "personnel_type": personnel_type,
        "female": female,
        "male": male,
        "total": female + male,
    }


def test_stock_and_flow(planner, tours):
    stock = planner.get("/api/v1/numbers/stock/?on=2025-06-29").json()
    assert stock == {
        "on": "2025-06-29",
        "rows": [row("UNMISS", "staff_officer", 1, 0), row("UNMISS", "troops", 1, 1)],
        "totals": {"female": 2, "male": 1, "total": 3},
    }
    later = planner.get("/api/v1/numbers/stock/?on=2025-07-01").json()
    assert later["rows"] == [
        row("MINUSCA", "expert_on_mission", 0, 1),
        row("UNMISS", "staff_officer", 1, 0),
        row("UNMISS", "troops", 1, 0),
    ]
    flow = planner.get("/api/v1/numbers/flow/?since=2025-01-01&until=2025-03-31").json()
    assert flow["rows"] == [row("UNMISS", "staff_officer", 1, 0), row("UNMISS", "troops", 1, 1)]
    assert flow["totals"] == {"female": 2, "male": 1, "total": 3}
    backwards = planner.get("/api/v1/numbers/flow/?since=2025-03-01&until=2025-01-01")
    assert backwards.status_code == 400
    assert backwards.json()["details"][0]["field"] == "until"
    assert planner.get("/api/v1/numbers/flow/?since=2025-01-01").status_code == 422


def test_women_against_the_targets(planner, tours):
    data = planner.get("/api/v1/numbers/women/?on=2025-07-01").json()
    assert data["on"] == "2025-07-01"
    assert data["categories"] == [
        {
            "category": "contingent",
            "label": "Military contingents",
            "women": 1,
            "total": 1,
            "share": 100.0,
            "target_percent": 8.0,
            "target_year": 2021,
            "target_verified": True,
            "meets_target": True,
        },
        {
            "category": "military_individual",
            "label": "Military staff officers and observers",
            "women": 1,
            "total": 2,
            "share": 50.0,
            "target_percent": 18.0,
            "target_year": 2021,
            "target_verified": True,
            "meets_target": True,
        },
    ]


def test_contributions_in_the_un_columns(planner, tours):
    data = planner.get("/api/v1/contributions/?month=2025-07").json()
    assert data["month_end"] == "2025-07-31"
    assert all(list(r) == CONTRIBUTION_COLUMNS for r in data["rows"])
    assert [list(r.values()) for r in data["rows"]] == [
        ["VNM", "Viet Nam", "MINUSCA", "Experts on Mission", 0, 1, 1, "2025-07-31"],
        ["VNM", "Viet Nam", "UNMISS", "Staff Officer", 1, 0, 1, "2025-07-31"],
        ["VNM", "Viet Nam", "UNMISS", "Troops", 1, 0, 1, "2025-07-31"],
    ]
    bad = planner.get("/api/v1/contributions/?month=2025-13")
    assert bad.status_code == 422
    assert bad.json()["details"][0]["field"] == "month"


def test_other_organisations_get_404_on_every_object(cast, api, orgs, hospital, unmiss):
    rotation = RotationFactory.create(organisation=orgs["vn"], unit=hospital)
    tour = DeploymentFactory.create(
        person=deployable(orgs["vn"]), status=S.DEPLOYED, departed_on=D(2024, 1, 10)
    )
    for user in ("outsider", "la_admin"):
        client = api(cast[user])
        for method, url, data in [
            ("get", f"/api/v1/rotations/{rotation.pk}/", {}),
            ("patch", f"/api/v1/rotations/{rotation.pk}/", {"notes": "x"}),
            ("get", f"/api/v1/rotations/{rotation.pk}/members/", {}),
            ("post", f"/api/v1/rotations/{rotation.pk}/members/from-slots/", {}),
            ("post", f"/api/v1/rotations/{rotation.pk}/status/", {"to": "forming"}),
            ("get", f"/api/v1/deployments/{tour.pk}/", {}),
            (
                "post",
                f"/api/v1/deployments/{tour.pk}/status/",
                {"to": "returned", "on": "2024-05-01"},
            ),
            ("get", f"/api/v1/deployments/{tour.pk}/events/", {}),
            (
                "post",
                f"/api/v1/deployments/{tour.pk}/events/",
                {"kind": "injury", "occurred_on": "2024-02-01"},
            ),
            ("get", f"/api/v1/personnel/{tour.person_id}/deployments/", {}),
        ]:
            response = getattr(client, method)(url, data, content_type=JSON)
            assert response.status_code == 404, (user, method, url, response.content)
            assert response.json()["code"] == "not_found"
        assert client.get("/api/v1/rotations/").json() == {"items": [], "count": 0}
        assert client.get("/api/v1/deployments/").json() == {"items": [], "count": 0}
        assert client.get("/api/v1/numbers/stock/?on=2024-02-01").json()["rows"] == []
    rotation.refresh_from_db()
    tour.refresh_from_db()
    assert (rotation.status, rotation.notes, tour.status) == ("planning", "", S.DEPLOYED)
    assert not rotation.members.exists()
    assert not MissionEvent.objects.exists()


def test_viewer_reads_but_gets_403_on_writes(cast, login, orgs, hospital, unmiss):
    rotation = RotationFactory.create(organisation=orgs["vn"], unit=hospital)
    tour = DeploymentFactory.create(
        person=deployable(orgs["vn"]), status=S.DEPLOYED, departed_on=D(2024, 1, 10)
    )
    viewer = login(cast["vn_viewer"])
    assert viewer.get(f"/api/v1/rotations/{rotation.pk}/").status_code == 200
    for url, data in [
        (
            "/api/v1/rotations/",
            {
                "unit": hospital.pk,
                "mission": "UNMISS",
                "planned_departure": "2029-03-01",
                "planned_return": "2030-02-28",
            },
        ),
        (f"/api/v1/rotations/{rotation.pk}/members/from-slots/", {}),
        (f"/api/v1/rotations/{rotation.pk}/status/", {"to": "forming"}),
        (
            "/api/v1/deployments/",
            {
                "person": tour.person_id,
                "mission": "UNMISS",
                "personnel_type": "staff_officer",
                "planned_start": "2030-01-01",
                "planned_end": "2030-06-30",
            },
        ),
        (f"/api/v1/deployments/{tour.pk}/status/", {"to": "returned", "on": "2024-05-01"}),
        (f"/api/v1/deployments/{tour.pk}/events/", {"kind": "injury", "occurred_on": "2024-02-01"}),
    ]:
        response = post(viewer, url, data)
        assert response.status_code == 403, (url, response.content)
        assert response.json()["code"] == "permission_denied"
    patched = viewer.patch(f"/api/v1/rotations/{rotation.pk}/", {"notes": "x"}, content_type=JSON)
    assert patched.status_code == 403
    assert (Rotation.objects.count(), Deployment.objects.count()) == (1, 1)
    assert not MissionEvent.objects.exists()


def test_bearer_token_and_organisation_header(cast, api, make_user, orgs, unmiss):
    vn_rotation = RotationFactory.create(organisation=orgs["vn"])
    la_rotation = RotationFactory.create(organisation=orgs["la"])
    assert Client().get("/api/v1/rotations/").status_code == 401
    listed = api(cast["vn_planner"]).get("/api/v1/rotations/")
    assert [r["id"] for r in listed.json()["items"]] == [vn_rotation.pk]
    as_lao = api(cast["adviser"], organisation="la-pko").get("/api/v1/rotations/").json()
    assert [r["id"] for r in as_lao["items"]] == [la_rotation.pk]


def test_list_queries_do_not_grow_with_rows(planner, orgs, unmiss, constant_queries):
    rotation = RotationFactory.create(organisation=orgs["vn"])

    def grow():
        for number in range(2, 5):
            unit = UnitFactory.create(organisation=orgs["vn"])
            RotationFactory.create(organisation=orgs["vn"], unit=unit, number=number)
            DeploymentFactory.create(person=deployable(orgs["vn"]))
            DeploymentFactory.create(
                person=deployable(orgs["vn"]),
                rotation=rotation,
                personnel_type=PersonnelType.TROOPS,
            )

    for url in (
        "/api/v1/rotations/",
        "/api/v1/deployments/",
        f"/api/v1/rotations/{rotation.pk}/members/",
    ):
        constant_queries(planner, url, grow)


def test_history_events_missions_and_numbers_queries_do_not_grow(
    planner, orgs, unmiss, constant_queries
):
    officer = deployable(orgs["vn"])
    tour = DeploymentFactory.create(person=officer, status=S.DEPLOYED, departed_on=D(2024, 1, 10))
    years = iter(range(2000, 2020, 2))
    acronyms = iter(f"M{n}" for n in range(20))

    def grow():
        for kind in ("injury", "commendation"):
            MissionEvent.objects.create(
                organisation=orgs["vn"], deployment=tour, kind=kind, occurred_on=D(2024, 2, 1)
            )
        start = D(next(years), 1, 1)
        DeploymentFactory.create(
            person=officer,
            mission=MissionFactory.create(acronym=next(acronyms), name="Mission"),
            status=S.RETURNED,
            planned_start=start,
            planned_end=start + datetime.timedelta(days=200),
            departed_on=start,
            returned_on=start + datetime.timedelta(days=200),
        )

    for url in (
        f"/api/v1/deployments/{tour.pk}/events/",
        f"/api/v1/deployments/{tour.pk}/",
        f"/api/v1/personnel/{officer.pk}/deployments/",
        "/api/v1/missions/",
        "/api/v1/numbers/stock/?on=2024-06-01",
        "/api/v1/numbers/flow/?since=2000-01-01&until=2024-12-31",
        "/api/v1/numbers/women/?on=2024-06-01",
        "/api/v1/contributions/?month=2024-06",
    ):
        constant_queries(planner, url, grow)
    assert len(planner.get(f"/api/v1/deployments/{tour.pk}/events/").json()) == 16
    assert len(planner.get(f"/api/v1/personnel/{officer.pk}/deployments/").json()) == 9
    assert planner.get("/api/v1/missions/").json()["count"] == 9
    flow = planner.get("/api/v1/numbers/flow/?since=2000-01-01&until=2024-12-31").json()
    assert flow["totals"]["total"] == 9
