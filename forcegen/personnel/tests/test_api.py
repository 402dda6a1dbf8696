"""Personnel API: tenancy, privacy, writes with field errors, eligibility, constant queries."""

import datetime
import json

import pytest
from auditlog.models import LogEntry

from forcegen.personnel.models import Credential, Person, Requirement, Specialty

from .factories import CredentialFactory, PersonFactory, RankFactory


@pytest.fixture
def nurse(orgs):
    person = PersonFactory.create(
        organisation=orgs["vn"], full_name="Tran Thi Lan", sex="F", specialties=["nurse"]
    )
    CredentialFactory.create(
        person=person, reference="C1111111", valid_until=datetime.date(2031, 1, 1)
    )
    return person


@pytest.fixture
def officer(make_user):
    return make_user("vn-personnel", ("vn", "personnel_officer"))


def test_outsider_gets_404_and_an_empty_list(cast, api, nurse):
    la = api(cast["la_planner"])
    assert la.get(f"/api/v1/personnel/{nurse.pk}/").json()["code"] == "not_found"
    empty = {"items": [], "count": 0, "next": None, "previous": None}
    assert la.get("/api/v1/personnel/").json() == empty
    assert api(cast["vn_planner"]).get("/api/v1/personnel/").json()["count"] == 1


def test_private_credentials_are_masked_for_roles_without_the_permission(cast, api, officer, nurse):
    viewer = api(cast["vn_viewer"]).get(f"/api/v1/personnel/{nurse.pk}/").json()
    passport = viewer["credentials"][0]
    assert passport == {**passport, "kind": "passport", "restricted": True, "reference": None}
    assert passport["valid_until"] == "2031-01-01"
    full = api(officer).get(f"/api/v1/personnel/{nurse.pk}/").json()["credentials"][0]
    assert full["reference"] == "C1111111"
    assert full["restricted"] is False


def test_blood_group_is_null_for_roles_without_the_permission(cast, api, officer, nurse):
    Person.objects.filter(pk=nurse.pk).update(blood_group="B+")
    url = f"/api/v1/personnel/{nurse.pk}/"
    assert api(cast["vn_viewer"]).get(url).json()["blood_group"] is None
    assert api(officer).get(url).json()["blood_group"] == "B+"


def test_list_filters_and_constant_queries(cast, api, orgs, nurse, django_assert_max_num_queries):
    client = api(cast["vn_planner"])
    assert client.get("/api/v1/personnel/?sex=M").json()["count"] == 0
    assert client.get("/api/v1/personnel/?q=lan&specialty=nurse").json()["count"] == 1
    for _ in range(25):
        PersonFactory.create(organisation=orgs["vn"], specialties=["driver", "nurse"])
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/personnel/?page_size=20").json()
    assert data["count"] == 26
    assert len(data["items"]) == 20


def test_bad_filter_names_the_field(cast, api):
    response = api(cast["vn_planner"]).get("/api/v1/personnel/?sex=X")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "sex"


