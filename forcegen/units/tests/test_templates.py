"""Starter templates: the loader (all or nothing, row and field errors), the command, and sharing
with a partner (read only, gone when the grant is revoked)."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from forcegen.core.models import SharingGrant
from forcegen.personnel.models import Requirement
from forcegen.units import services, template_files
from forcegen.units.models import TemplatePosition, UnitTemplate

from .conftest import share
from .factories import MINI, document, load


def load_starters(organisation):
    return template_files.load_unit_templates(
        organisation=organisation,
        documents=template_files.read_template_files(template_files.starter_template_files()),
    )


@pytest.fixture
def catalogue(orgs):
    from forcegen.training.catalogue_file import load_starter_catalogue

    load_starter_catalogue(orgs["vn"])


def seats(organisation, code):
    template = UnitTemplate.objects.get(organisation=organisation, code=code)
    return sum(template.positions.values_list("count", flat=True))


def test_starter_templates_have_the_real_sizes(orgs, catalogue):
    counts = load_starters(orgs["vn"])
    assert counts["templates created"] == 5
    assert seats(orgs["vn"], "level-2-hospital") == 63  # Viet Nam's L2H in UNMISS [V]
    assert seats(orgs["vn"], "engineering-company") == 184  # Viet Nam in UNISFA [V]
    l2h = UnitTemplate.objects.get(organisation=orgs["vn"], code="level-2-hospital")
    assert "[V]" in l2h.source
    assert "[U]" in l2h.source
    assert set(l2h.equipment.values_list("kind", flat=True)) == {"major", "self_sustainment"}
    surgeon = Requirement.objects.get(organisation=orgs["vn"], name="L2H · Surgeon")
    assert surgeon.specialty is not None
    assert (surgeon.specialty.code, surgeon.min_rank, surgeon.max_rank) == (
        "surgeon",
        "OF-2",
        "OF-4",
    )
    assert [str(c) for c in surgeon.credentials.order_by("pk")] == [
        "Passport",
        "Medical fitness (fit for duty)",
        "Vaccination (yellow fever)",
        "Conduct / human-rights screening (cleared)",
    ]
    assert [str(lang) for lang in surgeon.languages.all()] == ["English ≥ B1"]  # overrides A2
    assert [str(c) for c in surgeon.courses.all()] == ["CPTM"]
    women = TemplatePosition.objects.get(template=l2h, title="Ward nurse (women)")
    assert women.requirement.female_only
    assert women.count == 4


def test_loading_again_updates_in_place(orgs, catalogue):
    load_starters(orgs["vn"])
    requirements = Requirement.objects.count()
    again = load_starters(orgs["vn"])
    assert again["templates created"] == 0
    assert again["templates updated"] == 5
    assert again["requirements created"] == 0
    assert Requirement.objects.count() == requirements
    assert seats(orgs["vn"], "level-2-hospital") == 63


def test_a_bad_file_stores_nothing_and_names_every_problem(orgs, cptm):
    good = document(code="good", name="Good")
    bad = document(code="bad", name="Bad")
    bad["positions"][0]["specialty"] = "anesthetist"
    bad["positions"][1]["min_rank"] = "Major"
    bad["positions"][2]["count"] = 0
    bad["equipment"][0]["kind"] = "heavy"
    bad["defaults"]["courses"] = ["NOPE"]
    with pytest.raises(ValidationError) as refused:
        template_files.load_unit_templates(
            organisation=orgs["vn"], documents=[("good.json", good), ("bad.json", bad)]
        )
    assert refused.value.messages == [
        "bad.json: positions[0] (Anaesthetist).specialty: unknown specialty “anesthetist” (see "
        "forcegen/personnel/data/specialties.csv)",
        "bad.json: positions[1] (Nurse).min_rank: “Major” is not a NATO rank code such as OR-6 "
        "or OF-3",
        "bad.json: positions[2] (Nurse (women)).count: expected a whole number of at least 1",
        "bad.json: equipment[0].kind: expected one of major, self_sustainment",
        "bad.json: course “NOPE” is not in the catalogue of vn-dpko nor in a catalogue shared "
        "with it",
    ]
    assert not UnitTemplate.objects.exists()
    assert not Requirement.objects.exists()


def test_wrong_defaults_are_reported_once_not_per_position(orgs, cptm):
    bad = document(code="bad", defaults={"specialty": "medic", "languages": [{"language": "en"}]})
    with pytest.raises(ValidationError) as refused:
        template_files.load_unit_templates(organisation=orgs["vn"], documents=[("bad.json", bad)])
    assert refused.value.messages == [
        "bad.json: defaults.specialty: unknown specialty “medic” (see "
        "forcegen/personnel/data/specialties.csv)",
        'bad.json: defaults.languages[0]: expected {"language": "en", "min_level": "A1" to "C2"}',
    ]


def test_the_command_loads_the_starters_and_reports_errors(orgs, catalogue, tmp_path):
    out = StringIO()
    call_command("load_unit_templates", "--org", "vn-dpko", stdout=out)
    assert "templates created: 5" in out.getvalue()
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**MINI, "kind": "navy"}), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json: kind: "):
        call_command("load_unit_templates", str(broken), "--org", "vn-dpko")
    not_json = tmp_path / "not.json"
    not_json.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"not\.json"):
        call_command("load_unit_templates", str(not_json), "--org", "vn-dpko")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("load_unit_templates", "--org", "nowhere")


def test_partner_reads_a_shared_template_read_only_and_loses_it_on_revoke(
    orgs, cast, login, api, mini, template_grant
):
    partner = login(cast["la_planner"])
    listing = partner.get("/units/templates/").content.decode()
    assert "Mini hospital" in listing
    assert "shared with you" in listing
    page = partner.get(f"/units/templates/{mini.pk}/").content.decode()
    assert "shared with you, read only" in page
    assert "Anaesthetist" in page
    data = api(cast["la_planner"]).get(f"/api/v1/units/templates/{mini.pk}/").json()
    assert data["shared"] is True
    assert data["seats"] == 5
    assert data["positions"][0]["requirement"]["name"] == "MINI · Anaesthetist"

    # Loading a file writes the partner's own templates, never the owner's (its courses may come
    # from a catalogue shared with it).
    share(orgs, SharingGrant.Scope.COURSE_CATALOGUE)
    load(orgs["la"], MINI)
    assert UnitTemplate.objects.filter(code=MINI["code"]).count() == 2
    assert mini.positions.count() == 3

    template_grant.revoked_at = timezone.now()
    template_grant.save()
    assert partner.get(f"/units/templates/{mini.pk}/").status_code == 404
    assert api(cast["la_planner"]).get(f"/api/v1/units/templates/{mini.pk}/").status_code == 404
    with pytest.raises(ValidationError, match="not shared"):
        services.create_unit(organisation=orgs["la"], template=mini, name="Too late")


def test_outsider_gets_404_for_templates(cast, login, api, mini):
    assert login(cast["outsider"]).get(f"/units/templates/{mini.pk}/").status_code == 404
    response = api(cast["outsider"]).get(f"/api/v1/units/templates/{mini.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api(cast["outsider"]).get("/api/v1/units/templates/").json() == []


def test_upload_in_the_ui_is_all_or_nothing(orgs, cast, login, cptm):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(cast["vn_planner"])
    bad = document(code="x", positions=[{"title": "Nobody", "count": -1}])
    upload = SimpleUploadedFile("x.json", json.dumps(bad).encode(), "application/json")
    page = client.post("/units/templates/load/", {"file": upload}, follow=True).content.decode()
    assert "x.json: positions[0] (Nobody).count: expected a whole number of at least 1" in page
    assert not UnitTemplate.objects.exists()
    upload = SimpleUploadedFile("m.json", json.dumps(MINI).encode(), "application/json")
    page = client.post("/units/templates/load/", {"file": upload}, follow=True).content.decode()
    assert "Template loaded" in page
    assert UnitTemplate.objects.get().name == "Mini hospital"
    viewer = login(cast["vn_viewer"])
    assert viewer.post("/units/templates/load/", {"file": upload}).status_code == 403


def test_template_list_export_and_api_read_one_filter_declaration(
    orgs, cast, login, api, mini, template_grant
):
    share(orgs, SharingGrant.Scope.COURSE_CATALOGUE)  # the file's courses are Viet Nam's
    load(
        orgs["la"], document(code="la-engineers", name="Lao engineers", kind="engineering_company")
    )
    client = login(cast["la_planner"])
    page = client.get("/units/templates/?shared=true").content.decode()
    assert "Mini hospital" in page
    assert "Lao engineers" not in page
    exported = b"".join(client.get("/units/templates/export.csv?shared=false").streaming_content)
    rows = exported.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("code,name,kind,positions,seats,owner")
    assert [row.split(",")[0] for row in rows[1:]] == ["la-engineers"]
    listed = api(cast["la_planner"]).get("/api/v1/units/templates/?kind=engineering_company").json()
    assert [t["code"] for t in listed] == ["la-engineers"]
    # A bad value: explained on the page, a 400 for the file, a 422 for the API.
    assert (
        "Select one of the choices." in client.get("/units/templates/?kind=navy").content.decode()
    )
    assert client.get("/units/templates/export.csv?kind=navy").status_code == 400
    assert api(cast["la_planner"]).get("/api/v1/units/templates/?kind=navy").status_code == 422
