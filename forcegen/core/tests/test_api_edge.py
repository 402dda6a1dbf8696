"""Every out-of-range or malformed request is a 4xx in the error shape, decided at the edge
(one place per kind of parameter), never a server error."""

import json

import pytest
from django.test import Client

from forcegen.accounts.services import issue_token, revoke_token
from forcegen.personnel.tests.factories import PersonFactory


def assert_error(response, status):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["status"] == status
    assert {"code", "message", "details"} <= set(body)
    return body


@pytest.fixture
def admin(cast, api):
    return api(cast["vn_admin"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/partnerships/?page=9223372036854775808",
        "/api/v1/personnel/?page=0",
        "/api/v1/contributions/?month=0000-01",
        "/api/v1/training/reports/?year=1424196",
        "/api/v1/personnel/eligibility/?requirement=1&start=0001-01-01&end=9999-12-31",
        "/api/v1/training/needs/?deadline=2027-01-01&courses=-9313748612367851520",
        "/api/v1/personnel/?q=" + "x" * 50_000,
    ],
)
def test_out_of_range_query_parameters_are_422(admin, url):
    assert_error(admin.get(url), 422)


def test_a_page_past_the_end_is_empty_not_an_error(admin):
    response = admin.get("/api/v1/partnerships/?page=999999")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_an_id_no_database_stores_is_422(admin):
    response = admin.post(
        "/api/v1/plan-runs/",
        {"rotations": [99999999999999999999]},
        content_type="application/json",
    )
    assert_error(response, 422)


def test_null_for_a_field_that_cannot_be_empty_is_422(admin, orgs):
    person = PersonFactory.create(organisation=orgs["vn"])
    for field in ("full_name_native", "home_unit", "date_of_birth"):
        response = admin.patch(
            f"/api/v1/personnel/{person.pk}/", {field: None}, content_type="application/json"
        )
        assert_error(response, 422)


def test_a_body_that_is_not_an_object_is_400(admin, orgs):
    person = PersonFactory.create(organisation=orgs["vn"])
    response = admin.patch(
        f"/api/v1/personnel/{person.pk}/", "[null, null]", content_type="application/json"
    )
    assert_error(response, 400)


def test_a_nul_byte_is_refused_like_in_the_form(admin, orgs):
    person = PersonFactory.create(organisation=orgs["vn"])
    response = admin.patch(
        f"/api/v1/personnel/{person.pk}/", {"full_name": "A\x00B"}, content_type="application/json"
    )
    assert assert_error(response, 400)["details"][0]["field"] == "full_name"


def test_a_3_mb_json_body_is_413(admin):
    body = json.dumps({"rotations": [1], "padding": "x" * 3_000_000})
    assert_error(admin.post("/api/v1/plan-runs/", body, content_type="application/json"), 413)


def test_multipart_without_a_boundary_is_400(admin):
    response = admin.post(
        "/api/v1/personnel/imports/", b"--x\r\n", content_type="multipart/form-data"
    )
    assert_error(response, 400)


def test_a_method_the_path_does_not_take_is_405_in_the_error_shape(admin):
    response = admin.delete("/api/v1/me/")
    assert_error(response, 405)
    assert "GET" in response["Allow"]


def test_a_revoked_token_is_401_even_on_a_post(cast):
    token, raw = issue_token(user=cast["vn_admin"], name="old")
    revoke_token(token=token)
    client = Client(headers={"Authorization": f"Bearer {raw}"}, enforce_csrf_checks=True)
    response = client.post("/api/v1/tokens/", {"name": "x"}, content_type="application/json")
    assert_error(response, 401)


def test_the_server_header_names_no_python_version(admin):
    response = admin.get("/api/v1/me/")
    assert response["Server"] == "forcegen"


def test_every_api_list_pages_through_the_bounded_pagination():
    from pathlib import Path

    from django.conf import settings

    unbounded = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "forcegen").glob("*/api.py")
        if "PageNumberPagination" in path.read_text("utf-8")
    ]
    assert unbounded == []
