"""Roster import in the UI and the API: upload -> preview -> confirm, permissions, tenancy."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from forcegen.core.registers import PAGE_SIZE
from forcegen.personnel.models import Person, Rank, RosterImport
from forcegen.personnel.registers import ROSTER_CHANGES, ROSTER_ERRORS

from .conftest import DATABASE, upload


@pytest.fixture
def la_officer(make_user):
    return make_user("la-personnel", ("la", "personnel_officer"))


def bad_rows_csv(count):
    lines = ["service_number,full_name,sex,date_of_birth,rank"]
    lines += [f"LA-{n},Name {n},F,1990-01-01,no-such-rank" for n in range(count)]
    return SimpleUploadedFile("big.csv", "\n".join(lines).encode())


# --- UI ------------------------------------------------------------------------------------------


def test_upload_preview_confirm_done(immediate, login, la_officer, la_ranks):
    client = login(la_officer)
    page = client.get("/personnel/import/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "<code>passport_expiry</code>" in page
    assert 'href="/personnel/import/template.xlsx"' in page

    response = client.post("/personnel/import/", {"file": upload("roster-fixed.csv")})
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/personnel/import/{roster_import.pk}/"

    preview = client.get(response["Location"]).content.decode()
    assert "Ready to import" in preview
    assert "<dt>To create</dt><dd>10</dd>" in preview
    assert f'action="/personnel/import/{roster_import.pk}/confirm/"' in preview
    assert 'hx-trigger="every 2s"' not in preview  # the check is over: no more polling
    assert Person.objects.count() == 0

    response = client.post(f"/personnel/import/{roster_import.pk}/confirm/")
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Imported" in done
    assert "<dt>Created</dt><dd>10</dd>" in done
    assert "confirm/" not in done
    assert Person.objects.filter(organisation__code="la-pko").count() == 10
    assert "roster-fixed.csv" in client.get("/personnel/import/").content.decode()


def test_unknown_headings_are_mapped_on_the_preview_and_checked_again(
    immediate, login, la_officer, la_ranks, cast
):
    client = login(la_officer)
    roster = (
        "service_number,Full Name,sex,date_of_birth,rank,ຊື່ແທ້,Remarks\n"
        "LA-77,Khamla S,F,1992-05-01,Capt,ຄຳຫລ້າ,ok\n"
    )
    client.post("/personnel/import/", {"file": SimpleUploadedFile("r.csv", roster.encode())})
    roster_import = RosterImport.objects.get()
    preview = client.get(f"/personnel/import/{roster_import.pk}/").content.decode()
    assert roster_import.unknown_columns == ["ຊື່ແທ້", "remarks"]
    assert 'name="column-ຊື່ແທ້"' in preview
    assert 'name="column-remarks"' in preview

    url = f"/personnel/import/{roster_import.pk}/columns/"
    # Someone of another organisation cannot touch it; a made-up column is refused.
    assert login(cast["outsider"]).post(url, {"column-remarks": "-"}).status_code == 404
    client.post(url, {"column-remarks": "salary"})
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.INVALID

    client.post(url, {"column-ຊື່ແທ້": "full_name_native", "column-remarks": "-"})
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID, roster_import.errors
    client.post(f"/personnel/import/{roster_import.pk}/confirm/")
    assert Person.objects.get(service_number="LA-77").full_name_native == "ຄຳຫລ້າ"
    # Remembered: the organisation's next roster with the same headings is valid at once.
    client.post("/personnel/import/", {"file": SimpleUploadedFile("r2.csv", roster.encode())})
    assert RosterImport.objects.latest("pk").status == RosterImport.Status.VALID


def test_preview_lists_every_error_with_row_and_column_paginated(immediate, login, la_officer):
    client = login(la_officer)
    client.post("/personnel/import/", {"file": bad_rows_csv(60)})
    roster_import = RosterImport.objects.get()
    url = f"/personnel/import/{roster_import.pk}/"

    first = client.get(url).content.decode()
    assert "Has errors" in first
    assert "60 errors" in first
    assert "<tr><td>2</td><td><code>rank</code></td><td>Unknown rank “no-such-rank”" in first
    assert "Nothing was stored." in first
    assert "?page=2" in first
    assert "confirm/" not in first
    second = client.get(url + "?page=2").content.decode()
    assert "<tr><td>61</td><td><code>rank</code></td>" in second


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_errors_page_and_its_file_read_one_declaration(immediate, login, la_officer, cast):
    """The uploader fixes the file from the errors file: the page's rows, row for row, with
    the column's name in their language."""
    client = login(la_officer)
    client.post("/personnel/import/", {"file": bad_rows_csv(60)})
    roster_import = RosterImport.objects.get()
    url = f"/personnel/import/{roster_import.pk}/"
    first = client.get(url).content.decode()
    second = client.get(f"{url}?page=2").content.decode()
    rows = xlsx_rows(client.get(f"{url}rows.xlsx"))
    assert (
        rows[0] == [c.key for c in ROSTER_ERRORS.columns] == ["row", "column", "field", "message"]
    )
    assert rows[1][:3] == [2, "rank", "Rank"]
    assert rows[1][3].startswith("Unknown rank “no-such-rank”")
    assert [row[0] for row in rows[1:]] == list(range(2, 62))
    # Across the page boundary: rows 2-51, then 52-61, none twice.
    shown = [re.findall(r"<tr><td>(\d+)</td>", html) for html in (first, second)]
    assert shown == [[str(n) for n in range(2, 52)], [str(n) for n in range(52, 62)]]
    assert f'href="/personnel/import/{roster_import.pk}/rows.csv?"' in first
    assert "Page 2 of 2" in second
    assert login(cast["outsider"]).get(f"{url}rows.csv").status_code == 404
    # An error about the whole file has no row: "file" on the page, a blank cell in the file.
    roster_import.errors = [{"row": 0, "column": "", "message": "The file is empty."}]
    roster_import.save()
    assert "<tr><td>file</td><td>—</td><td>The file is empty.</td></tr>" in (
        client.get(url).content.decode()
    )
    assert xlsx_rows(client.get(f"{url}rows.xlsx"))[1] == [None, None, None, "The file is empty."]


