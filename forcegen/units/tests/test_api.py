"""Units API: create from a shared template, assign (refused with reasons, overridden), readiness,
board, equipment, PCRS, visits, pledge download; outsiders get 404."""

import datetime
import io
import json

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from forcegen.logistics import services as inventory
from forcegen.personnel.tests.factories import pdf_bytes
from forcegen.units import services
from forcegen.units.models import Slot, Unit, Visit

from .conftest import PERIOD
from .factories import certify, person

PDF = pdf_bytes()


@pytest.fixture
def lao_unit(cast, api, mini, template_grant):
    response = api(cast["la_planner"]).post(
        "/api/v1/units/",
        {
            "template": mini.pk,
            "name": "Lao Medical Team",
            "starts_on": "2027-03-01",
            "ends_on": "2028-02-29",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Unit.objects.get(pk=response.json()["id"])


def test_create_from_a_shared_template_and_read_it_back(cast, api, lao_unit, orgs):
    data = api(cast["la_planner"]).get(f"/api/v1/units/{lao_unit.pk}/").json()
    assert data["name"] == "Lao Medical Team"
    assert len(data["slots"]) == 5
    assert [line["item"] for line in data["equipment_lines"]] == ["Ambulance", "Field kitchen set"]
    assert {s["title"] for s in data["slots"]} == {"Anaesthetist", "Nurse", "Nurse (women)"}
    units = api(cast["la_planner"]).get("/api/v1/units/").json()
    assert [u["name"] for u in units] == ["Lao Medical Team"]
    assert api(cast["vn_planner"]).get("/api/v1/units/").json() == []


def test_assign_refused_with_reasons_then_override_is_recorded(cast, api, lao_unit, orgs, cptm):
    nurse = person(orgs["la"], "nurse", rank="sip-ek", passport=False)
    slot = lao_unit.slots.filter(title="Nurse").first()
    client = api(cast["la_planner"])
    url = f"/api/v1/units/slots/{slot.pk}/assign/"
    refused = client.post(url, {"person": nurse.pk}, content_type="application/json")
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "validation_failed"
    assert [d["message"] for d in body["details"]][1:] == [
        "no Passport on record",
        "never passed CPTM",
    ]
    assert {d["field"] for d in body["details"]} == {"person"}

    done = client.post(
        url,
        {"service_number": nurse.service_number, "justification": "Passport renewal under way"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["overridden"] is True
    assert done.json()["overridden_by"] == "la-planner"
    entry = LogEntry.objects.get_for_object(Slot.objects.get(pk=slot.pk)).latest("timestamp")
    assert entry.actor == cast["la_planner"]
    assert entry.changes_dict["override_justification"][1] == "Passport renewal under way"

    cleared = client.post(f"/api/v1/units/slots/{slot.pk}/unassign/")
    assert cleared.json()["person"] is None
    assert cleared.json()["overridden"] is False


def test_readiness_and_board(cast, api, lao_unit, orgs, cptm):
    anaesthetist = person(orgs["la"], "anaesthetist", rank="hoy-ek")
    certify(anaesthetist, cptm)
    slot = lao_unit.slots.filter(title="Anaesthetist").first()
    client = api(cast["la_planner"])
    client.post(
        f"/api/v1/units/slots/{slot.pk}/assign/",
        {"person": anaesthetist.pk},
        content_type="application/json",
    )
    data = client.get(f"/api/v1/units/{lao_unit.pk}/readiness/").json()
    assert (data["slots"], data["filled"], data["eligible"]) == (5, 1, 1)
    assert {c["key"]: c["percent"] for c in data["components"]} == {
        "staffing": 20,
        "qualified": 20,
        "training": 100,
        "women": 0,
        "equipment": 0,
    }
    assert data["score"] == 25  # 20*.2 + 30*.2 + 15*1 + 10*0 + 25*0
    assert data["gaps"][0] == {"kind": "vacancy", "count": 2, "text": "2 Nurse slots empty"}
    assert data["next_level"] == "1"
    assert data["blockers"][-1].startswith("Register the pledge with the UN")
    board = client.get("/api/v1/units/board/").json()
    assert board["count"] == 1
    assert board["units"][0]["score"] == 25
    assert board["partners"] == []


def test_pcrs_and_visits(cast, api, make_user, lao_unit, orgs):
    logistics = api(make_user("la-logistics", ("la", "logistics_officer")))
    assert (
        logistics.post(
            f"/api/v1/units/{lao_unit.pk}/pcrs/",
            {"level": "1", "on": "2026-02-01", "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )

    planner = api(cast["la_planner"])
    record = planner.post(
        f"/api/v1/units/{lao_unit.pk}/pcrs/",
        {"level": "1", "on": "2026-02-01", "reason": "Pledge registered"},
        content_type="application/json",
    )
    assert record.status_code == 201
    assert record.json()["previous_level"] == "none"
    history = planner.get(f"/api/v1/units/{lao_unit.pk}/pcrs/").json()
    assert [h["level"] for h in history] == ["1"]
    renewal = planner.post(
        f"/api/v1/units/{lao_unit.pk}/pcrs/renewal/",
        {"on": "2027-01-20"},
        content_type="application/json",
    )
    assert renewal.status_code == 201
    readiness = planner.get(f"/api/v1/units/{lao_unit.pk}/readiness/").json()
    assert readiness["renewal_due"] == "2027-07-20"

    visit = planner.post(
        f"/api/v1/units/{lao_unit.pk}/visits/",
        {"kind": "aav", "on": "2026-06-01", "outcome": "satisfactory", "findings": "Ready"},
        content_type="application/json",
    ).json()
    uploaded = planner.post(
        f"/api/v1/units/visits/{visit['id']}/documents/",
        {"title": "Report", "file": SimpleUploadedFile("report.pdf", PDF)},
    )
    assert uploaded.status_code == 201
    refused = planner.post(
        f"/api/v1/units/visits/{visit['id']}/documents/",
        {"title": "Bad", "file": SimpleUploadedFile("report.exe", b"MZ")},
    )
    assert refused.status_code == 400
    assert [
        d["title"] for d in planner.get(f"/api/v1/units/visits/{visit['id']}/").json()["documents"]
    ] == ["Report"]


def test_pledge_download(cast, api, lao_unit):
    response = api(cast["la_planner"]).get(f"/api/v1/units/{lao_unit.pk}/pledge.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Cover",
        "Table of organisation",
        "Major equipment",
        "Self-sustainment",
    ]


def test_outsider_gets_404_everywhere(cast, api, lao_unit, orgs):
    slot = lao_unit.slots.first()
    visit = services.save_visit(unit=lao_unit, kind=Visit.Kind.AAV, on=datetime.date(2026, 1, 1))
    for user in ("outsider", "vn_admin"):  # Viet Nam shares its template, not Laos its units
        client = api(cast[user])
        for method, url in [
            ("get", f"/api/v1/units/{lao_unit.pk}/"),
            ("get", f"/api/v1/units/{lao_unit.pk}/readiness/"),
            ("get", f"/api/v1/units/{lao_unit.pk}/pledge.xlsx"),
            ("get", f"/api/v1/units/{lao_unit.pk}/pcrs/"),
            ("get", f"/api/v1/units/{lao_unit.pk}/visits/"),
            ("get", f"/api/v1/units/visits/{visit.pk}/"),
            ("post", f"/api/v1/units/slots/{slot.pk}/assign/"),
            ("post", f"/api/v1/units/slots/{slot.pk}/unassign/"),
        ]:
            response = getattr(client, method)(url, {}, content_type="application/json")
            assert response.status_code == 404, (user, method, url, response.content)
            assert response.json()["code"] == "not_found"


def test_periods_and_unknown_people_are_refused_with_the_field(
    cast, api, make_user, mini, lao_unit, orgs
):
    client = api(cast["la_planner"])
    backwards = client.post(
        "/api/v1/units/",
        {
            "template": mini.pk,
            "name": "Backwards",
            "starts_on": "2027-03-01",
            "ends_on": "2027-01-01",
        },
        content_type="application/json",
    )
    assert backwards.status_code == 400
    assert backwards.json()["details"][0]["field"] == "ends_on"
    slot = lao_unit.slots.first()
    vn_person = person(orgs["vn"], "nurse", rank="trung-si")
    unknown = client.post(
        f"/api/v1/units/slots/{slot.pk}/assign/",
        {"person": vn_person.pk},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["details"] == [
        {"field": "person", "message": "No such person in your organisation."}
    ]


def test_lists_keep_a_constant_query_count(
    cast, api, orgs, mini, lao_unit, cptm, template_grant, constant_queries
):
    """Units, templates, the board and a unit's equipment, PCRS history and visits: more rows,
    no more queries."""
    from forcegen.core.models import SharingGrant

    from .conftest import share
    from .factories import document, load

    share(orgs, SharingGrant.Scope.READINESS_SUMMARY, grantor="vn", grantee="la")
    share(orgs, SharingGrant.Scope.COURSE_CATALOGUE)  # Lao templates ask for Viet Nam's CPTM
    line = lao_unit.equipment_lines.first()
    nurse = lao_unit.slots.filter(title="Nurse").first().requirement
    added = iter(range(100))

    def grow():
        number = next(added)
        made = services.create_unit(
            organisation=orgs["la"],
            template=mini,
            name=f"More {number}",
            starts_on=PERIOD[0] + datetime.timedelta(days=number),
            ends_on=PERIOD[1],
        )
        services.create_unit(
            organisation=orgs["vn"], template=mini, name=f"Shared {number}", starts_on=PERIOD[0]
        )
        services.add_slot(unit=made, title="Nurse", requirement=nurse)
        Slot.objects.filter(pk=made.slots.filter(title="Nurse")[0].pk).update(
            person=person(orgs["la"], "nurse", rank="sip-ek")
        )
        load(orgs["la"], document(code=f"lao-{number}", name=f"Lao template {number}"))
        inventory.save_item(unit=lao_unit, line=line, serial=f"S-{number}")
        level = "1" if lao_unit.pcrs_history.count() % 2 == 0 else "none"
        services.change_pcrs_level(unit=lao_unit, level=level, on=PERIOD[0], reason="x", user=None)
        visit = services.save_visit(unit=lao_unit, kind=Visit.Kind.AAV, on=PERIOD[0])
        services.add_visit_document(
            visit=visit, title="Report", file=SimpleUploadedFile("r.pdf", PDF), user=None
        )

    grow()  # every list has rows (and prefetches) before it is measured
    client = api(cast["la_planner"])
    base = f"/api/v1/units/{lao_unit.pk}"
    for url, rows in [
        ("/api/v1/units/", lambda data: len(data)),
        ("/api/v1/units/templates/", lambda data: len(data)),
        ("/api/v1/units/board/", lambda data: len(data["units"]) + len(data["partners"])),
        (f"{base}/pcrs/", lambda data: len(data)),
        (f"{base}/visits/", lambda data: sum(len(v["documents"]) for v in data)),
    ]:
        before = rows(client.get(url).json())
        after = rows(json.loads(constant_queries(client, url, grow)))
        assert after > before, url


def test_pledge_survives_a_stored_control_character_and_writes_formulas_as_text(
    cast, api, lao_unit
):
    lao_unit.equipment_lines.filter(pk=lao_unit.equipment_lines.first().pk).update(
        category="=1+1", item="Ambulance\x0b"
    )
    response = api(cast["la_planner"]).get(f"/api/v1/units/{lao_unit.pk}/pledge.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for row in workbook["Major equipment"].iter_rows() for c in row]
    assert ("=1+1", "s") in [(c.value, c.data_type) for c in cells]
    assert "Ambulance" in [c.value for c in cells]


@pytest.fixture
def visit_documents(cast, api, lao_unit):
    planner = api(cast["la_planner"])
    visit = planner.post(
        f"/api/v1/units/{lao_unit.pk}/visits/",
        {"kind": "aav", "on": "2026-06-01", "outcome": "satisfactory", "findings": "Ready"},
        content_type="application/json",
    ).json()
    return planner, f"/api/v1/units/visits/{visit['id']}/documents/"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
        ("r" * 251 + ".pdf", PDF),
    ],
)
def test_a_fake_pdf_or_an_overlong_name_is_refused(visit_documents, name, content):
    planner, url = visit_documents
    refused = planner.post(url, {"title": "Report", "file": SimpleUploadedFile(name, content)})
    assert refused.status_code == 400, refused.content
    assert refused.json()["code"] == "validation_failed"


def test_an_upload_without_a_multipart_boundary_is_400(visit_documents):
    planner, url = visit_documents
    response = planner.post(url, b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["status"] == 400