def test_create_update_and_audit(api, officer, orgs, nurse):
    client = api(officer)
    payload = {
        "service_number": "VN900002",
        "full_name": "Hoang Thu Ha",
        "full_name_native": "Hoàng Thu Hà",
        "sex": "F",
        "date_of_birth": "1991-09-09",
        "rank": nurse.rank.code,
        "specialties": ["nurse", "interpreter"],
    }
    bad_rank = client.post(
        "/api/v1/personnel/", {**payload, "rank": "admiral"}, content_type="application/json"
    )
    assert bad_rank.status_code == 400
    assert bad_rank.json()["details"] == [
        {"field": "rank", "message": "Unknown rank “admiral” in vn-dpko's table."}
    ]
    bad_specialty = client.post(
        "/api/v1/personnel/",
        {**payload, "specialties": ["nurse", "astronaut"]},
        content_type="application/json",
    )
    assert bad_specialty.json()["details"] == [
        {"field": "specialties", "message": "Unknown specialty: astronaut."}
    ]
    assert not Person.objects.filter(service_number="VN900002").exists()
    created = client.post("/api/v1/personnel/", payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert sorted(body["specialties"]) == ["interpreter", "nurse"]
    assert body["full_name_native"] == "Hoàng Thu Hà"
    duplicate = client.post("/api/v1/personnel/", payload, content_type="application/json")
    assert duplicate.status_code == 400
    assert Person.objects.filter(service_number="VN900002").count() == 1

    patched = client.patch(
        f"/api/v1/personnel/{body['id']}/",
        {"home_unit": "Hospital 175"},
        content_type="application/json",
    )
    assert patched.json()["home_unit"] == "Hospital 175"
    entry = LogEntry.objects.get_for_object(Person.objects.get(pk=body["id"])).latest("timestamp")
    assert entry.actor == officer
    assert "home_unit" in entry.changes_dict


def test_viewer_cannot_write(cast, api, nurse):
    client = api(cast["vn_viewer"])
    response = client.patch(
        f"/api/v1/personnel/{nurse.pk}/", {"home_unit": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=nurse.pk).home_unit == ""


def test_add_credential_validates_level(api, officer, nurse):
    client = api(officer)
    url = f"/api/v1/personnel/{nurse.pk}/credentials/"
    bad = client.post(
        url, {"kind": "language", "detail": "en", "level": "B7"}, content_type="application/json"
    )
    assert bad.json()["details"] == [{"field": "level", "message": "Use a level from A1 to C2."}]
    good = client.post(
        url, {"kind": "language", "detail": "en", "level": "B2"}, content_type="application/json"
    )
    assert good.status_code == 201
    assert Credential.objects.get(person=nurse, kind="language").level == 4


def test_eligibility_endpoints_agree(cast, api, orgs, nurse):
    other = PersonFactory.create(
        organisation=orgs["vn"],
        specialties=["surgeon"],
        rank=RankFactory.create(organisation=orgs["vn"], code="x", nato_code="OR-3"),
    )
    requirement = Requirement.objects.create(
        organisation=orgs["vn"], name="Nurse", specialty=Specialty.objects.get(code="nurse")
    )
    requirement.credentials.create(kind="passport")
    client = api(cast["vn_planner"])
    query = f"requirement={requirement.pk}&start=2027-03-01&end=2028-02-29"
    listing = client.get(f"/api/v1/personnel/eligibility/?{query}").json()
    assert listing["count"] == 1
    assert [p["id"] for p in listing["people"]] == [nurse.pk]
    verdict = client.get(f"/api/v1/personnel/{other.pk}/eligibility/?{query}").json()
    assert verdict == {
        "person": other.pk,
        "eligible": False,
        "failures": ["does not hold the specialty Nurse", "no Passport on record"],
        "legal_basis": [],  # the requirement cites no document
    }
    bad_period = client.get(
        f"/api/v1/personnel/eligibility/?requirement={requirement.pk}&start=2027-03-01&end=2027-01-01"
    )
    assert bad_period.status_code == 400
    assert bad_period.json()["details"][0]["field"] == "end"
    assert api(cast["la_planner"]).get(f"/api/v1/personnel/eligibility/?{query}").status_code == 404


def test_invalid_status_is_refused_with_the_field(api, officer, nurse):
    response = api(officer).patch(
        f"/api/v1/personnel/{nurse.pk}/", {"status": "deserted"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "status"
    assert Person.objects.get(pk=nurse.pk).status == "active"


def test_requirement_and_eligibility_lists_keep_a_constant_query_count(
    cast, api, orgs, nurse, constant_queries
):
    client = api(cast["vn_planner"])
    nurse_post = Requirement.objects.create(
        organisation=orgs["vn"], name="Nurse", specialty=Specialty.objects.get(code="nurse")
    )

    def more_requirements():
        for i in range(4):
            Requirement.objects.create(
                organisation=orgs["vn"], name=f"Post {i}", specialty=nurse_post.specialty
            )

    listed = json.loads(
        constant_queries(client, "/api/v1/personnel/requirements/", more_requirements)
    )
    assert [r["specialty"] for r in listed] == ["nurse"] * 5

    def more_nurses():
        for _ in range(5):
            PersonFactory.create(organisation=orgs["vn"], specialties=["nurse", "driver"])

    query = f"requirement={nurse_post.pk}&start=2027-03-01&end=2027-09-30"
    eligible = json.loads(
        constant_queries(client, f"/api/v1/personnel/eligibility/?{query}", more_nurses)
    )
    assert eligible["count"] == 6
    assert all(p["specialties"] for p in eligible["people"])