def test_the_changes_page_and_file_read_one_declaration_in_constant_queries(
    immediate, login, la_officer, la_ranks, constant_queries
):
    client = login(la_officer)
    client.post("/personnel/import/", {"file": upload("roster-fixed.csv")})
    roster_import = RosterImport.objects.get()
    lieutenant, captain = Rank.objects.filter(organisation__code="la-pko").order_by("pk")[:2]
    promoted = {
        "action": "updated",
        "fields": [
            {"field": "rank_id", "old": str(lieutenant.pk), "new": str(captain.pk)},
            {"field": "specialties", "old": "", "new": ""},
        ],
    }

    def promote(count):
        roster_import.changes = [
            {**promoted, "row": n, "service_number": f"LA-{n}", "name": f"Name {n}"}
            for n in range(2, 2 + count)
        ]
        roster_import.save()

    promote(3)
    url = f"/personnel/import/{roster_import.pk}/"
    html = constant_queries(client, f"{url}?page=2", lambda: promote(PAGE_SIZE + 10))
    assert re.findall(r"<tr><td>(\d+)</td>", html) == [str(n) for n in range(52, 62)]
    expected = f"Rank: {lieutenant.name_native} → {captain.name_native}"
    assert f"<li>{expected}</li><li>Specialties</li>" in html
    rows = list(
        csv.reader(io.StringIO(client.get(f"{url}rows.csv").getvalue().decode("utf-8-sig")))
    )
    assert rows[0] == [c.key for c in ROSTER_CHANGES.columns]
    assert rows[1] == ["2", "LA-2", "Name 2", "updated", f"{expected}; Specialties"]
    assert len(rows) == 1 + PAGE_SIZE + 10


def test_the_page_polls_while_the_task_runs_and_works_without_js(settings, login, la_officer):
    settings.TASKS = DATABASE  # queued, not run: no worker in this test
    client = login(la_officer)
    client.post("/personnel/import/", {"file": upload("roster-fixed.csv")})
    roster_import = RosterImport.objects.get()
    url = f"/personnel/import/{roster_import.pk}/"

    page = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML"' in page
    assert f'<a href="{url}">Refresh</a>' in page  # the fallback without JavaScript

    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.startswith('<div id="import-status"')
    assert "<html" not in part
    assert 'data-status="uploaded"' in part


