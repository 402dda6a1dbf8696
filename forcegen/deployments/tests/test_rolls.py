"""Nominal rolls: exactly the rotation's live members with their longest-valid passport, as XLSX and
PDF; only roles that see personal data may download; outsiders and partners get 404."""

import base64
import datetime
import io
import re
import zlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from forcegen.core.permissions import require_perm
from forcegen.deployments.models import Deployment, PersonnelType
from forcegen.deployments.tests.factories import (
    DeploymentFactory,
    MissionFactory,
    RotationFactory,
    UnitFactory,
)
from forcegen.personnel.models import Credential
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory

D = datetime.date
S = Deployment.Status


def member(rotation, *, passports=(), status=S.APPROVED, **person):
    someone = PersonFactory.create(organisation=rotation.organisation, **person)
    for reference, valid_until in passports:
        CredentialFactory.create(
            person=someone,
            kind=Credential.Kind.PASSPORT,
            reference=reference,
            valid_until=valid_until,
        )
    return DeploymentFactory.create(
        person=someone,
        rotation=rotation,
        mission=rotation.mission,
        personnel_type=PersonnelType.TROOPS,
        status=status,
        role="Combat engineer",
        sub_unit="1st platoon",
        planned_start=rotation.planned_departure,
        planned_end=rotation.planned_return,
    )


@pytest.fixture
def rotation(orgs):
    return RotationFactory.create(
        organisation=orgs["vn"],
        unit=UnitFactory.create(organisation=orgs["vn"], name="Engineering company 3"),
        mission=MissionFactory.create(acronym="UNISFA", name="UN Interim Security Force for Abyei"),
        number=3,
        planned_departure=D(2024, 9, 24),
        planned_return=D(2025, 9, 22),
    )


@pytest.fixture
def roll(rotation, orgs):
    """Three members (one with an old and a new passport, one with none), a cancelled plan, and
    a member of another rotation who must not appear."""
    member(
        rotation,
        service_number="VN-0001",
        full_name="Nguyen Thi Lan",
        full_name_native="Nguyễn Thị Lan",
        sex="F",
        blood_group="O+",
        next_of_kin="Nguyen Van Binh",
        next_of_kin_phone="0912 345 678",
        passports=[("B1111111", D(2026, 1, 1)), ("C2222222", D(2034, 5, 1))],
    )
    member(
        rotation,
        service_number="VN-0002",
        full_name="Somsak Phommachan",
        full_name_native="ສົມສັກ ພົມມະຈັນ",
        passports=[("P3333333", D(2030, 1, 1))],
    )
    member(rotation, service_number="VN-0003", full_name="Tran Van Hung")
    member(
        rotation,
        service_number="VN-0004",
        full_name="Le Van Cancelled",
        passports=[("X4444444", D(2030, 1, 1))],
        status=S.CANCELLED,
    )
    other = RotationFactory.create(organisation=orgs["vn"], mission=rotation.mission)
    member(other, service_number="VN-0005", passports=[("X5555555", D(2030, 1, 1))])
    return rotation


def xlsx_url(rotation):
    return f"/deployments/rotations/{rotation.pk}/roll.xlsx"


def pdf_url(rotation):
    return f"/deployments/rotations/{rotation.pk}/roll.pdf"


