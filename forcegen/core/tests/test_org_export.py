"""An administrator's export holds all of their organisation's records, and nothing of another."""

import csv
import io
import zipfile
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from forcegen.core.org_export import write_organisation_export
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory


@pytest.fixture
def two_rosters(cast, orgs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    vn_person = PersonFactory(organisation=orgs["vn"], full_name="Tran Thi Binh")
    la_person = PersonFactory(organisation=orgs["la"], full_name="Somphone Keomany")
    vn_scan: Any = CredentialFactory(person=vn_person)
    vn_scan.document.save("vn-passport.pdf", ContentFile(b"vn scan"), save=True)
    la_scan: Any = CredentialFactory(person=la_person)
    la_scan.document.save("la-passport.pdf", ContentFile(b"la scan"), save=True)
    return {"vn": vn_person, "la": la_person}


def _tables(payload: bytes) -> tuple[dict[str, list[dict[str, str]]], dict[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(payload))
    tables = {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
        if name.endswith(".csv")
    }
    documents = {n: archive.read(n) for n in archive.namelist() if n.startswith("documents/")}
    return tables, documents


def test_export_holds_the_organisations_records_and_nothing_of_another(two_rosters, orgs):
    out = io.BytesIO()
    write_organisation_export(orgs["la"], out)
    tables, documents = _tables(out.getvalue())

    assert [p["full_name"] for p in tables["personnel.person"]] == ["Somphone Keomany"]
    assert [c["person_id"] for c in tables["personnel.credential"]] == [str(two_rosters["la"].pk)]
    assert list(documents.values()) == [b"la scan"]
    assert {u["username"] for u in tables["accounts.user"]} == {"la-admin", "la-planner", "adviser"}
    assert "password" not in tables["accounts.user"][0]
    assert [o["code"] for o in tables["core.organisation"]] == ["la-pko"]
    for label, rows in tables.items():
        for row in rows:
            if "organisation_id" in row:
                assert row["organisation_id"] == str(orgs["la"].pk), label
    everything = str(tables)
    assert "Tran Thi Binh" not in everything
    assert "vn-admin" not in everything


def test_administrator_downloads_the_export_from_the_organisation_page(two_rosters, cast, login):
    client = login(cast["la_admin"])
    page = client.get("/organisations/la-pko/").content.decode()
    assert "/organisations/la-pko/export/" in page
    response = client.get("/organisations/la-pko/export/")
    assert response["Content-Type"] == "application/zip"
    tables, _documents = _tables(b"".join(response.streaming_content))
    assert [p["full_name"] for p in tables["personnel.person"]] == ["Somphone Keomany"]


def test_only_administrators_export_and_only_their_own_organisation(two_rosters, cast, login, api):
    assert login(cast["la_planner"]).get("/organisations/la-pko/export/").status_code == 403
    assert login(cast["la_admin"]).get("/organisations/vn-dpko/export/").status_code == 404
    assert login(cast["outsider"]).get("/organisations/la-pko/export/").status_code == 404
    assert api(cast["outsider"]).get("/api/v1/organisations/la-pko/export/").status_code == 404
    response = api(cast["la_admin"]).get("/api/v1/organisations/la-pko/export/")
    assert response.status_code == 200
    tables, _documents = _tables(b"".join(response.streaming_content))
    assert [p["full_name"] for p in tables["personnel.person"]] == ["Somphone Keomany"]


def test_export_command_writes_the_zip(two_rosters, tmp_path):
    target = tmp_path / "la.zip"
    call_command("export_organisation", str(target), org="la-pko", stdout=io.StringIO())
    tables, documents = _tables(target.read_bytes())
    assert len(tables["personnel.person"]) == 1
    assert list(documents.values()) == [b"la scan"]
