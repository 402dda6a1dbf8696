"""Units UI: board and its query count, assignment with reasons and overrides, equipment, PCRS,
visits and their documents, the trend, and the tenancy boundary (outsiders get 404)."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from forcegen.core.models import SharingGrant, Term
from forcegen.logistics import services as inventory
from forcegen.personnel.models import Requirement
from forcegen.personnel.tests.factories import pdf_bytes
from forcegen.units import services
from forcegen.units.models import (
    EquipmentLine,
    PcrsRecord,
    ReadinessSnapshot,
    Slot,
    Unit,
    Visit,
)

from .conftest import PERIOD, share
from .factories import certify, person

PDF = pdf_bytes("visit report")


@pytest.fixture
def unit(orgs, mini):
    return services.create_unit(
        organisation=orgs["vn"],
        template=mini,
        name="L2H rotation 8",
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )


@pytest.fixture
def visit(unit):
    return services.save_visit(unit=unit, kind=Visit.Kind.AAV, on=datetime.date(2026, 5, 4))


def slot_of(unit, title):
    return unit.slots.filter(title=title, person__isnull=True).order_by("seat").first()


def test_outsider_and_partner_get_404_for_units_slots_visits(
    cast, login, unit, visit, template_grant
):
    slot = slot_of(unit, "Nurse")
    document = services.add_visit_document(
        visit=visit, title="Report", file=SimpleUploadedFile("r.pdf", PDF), user=None
    )
    urls = [
        f"/units/{unit.pk}/",
        f"/units/{unit.pk}/edit/",
        f"/units/{unit.pk}/pledge.xlsx",
        f"/units/slots/{slot.pk}/assign/",
        f"/units/visits/{visit.pk}/",
        f"/units/visit-documents/{document.pk}/",
    ]
    for user in ("outsider", "la_planner"):  # a partner with the template grant sees no units
        client = login(cast[user])
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/units/slots/{slot.pk}/unassign/").status_code == 404
    assert "L2H rotation 8" not in login(cast["la_planner"]).get("/units/").content.decode()
    assert login(cast["vn_viewer"]).get(f"/units/{unit.pk}/").status_code == 200


def test_ineligible_assignment_is_refused_with_reasons_then_overridden_and_audited(
    cast, login, orgs, unit
):
    nurse = person(orgs["vn"], "nurse", rank="trung-si", passport=False)
    client = login(cast["vn_planner"])
    slot = slot_of(unit, "Nurse")
    url = f"/units/slots/{slot.pk}/assign/"
    page = client.post(url, {"service_number": nurse.service_number}).content.decode()
    assert "is not eligible for Nurse from 2027-03-01 to 2028-02-29" in page
    assert "no Passport on record" in page
    assert "never passed CPTM" in page
    slot.refresh_from_db()
    assert slot.person_id is None

    response = client.post(
        url,
        {"service_number": nurse.service_number, "justification": "Passport renewal submitted."},
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.person == nurse
    assert slot.override_justification == "Passport renewal submitted."
    assert slot.overridden_by == cast["vn_planner"]
    assert slot.overridden_at is not None
    entry = LogEntry.objects.get_for_object(slot).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == cast["vn_planner"]
    assert entry.changes_dict["override_justification"] == ["", "Passport renewal submitted."]

    detail = client.get(f"/units/{unit.pk}/").content.decode()
    assert "Override by vn-planner" in detail
    assert "Passport renewal submitted." in detail
    assert "1 person lacks a credential valid through the period: Passport" in detail

    client.post(f"/units/slots/{slot.pk}/unassign/")
    slot.refresh_from_db()
    assert (slot.person_id, slot.override_justification, slot.overridden_at) == (None, "", None)


def test_eligible_candidates_are_offered_and_assigned(cast, login, orgs, unit, cptm):
    nurse = person(orgs["vn"], "nurse", rank="trung-si", full_name="Tran Thi Lan")
    certify(nurse, cptm)
    person(orgs["vn"], "nurse", rank="trung-si", full_name="Le Van Untrained")
    client = login(cast["vn_planner"])
    slot = slot_of(unit, "Nurse")
    page = client.get(f"/units/slots/{slot.pk}/assign/").content.decode()
    assert "Tran Thi Lan" in page
    assert "Le Van Untrained" not in page
    assert (
        client.post(
            f"/units/slots/{slot.pk}/assign/", {"service_number": nurse.service_number}
        ).status_code
        == 302
    )
    slot.refresh_from_db()
    assert slot.person == nurse
    assert not slot.is_overridden
    # Now busy for the period: no longer offered for the other nurse slot.
    other = slot_of(unit, "Nurse")
    page = client.get(f"/units/slots/{other.pk}/assign/").content.decode()
    assert "Tran Thi Lan assigned to Nurse." in page  # the message of the assignment
    assert "Tran Thi Lan<br>" not in page.split('id="candidates-title"')[1]


def test_one_slot_per_person_across_overlapping_units(cast, orgs, mini, unit, cptm):
    nurse = person(orgs["vn"], "nurse", rank="trung-si")
    certify(nurse, cptm)
    planner = cast["vn_planner"]
    services.assign_slot(slot=slot_of(unit, "Nurse"), person=nurse, user=planner)
    overlapping = services.create_unit(
        organisation=orgs["vn"],
        template=mini,
        name="Overlapping",
        starts_on=datetime.date(2028, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        services.assign_slot(slot=slot_of(overlapping, "Nurse"), person=nurse, user=planner)
    assert refused.value.message_dict["person"] == [
        f"{nurse.full_name} cannot take Nurse from 2028-01-01 to 2028-12-31:",
        "holds the Nurse slot of L2H rotation 8, whose period overlaps this unit's",
    ]
    later = services.create_unit(
        organisation=orgs["vn"],
        template=mini,
        name="Next rotation",
        starts_on=datetime.date(2028, 3, 1),
        ends_on=datetime.date(2028, 8, 31),
    )
    assert (
        services.assign_slot(slot=slot_of(later, "Nurse"), person=nurse, user=planner).person
        == nurse
    )


def test_people_of_another_organisation_cannot_be_assigned(cast, orgs, unit, ranks):
    lao = person(orgs["la"], "nurse", rank="sip-ek")
    with pytest.raises(ValidationError, match="another organisation"):
        services.assign_slot(slot=slot_of(unit, "Nurse"), person=lao, user=cast["vn_planner"])


def test_roles_decide_who_assigns(cast, login, make_user, orgs, unit):
    slot = slot_of(unit, "Nurse")
    viewer = login(cast["vn_viewer"])
    assert viewer.get(f"/units/slots/{slot.pk}/assign/").status_code == 403
    logistics = login(make_user("vn-logistics", ("vn", "logistics_officer")))
    assert logistics.get(f"/units/slots/{slot.pk}/assign/").status_code == 403
    line = EquipmentLine.objects.get(unit=unit, item="Ambulance")
    inventory.save_item(unit=unit, line=line, serial="AMB-7")
    page = login(cast["vn_planner"]).get(f"/units/{unit.pk}/").content.decode()
    assert "3 Ambulance missing (1 of 4 held)" in page


def test_board_query_count_does_not_grow_with_units(
    cast, login, orgs, mini, cptm, django_assert_num_queries
):
    share(orgs, SharingGrant.Scope.READINESS_SUMMARY, grantor="la", grantee="vn")
    nurses = [person(orgs["vn"], "nurse", rank="trung-si") for _ in range(2)]
    for someone in nurses:
        certify(someone, cptm)

    def add_units(count, start_number):
        for number in range(start_number, start_number + count):
            start = datetime.date(2027, 1, 1) + datetime.timedelta(days=31 * number)
            made = services.create_unit(
                organisation=orgs["vn"],
                template=mini,
                name=f"Unit {number:02d}",
                starts_on=start,
                ends_on=start + datetime.timedelta(days=200),
            )
            for slot, someone in zip(made.slots.filter(title="Nurse"), nurses, strict=True):
                Slot.objects.filter(pk=slot.pk).update(person=someone)
            inventory.save_item(unit=made, line=made.equipment_lines.first(), serial=str(number))

    client = login(cast["vn_planner"])
    add_units(2, 0)
    client.get("/units/")  # warm the session
    # Session and membership, the page of units and its count, partners' units, then readiness
    # (policies, slot counts, requirements and their 3 child tables, eligibility, equipment); on
    # PostgreSQL also SET LOCAL jit = off in a savepoint.
    expected = 15 + (3 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected) as few:
        client.get("/units/")
    add_units(10, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get("/units/").content.decode()
    assert html.count("units/") > 12
    assert "Unit 11" in html


def test_board_shows_partners_shared_summaries_read_only(cast, login, orgs, mini, template_grant):
    lao = services.create_unit(
        organisation=orgs["la"],
        template=mini,
        name="Lao Medical Team",
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )
    vn = login(cast["vn_planner"])
    assert "Lao Medical Team" not in vn.get("/units/").content.decode()
    share(orgs, SharingGrant.Scope.READINESS_SUMMARY, grantor="la", grantee="vn")
    board = vn.get("/units/").content.decode()
    assert "Lao Medical Team" in board
    assert "2 Anaesthetist slots empty" in board
    assert f"/units/{lao.pk}/" not in board  # a summary, not the record
    assert vn.get(f"/units/{lao.pk}/").status_code == 404


def test_create_unit_from_a_shared_template_in_the_ui(cast, login, orgs, mini, template_grant):
    client = login(cast["la_planner"])
    form = client.get(f"/units/new/?template={mini.pk}").content.decode()
    assert "Mini hospital · vn-dpko" in form
    response = client.post(
        "/units/new/",
        {
            "template": mini.pk,
            "name": "Lao Medical Team",
            "starts_on": "2027-03-01",
            "ends_on": "2028-02-29",
        },
    )
    unit = Unit.objects.get(name="Lao Medical Team")
    assert response.url == f"/units/{unit.pk}/"
    assert unit.organisation == orgs["la"]
    assert unit.slots.count() == 5
    bad = client.post(
        "/units/new/",
        {
            "template": mini.pk,
            "name": "Backwards",
            "starts_on": "2027-03-01",
            "ends_on": "2027-01-01",
        },
    ).content.decode()
    assert "The period ends before it starts." in bad
    assert login(cast["vn_viewer"]).get("/units/new/").status_code == 403


def test_pcrs_level_renewal_and_blockers(cast, login, unit):
    client = login(cast["vn_planner"])
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "What blocks Level 1" in page
    assert "Register the pledge with the UN" in page
    response = client.post(
        f"/units/{unit.pk}/pcrs/",
        {
            "level": "1",
            "on": "2026-01-10",
            "reason": "UN letter registering the pledge",
            "evidence": SimpleUploadedFile("letter.pdf", PDF),
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.pcrs_level, unit.pledged_on) == ("1", datetime.date(2026, 1, 10))
    record = PcrsRecord.objects.get()
    assert (record.previous_level, record.level, record.recorded_by) == (
        "none",
        "1",
        cast["vn_planner"],
    )
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "2027-01-10" in page  # first renewal 12 months after the pledge
    assert "No satisfactory assessment and advisory visit (AAV) recorded" in page
    evidence = client.get(f"/units/pcrs/{record.pk}/evidence/")
    assert b"".join(evidence.streaming_content) == PDF

    client.post(f"/units/{unit.pk}/pcrs/renewal/", {"on": "2027-01-05", "reason": "Renewed"})
    unit.refresh_from_db()
    assert unit.pledge_renewed_on == datetime.date(2027, 1, 5)
    assert "2027-07-05" in client.get(f"/units/{unit.pk}/").content.decode()  # then every 6

    bad = client.post(
        f"/units/{unit.pk}/pcrs/",
        {
            "level": "2",
            "on": "2027-02-01",
            "reason": "x",
            "evidence": SimpleUploadedFile("a.exe", b"MZ"),
        },
    ).content.decode()
    assert "only PDF, PNG or JPEG documents are accepted" in bad
    assert unit.pcrs_history.count() == 2


def test_visits_with_evidence_documents(cast, login, unit):
    client = login(cast["vn_planner"])
    response = client.post(
        f"/units/{unit.pk}/visits/new/",
        {
            "kind": "aav",
            "on": "2026-09-01",
            "team": "UN DPO",
            "findings": "Good",
            "outcome": "satisfactory",
        },
    )
    visit = Visit.objects.get()
    assert response.url == f"/units/visits/{visit.pk}/"
    client.post(
        f"/units/visits/{visit.pk}/documents/",
        {"title": "AAV report", "file": SimpleUploadedFile("aav.pdf", PDF)},
    )
    fake = client.post(
        f"/units/visits/{visit.pk}/documents/",
        {"title": "Fake", "file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00")},
        follow=True,
    ).content.decode()
    assert "fake.pdf is not really a pdf file." in fake
    assert [d.title for d in visit.documents.all()] == ["AAV report"]
    document = visit.documents.get()
    download = client.get(f"/units/visit-documents/{document.pk}/")
    assert b"".join(download.streaming_content) == PDF
    services.change_pcrs_level(
        unit=unit, level="1", on=datetime.date(2026, 1, 1), reason="x", user=None
    )
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "Nothing recorded blocks the next level." in page


def test_snapshots_make_a_trend_on_the_unit_page(cast, login, unit):
    assert call_command("snapshot_readiness") is None
    services.take_snapshots(units=[unit], on=datetime.date.today() - datetime.timedelta(days=7))
    call_command("snapshot_readiness")  # again the same day: replaced, not added
    assert ReadinessSnapshot.objects.filter(unit=unit).count() == 2
    snapshot = ReadinessSnapshot.objects.filter(unit=unit).latest("taken_on")
    assert snapshot.breakdown["slots"] == 5
    assert snapshot.breakdown["gaps"][0]["text"] == "2 Anaesthetist slots empty"
    page = login(cast["vn_planner"]).get(f"/units/{unit.pk}/").content.decode()
    assert "<polyline points=" in page
    assert "Readiness score over 2 snapshots" in page


def test_unit_page_query_count_is_bounded(
    cast, login, orgs, unit, cptm, django_assert_max_num_queries
):
    for slot in unit.slots.filter(title__startswith="Nurse"):
        someone = person(orgs["vn"], "nurse", rank="trung-si", sex="F")
        Slot.objects.filter(pk=slot.pk).update(person=someone)
    client = login(cast["vn_planner"])
    with django_assert_max_num_queries(40):
        page = client.get(f"/units/{unit.pk}/").content.decode()
    assert page.count("never passed CPTM") == 3


def test_equipment_requirement_lines_are_added_and_validated(cast, login, make_user, unit):
    logistics = login(make_user("vn-logistics", ("vn", "logistics_officer")))
    url = f"/units/{unit.pk}/equipment-lines/new/"
    form = {"kind": "major", "category": "Medical", "item": "Field X-ray", "quantity": "0"}
    refused = logistics.post(url, form)
    assert refused.status_code == 200
    assert "greater than or equal to 1" in refused.content.decode()
    assert not EquipmentLine.objects.filter(unit=unit, item="Field X-ray").exists()
    done = logistics.post(url, {**form, "quantity": "2"})
    assert done["Location"] == f"/units/{unit.pk}/"
    line = EquipmentLine.objects.get(unit=unit, item="Field X-ray")
    assert (line.kind, line.quantity, line.organisation_id) == ("major", 2, unit.organisation_id)
    assert login(cast["la_admin"]).post(url, {**form, "quantity": "2"}).status_code == 404


def test_template_list_keeps_a_constant_query_count(cast, login, orgs, mini, constant_queries):
    from .factories import document, load

    html = constant_queries(
        login(cast["vn_planner"]),
        "/units/templates/",
        lambda: [
            load(orgs["vn"], document(code=f"extra-{i}", name=f"Extra team {i}")) for i in range(3)
        ],
    )
    assert all(f"Extra team {i}" in html for i in range(3))


def test_unit_edit_saves_and_refuses_a_backwards_period(cast, login, unit):
    client = login(cast["vn_planner"])
    url = f"/units/{unit.pk}/edit/"
    form = {
        "name": "L2H rotation 8",
        "status": "ready",
        "starts_on": "2027-03-01",
        "ends_on": "2028-01-31",
        "women_target": "20",
        "notes": "",
    }
    assert client.post(url, form)["Location"] == f"/units/{unit.pk}/"
    unit.refresh_from_db()
    assert (unit.status, unit.ends_on, unit.women_target) == (
        "ready",
        datetime.date(2028, 1, 31),
        20,
    )
    refused = client.post(url, {**form, "status": "deployed", "ends_on": "2027-01-01"})
    assert refused.content.decode().count("The period ends before it starts.") == 1
    unit.refresh_from_db()
    assert (unit.status, unit.ends_on) == ("ready", datetime.date(2028, 1, 31))
    assert login(cast["vn_viewer"]).post(url, form).status_code == 403


def test_slots_are_added_after_the_template_and_removed_when_empty(cast, login, orgs, unit):
    client = login(cast["vn_planner"])
    nurse = Requirement.objects.get(organisation=orgs["vn"], name="MINI · Nurse")
    lao = Requirement.objects.create(organisation=orgs["la"], name="Lao nurse")
    url = f"/units/{unit.pk}/slots/new/"
    form = {"title": "Nurse", "sub_unit": "Wards", "requirement": nurse.pk, "count": "2"}
    refused = client.post(url, {**form, "requirement": lao.pk}).content.decode()
    assert "Select a valid choice" in refused  # only the organisation's own requirements
    assert client.post(url, form)["Location"] == f"/units/{unit.pk}/"
    seats = list(unit.slots.filter(title="Nurse").order_by("seat").values_list("seat", flat=True))
    assert seats == [1, 2, 3, 4]  # numbered after the template's seats

    held = slot_of(unit, "Nurse")
    Slot.objects.filter(pk=held.pk).update(person=person(orgs["vn"], "nurse", rank="trung-si"))
    page = client.post(f"/units/slots/{held.pk}/remove/", follow=True).content.decode()
    assert "Unassign the person before removing the slot." in page
    empty = slot_of(unit, "Nurse")
    assert f"/units/slots/{empty.pk}/remove/" in page  # offered for empty slots only
    assert f"/units/slots/{held.pk}/remove/" not in page
    client.post(f"/units/slots/{empty.pk}/remove/")
    assert not Slot.objects.filter(pk=empty.pk).exists()
    assert Slot.objects.filter(pk=held.pk).exists()
    viewer = login(cast["vn_viewer"])
    assert "/remove/" not in viewer.get(f"/units/{unit.pk}/").content.decode()
    assert viewer.post(f"/units/slots/{held.pk}/remove/").status_code == 403
    assert login(cast["la_planner"]).post(f"/units/slots/{held.pk}/remove/").status_code == 404


def test_a_visit_is_edited_by_its_owner_only(cast, login, visit):
    form = {"kind": "aav", "on": "2026-05-04", "team": "UN DPO", "findings": "", "outcome": ""}
    url = f"/units/visits/{visit.pk}/"
    planner = login(cast["vn_planner"])
    assert "This field is required." in planner.post(url, form).content.decode()
    assert planner.post(url, {**form, "outcome": "follow_up"})["Location"] == url
    visit.refresh_from_db()
    assert (visit.outcome, visit.team) == ("follow_up", "UN DPO")
    assert login(cast["vn_viewer"]).post(url, form).status_code == 403
    assert login(cast["la_planner"]).post(url, form).status_code == 404


def test_unit_page_keeps_a_constant_query_count(cast, login, orgs, unit, visit, constant_queries):
    """More holders of the same requirements, items, visits and documents: no more queries."""
    lines = list(unit.equipment_lines.all())
    nurse = slot_of(unit, "Nurse").requirement

    def fill_a_nurse_slot(sex="M"):
        someone = person(orgs["vn"], "nurse", rank="trung-si", sex=sex)
        Slot.objects.filter(pk=slot_of(unit, "Nurse").pk).update(person=someone)
        return someone

    def grow():
        services.add_slot(unit=unit, title="Nurse", requirement=nurse)
        someone = fill_a_nurse_slot(sex="F")
        for line in lines:
            inventory.save_item(unit=unit, line=line, serial=f"{line.pk}-{someone.pk}")
        added = services.save_visit(unit=unit, kind=Visit.Kind.AAV, on=datetime.date(2026, 5, 4))
        services.add_visit_document(
            visit=added, title="Report", file=SimpleUploadedFile("r.pdf", PDF), user=None
        )

    fill_a_nurse_slot()
    html = constant_queries(login(cast["vn_planner"]), f"/units/{unit.pk}/", grow)
    assert html.count('href="/units/visits/') == 2
    held = html.split('data-testid="equipment-lines"')[1].split("</table>")[0]
    assert held.count("<td>1</td><td>1</td></tr>") == len(lines)  # one item held, serviceable
    assert html.count("never passed CPTM") == 2  # both nurses, explained


def test_assignment_candidates_keep_a_constant_query_count(
    cast, login, orgs, unit, cptm, constant_queries
):
    def eligible_nurse():
        certify(person(orgs["vn"], "nurse", rank="trung-si"), cptm)

    eligible_nurse()
    slot = slot_of(unit, "Nurse")
    html = constant_queries(
        login(cast["vn_planner"]), f"/units/slots/{slot.pk}/assign/", eligible_nurse
    )
    candidates = html.split('data-testid="candidates"')[1].split("</table>")[0]
    assert candidates.count("<tr>") == 3  # the header and both nurses


def test_template_page_offers_an_example_not_a_path_in_the_code(cast, login):
    client = login(cast["vn_planner"])
    page = client.get("/units/templates/").content.decode()
    assert "README" not in page
    assert "forcegen/units/data" not in page
    assert 'href="/units/templates/example.json"' in page
    example = client.get("/units/templates/example.json")
    assert example["Content-Disposition"].startswith("attachment")
    document = json.loads(b"".join(example.streaming_content))
    assert document["code"] == "level-2-hospital"
    assert document["positions"]


def test_unit_page_speaks_the_reader_s_language(cast, login, orgs, mini):
    Term.objects.create(kind="position", key="Nurse", name_en="Nurse", name_lo="ພະຍາບານ")
    unit = services.create_unit(
        organisation=orgs["vn"], template=mini, name="L2H 9", starts_on=PERIOD[0], ends_on=PERIOD[1]
    )
    client = login(cast["vn_planner"])
    client.post("/i18n/setlang/", {"language": "lo"})
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "ພະຍາບານ" in page  # Nurse
    assert "ທີມຜ່າຕັດ" in page  # the sub-unit "Surgical team"
    assert "ແພດວິສັນຍີ" in page  # Anaesthetist
    assert ">Anaesthetist<" not in page


@pytest.mark.parametrize(
    ("language", "finding", "kind"),
    [
        ("lo", "ຕ້ອງມີການຢ້ຽມຢາມຕິດຕາມ.", "ການຢ້ຽມຢາມເພື່ອປະເມີນ ແລະ ໃຫ້ຄຳແນະນຳ (AAV)"),
        ("vi", "Cần có chuyến thăm tiếp theo.", None),
    ],
)
def test_a_reader_sees_standard_visit_findings_in_their_language(
    cast, login, unit, language, finding, kind
):
    """Standard findings are words of the shared vocabulary (one a line); a line of one's own
    stays as written."""
    visit = services.save_visit(
        unit=unit,
        kind=Visit.Kind.AAV,
        on=datetime.date(2026, 5, 4),
        findings="Follow-up visit required.\nGenerator 2 leaks oil.",
        outcome=Visit.Outcome.FOLLOW_UP,
    )
    assert Term.objects.filter(kind=Term.Kind.FINDING).count() >= 8
    client = login(cast["vn_planner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/units/visits/{visit.pk}/").content.decode()
    shown = html.split('data-testid="findings">')[1].split("</dd>")[0]
    assert shown == f"{finding}<br>Generator 2 leaks oil."
    assert "Follow-up visit required" not in html.split("<textarea")[0]  # the record, in its form
    if kind:
        assert kind in html