def pdf_text(pdf: bytes) -> str:
    """The page content streams (reportlab writes them Flate-compressed, then ASCII85)."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            text.append(zlib.decompress(base64.a85decode(stream.strip(), adobe=True)))
        except ValueError:
            continue  # an embedded font, not page content
    return b"".join(text).decode("latin-1")


@pytest.fixture
def officer(make_user):
    return make_user("vn-personnel", ("vn", "personnel_officer"))


def test_xlsx_lists_exactly_the_live_members_with_their_longest_valid_passport(
    roll, officer, login
):
    response = login(officer).get(xlsx_url(roll))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="nominal-roll-engineering-company-3-rotation-3.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    title, header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert title[0] == (
        "Nominal roll — Engineering company 3, rotation 3 — UNISFA — 2024-09-24 – 2025-09-22"
    )
    assert header[:3] == ["Service number", "Name (native script)", "Name (Latin letters)"]
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_number) == {"VN-0001", "VN-0002", "VN-0003"}
    passports = {n: (r["Passport number"], r["Passport expiry"]) for n, r in by_number.items()}
    assert passports == {
        "VN-0001": ("C2222222", datetime.datetime(2034, 5, 1)),
        "VN-0002": ("P3333333", datetime.datetime(2030, 1, 1)),
        "VN-0003": (None, None),
    }
    lan = by_number["VN-0001"]
    assert lan["Name (native script)"] == "Nguyễn Thị Lan"
    assert (lan["Sex"], lan["Blood group"]) == ("F", "O+")
    assert lan["Next of kin"] == "Nguyen Van Binh (0912 345 678)"
    assert (lan["Role"], lan["Sub-unit"]) == ("Combat engineer", "1st platoon")
    assert lan["Planned departure"] == datetime.datetime(2024, 9, 24)
    assert lan["Departed on"] is None
    assert by_number["VN-0002"]["Name (native script)"] == "ສົມສັກ ພົມມະຈັນ"


def test_pdf_is_a_landscape_roll_of_the_members(roll, officer, login):
    response = login(officer).get(pdf_url(roll))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"ReportLab" in pdf
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 1
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in pdf  # A4 landscape
    text = pdf_text(pdf)
    for shown in ["VN-0001", "VN-0002", "VN-0003", "Nguyen Thi Lan", "Tran Van Hung", "C2222222"]:
        assert shown in text
    for absent in ["VN-0004", "Le Van Cancelled", "X4444444", "VN-0005", "B1111111"]:
        assert absent not in text
    assert "Page 1 of 1" in text
    assert b"NotoSansLao" in pdf  # the Lao name is drawn in the Lao font


def test_long_pdf_repeats_the_header_and_numbers_its_pages(rotation, officer, login):
    for n in range(70):
        member(rotation, service_number=f"VN-{n:04d}", passports=[(f"P{n:07d}", D(2030, 1, 1))])
    pdf = login(officer).get(pdf_url(rotation)).content
    pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf))
    assert pages >= 2
    text = pdf_text(pdf)
    # The header row on every page ("Name (Latin letters)" may wrap at its space: the column is
    # as wide as the longest name).
    assert text.count("(Name \\(Latin") == pages
    assert f"Page {pages} of {pages}" in text
    assert all(f"VN-{n:04d}" in text for n in range(70))


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_roll_query_count_does_not_grow_with_members(roll, officer, login, url):
    client = login(officer)
    client.get(url(roll))
    with CaptureQueriesContext(connection) as before:
        client.get(url(roll))
    for n in range(5):
        member(roll, service_number=f"VN-10{n}", passports=[("A1", D(2029, 1, 1))])
    with CaptureQueriesContext(connection) as after:
        response = client.get(url(roll))
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_only_roles_that_see_personal_data_may_download(roll, cast, officer, login, url):
    assert login(cast["vn_viewer"]).get(url(roll)).status_code == 403
    assert login(cast["vn_planner"]).get(url(roll)).status_code == 403
    assert login(officer).get(url(roll)).status_code == 200
    assert login(cast["vn_admin"]).get(url(roll)).status_code == 200


@pytest.mark.parametrize("url", [xlsx_url, pdf_url])
def test_outsider_and_partner_get_404(roll, cast, login, url):
    assert login(cast["outsider"]).get(url(roll)).status_code == 404
    assert login(cast["la_admin"]).get(url(roll)).status_code == 404
    assert (
        login(cast["vn_admin"]).get(f"/deployments/rotations/{roll.pk + 999}/roll.pdf").status_code
        == 404
    )


def test_pdf_headers_wrap_between_words(roll, officer, login):
    text = pdf_text(login(officer).get(pdf_url(roll)).content)
    # Each header cell is one text object; its lines joined by spaces give the label back only
    # if it was cut between words, never inside one ("Bloo/d gr/oup").
    cells = {
        " ".join(re.findall(r"\(((?:\\.|[^\\)])*)\) Tj", block))
        for block in re.findall(r"BT (.*?) ET", text, re.DOTALL)
    }
    for label in ("Blood group", "Planned departure", "Date of birth", "Passport expiry"):
        assert label in cells


def test_a_role_without_the_roll_is_told_who_has_it(roll, cast, officer, login):
    """Issue 16 (7): vn-planner saw no nominal-roll link and a bare 403 on its address."""
    page = login(cast["vn_planner"]).get(f"/deployments/rotations/{roll.pk}/").content.decode()
    assert 'data-testid="roll"' not in page
    assert "which your role does not see." in page
    assert "Ask vn-admin (Administrator), vn-personnel (Personnel officer)" in page
    denied = login(cast["vn_planner"]).get(xlsx_url(roll))
    assert denied.status_code == 403
    with pytest.raises(PermissionDenied) as refused:
        require_perm(cast["vn_planner"], "personnel.view_personal_data")
    assert str(refused.value.args[0]) == (
        "Your role in this organisation does not allow this action. Ask vn-admin "
        "(Administrator), vn-personnel (Personnel officer): their role allows it."
    )
    officer_page = login(officer).get(f"/deployments/rotations/{roll.pk}/").content.decode()
    assert 'data-testid="roll-hint"' not in officer_page