def test_upload_form_refuses_other_files(immediate, login, la_officer):
    client = login(la_officer)
    response = client.post(
        "/personnel/import/", {"file": SimpleUploadedFile("roster.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "Only .csv and .xlsx rosters can be imported." in response.content.decode()
    assert not RosterImport.objects.exists()


def test_templates_download(login, la_officer):
    client = login(la_officer)
    response = client.get("/personnel/import/template.csv")
    assert response["Content-Disposition"] == 'attachment; filename="roster-template.csv"'
    assert response.content.decode("utf-8-sig").startswith("service_number,full_name,")
    response = client.get("/personnel/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Roster", "Columns"]
    assert workbook["Roster"]["A1"].value == "service_number"
    assert client.get("/personnel/import/template.pdf").status_code == 404


def test_viewer_cannot_import_and_sees_no_link(immediate, cast, login, la_officer, la_ranks):
    officer = login(la_officer)
    officer.post("/personnel/import/", {"file": upload("roster-fixed.csv")})
    roster_import = RosterImport.objects.get()
    assert 'href="/personnel/import/"' in officer.get("/personnel/").content.decode()

    viewer = login(cast["vn_viewer"])
    assert 'href="/personnel/import/"' not in viewer.get("/personnel/").content.decode()
    assert viewer.get("/personnel/import/").status_code == 403
    assert (
        viewer.post("/personnel/import/", {"file": upload("roster-fixed.csv")}).status_code == 403
    )
    assert RosterImport.objects.count() == 1
    adviser = login(cast["adviser"])  # a viewer in la-pko, the import's own organisation
    adviser.post("/accounts/organisation/switch/", {"organisation": "la-pko", "next": "/"})
    assert '<option value="la-pko" selected>' in adviser.get("/").content.decode()
    assert adviser.get(f"/personnel/import/{roster_import.pk}/").status_code == 403
    assert adviser.post(f"/personnel/import/{roster_import.pk}/confirm/").status_code == 403
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID


def test_another_organisation_gets_404(immediate, cast, login, la_officer, la_ranks):
    login(la_officer).post("/personnel/import/", {"file": upload("roster-fixed.csv")})
    roster_import = RosterImport.objects.get()
    for user in (cast["outsider"], cast["vn_admin"]):  # vn-dpko is la-pko's partner: still 404
        client = login(user)
        assert client.get(f"/personnel/import/{roster_import.pk}/").status_code == 404
        assert client.post(f"/personnel/import/{roster_import.pk}/confirm/").status_code == 404
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALID
    assert Person.objects.count() == 0


# --- API -----------------------------------------------------------------------------------------


def test_api_dry_run_then_confirm(immediate, api, la_officer, la_ranks):
    client = api(la_officer)
    response = client.post(
        "/api/v1/personnel/imports/", {"file": upload("roster-fixed.csv"), "dry_run": "true"}
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "valid"
    assert body["counts"]["created"] == 10
    assert body["errors"] == []
    assert Person.objects.count() == 0

    response = client.post(f"/api/v1/personnel/imports/{body['id']}/confirm/")
    assert response.status_code == 202
    assert response.json()["status"] == "done"
    got = client.get(f"/api/v1/personnel/imports/{body['id']}/").json()
    assert (got["status"], got["counts"]["created"], got["finished_at"] is not None) == (
        "done",
        10,
        True,
    )
    assert Person.objects.count() == 10

    again = client.post(f"/api/v1/personnel/imports/{body['id']}/confirm/")
    assert again.status_code == 400
    assert again.json()["code"] == "validation_failed"


def test_api_without_dry_run_imports_when_valid_and_reports_errors_otherwise(
    immediate, api, la_officer, la_ranks
):
    client = api(la_officer)
    done = client.post("/api/v1/personnel/imports/", {"file": upload("roster-fixed.csv")}).json()
    assert done["status"] == "done"
    assert Person.objects.count() == 10

    bad = client.post("/api/v1/personnel/imports/", {"file": upload("roster-messy.csv")}).json()
    assert bad["status"] == "invalid"
    assert bad["errors"][2] == {
        "row": 7,
        "column": "service_number",
        "message": "Service number LA-0001 is already on row 2.",
    }
    assert Person.objects.count() == 10


def test_api_queues_the_work(settings, api, la_officer):
    settings.TASKS = DATABASE
    response = api(la_officer).post(
        "/api/v1/personnel/imports/", {"file": upload("roster-fixed.csv")}
    )
    assert response.status_code == 202
    assert response.json()["status"] == "uploaded"


def test_api_outsider_gets_404_and_viewer_403(immediate, api, cast, la_officer, la_ranks):
    body = (
        api(la_officer)
        .post("/api/v1/personnel/imports/", {"file": upload("roster-fixed.csv"), "dry_run": "1"})
        .json()
    )
    outsider = api(cast["outsider"])
    assert outsider.get(f"/api/v1/personnel/imports/{body['id']}/").status_code == 404
    response = outsider.post(f"/api/v1/personnel/imports/{body['id']}/confirm/")
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "message": "Not found.",
        "details": [],
    }
    assert api(cast["vn_admin"]).get(f"/api/v1/personnel/imports/{body['id']}/").status_code == 404

    viewer = api(cast["vn_viewer"])
    response = viewer.post("/api/v1/personnel/imports/", {"file": upload("roster-fixed.csv")})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert RosterImport.objects.get().status == RosterImport.Status.VALID
    assert Person.objects.count() == 0


def test_preview_lists_the_people_to_create_and_what_changes_for_the_others(
    immediate, login, la_officer, la_ranks, orgs
):
    """Issue 16 (15): the preview showed counts only."""
    from forcegen.personnel.models import Rank
    from forcegen.personnel.services import save_person

    save_person(
        organisation=orgs["la"],
        service_number="LA-0002",
        full_name="Noy Phommachanh",
        full_name_native="ນ້ອຍ ພົມມະຈັນ",
        sex="F",
        date_of_birth=datetime.date(1994, 11, 2),
        rank=Rank.objects.get(organisation=orgs["la"], code="hoy-ti"),
        home_unit="Engineer company",
    )
    client = login(la_officer)
    client.post("/personnel/import/", {"file": upload("roster-fixed.csv")})
    roster_import = RosterImport.objects.get()
    preview = client.get(f"/personnel/import/{roster_import.pk}/").content.decode()
    assert "People to create and update" in preview
    assert "<td>LA-0001</td><td>Keo Sivongsa</td>" in preview
    assert preview.count("New person") == 9
    noy = preview[preview.index("<td>LA-0002</td>") :]
    noy = noy[: noy.index("</tr>")]
    assert "Home unit: Engineer company → Field hospital 1" in noy
    assert "Rank: ຮ້ອຍຕີ → ຮ້ອຍເອກ" in noy
    assert "Specialties" in noy
