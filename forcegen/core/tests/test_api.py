"""The API: tenancy through tokens, one error shape, audit of API changes, a valid schema."""

import json
import re

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import translation
from openapi_spec_validator import validate

from forcegen.accounts.models import Membership
from forcegen.core.api import ERROR_MESSAGES
from forcegen.core.models import Organisation, SharingGrant

ERROR_KEYS = {"status", "code", "message", "details"}


def body(response):
    return json.loads(response.content)


def test_outsider_token_gets_404_and_empty_list_for_another_organisations_records(cast, orgs, api):
    vn_record = Membership.objects.get(user=cast["vn_planner"])
    la = api(cast["la_planner"])

    response = la.get(f"/api/v1/memberships/{vn_record.pk}/")
    assert response.status_code == 404
    assert body(response) == {
        "status": 404,
        "code": "not_found",
        "message": "Not found.",
        "details": [],
    }

    listed = body(la.get("/api/v1/memberships/"))
    assert {item["organisation"] for item in listed["items"]} == {"la-pko"}
    assert vn_record.pk not in {item["id"] for item in listed["items"]}


def test_owner_token_sees_its_records(cast, api):
    vn_record = Membership.objects.get(user=cast["vn_planner"])
    response = api(cast["vn_planner"]).get(f"/api/v1/memberships/{vn_record.pk}/")
    assert response.status_code == 200
    assert body(response)["username"] == "vn-planner"


def test_list_is_paginated_with_a_count(cast, api):
    response = api(cast["vn_planner"]).get("/api/v1/memberships/?page_size=2")
    data = body(response)
    assert data["count"] == Membership.objects.filter(organisation__code="vn-dpko").count() == 4
    assert len(data["items"]) == 2


def test_organisation_outside_partnerships_is_404(cast, api):
    response = api(cast["la_planner"]).get("/api/v1/organisations/xx-out/")
    assert response.status_code == 404
    assert set(body(response)) == ERROR_KEYS


def test_missing_or_revoked_token_is_401_with_the_error_shape(cast):
    from forcegen.accounts.services import issue_token, revoke_token

    assert body(Client().get("/api/v1/me/"))["code"] == "authentication_required"
    token, raw = issue_token(user=cast["vn_planner"], name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me/").status_code == 200
    revoke_token(token=token)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert set(body(response)) == ERROR_KEYS


def test_schema_errors_name_the_field(cast, api):
    response = api(cast["vn_admin"]).post(
        "/api/v1/sharing-grants/",
        {"grantee": "la-pko", "scope": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 422
    data = body(response)
    assert data["code"] == "invalid_input"
    assert [d["field"] for d in data["details"]] == ["scope"]


def test_business_rule_errors_name_the_field(cast, api):
    response = api(cast["vn_admin"]).post(
        "/api/v1/sharing-grants/",
        {"grantee": "vn-dpko", "scope": "units.templates"},
        content_type="application/json",
    )
    assert response.status_code == 400
    data = body(response)
    assert data["code"] == "validation_failed"
    assert data["details"] == [
        {"field": "grantee", "message": "vn-dpko has no active partnership with vn-dpko."}
    ]
    assert data["message"] == data["details"][0]["message"]
    assert not SharingGrant.objects.exists()


def test_role_without_permission_gets_403(cast, api):
    response = api(cast["vn_viewer"]).patch(
        "/api/v1/organisations/vn-dpko/", {"name_en": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert body(response)["code"] == "permission_denied"
    assert Organisation.objects.get(code="vn-dpko").name_en != "X"


def test_partner_cannot_edit_a_visible_organisation(cast, api):
    response = api(cast["la_admin"]).patch(
        "/api/v1/organisations/vn-dpko/", {"name_en": "X"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_api_edit_is_audited_with_the_token_user_and_changed_fields(cast, api):
    client = api(cast["vn_admin"])
    response = client.patch(
        "/api/v1/organisations/vn-dpko/",
        {"name_en": "Viet Nam Department of Peacekeeping Operations"},
        content_type="application/json",
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(Organisation.objects.get(code="vn-dpko")).latest(
        "timestamp"
    )
    assert entry.actor == cast["vn_admin"]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["name_en"] == [
        "Vietnam Department of Peacekeeping Operations",
        "Viet Nam Department of Peacekeeping Operations",
    ]
    history = body(client.get("/api/v1/organisations/vn-dpko/history/"))
    assert history[0]["actor"] == "vn-admin"
    assert "name_en" in history[0]["changes"]


def test_history_needs_the_audit_permission(cast, api):
    assert api(cast["vn_planner"]).get("/api/v1/organisations/vn-dpko/history/").status_code == 403


def test_grant_and_revoke_through_the_api(cast, api):
    client = api(cast["vn_admin"])
    created = client.post(
        "/api/v1/sharing-grants/",
        {"grantee": "la-pko", "scope": "training.catalogue"},
        content_type="application/json",
    )
    assert created.status_code == 201
    grant_id = body(created)["id"]
    assert SharingGrant.objects.active().filter(pk=grant_id).exists()
    # The grantee sees the grant but cannot revoke it.
    assert (
        api(cast["la_admin"]).post(f"/api/v1/sharing-grants/{grant_id}/revoke/").status_code == 404
    )
    revoked = client.post(f"/api/v1/sharing-grants/{grant_id}/revoke/")
    assert body(revoked)["revoked_at"] is not None
    assert not SharingGrant.objects.active().exists()


def test_organisation_header_switches_the_acting_membership(cast, api):
    adviser = cast["adviser"]
    assert body(api(adviser).get("/api/v1/me/"))["active_organisation"] == "vn-dpko"
    as_la = body(api(adviser, organisation="la-pko").get("/api/v1/me/"))
    assert as_la["active_organisation"] == "la-pko"
    assert as_la["role"] == "viewer"
    refused = api(adviser, organisation="xx-out").get("/api/v1/me/")
    assert refused.status_code == 403


def test_session_auth_requires_csrf_for_writes(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["vn_admin"], backend="forcegen.accounts.backends.PasswordBackend")
    assert client.get("/api/v1/me/").status_code == 200
    response = client.patch(
        "/api/v1/organisations/vn-dpko/", {"name_en": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Organisation.objects.get(code="vn-dpko").name_en != "X"


@pytest.mark.django_db
def test_openapi_schema_is_valid_and_lists_the_endpoints():
    schema = body(Client().get("/api/v1/openapi.json"))
    validate(schema)
    assert "/api/v1/memberships/{membership_id}/" in schema["paths"]
    assert "BearerToken" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets():
    html = Client().get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/v1/organisations/", "code"),
        ("/api/v1/partnerships/", "target"),
        ("/api/v1/sharing-grants/", "grantee"),
    ],
)
def test_lists_keep_a_constant_query_count(
    cast, api, orgs, constant_queries, add_partners, url, key
):
    page = constant_queries(api(cast["vn_admin"]), url, lambda: add_partners(orgs["vn"], 3))
    rows = json.loads(page)["items"]
    assert sorted(row[key] for row in rows if row[key].startswith("p-")) == ["p-0", "p-1", "p-2"]


def test_error_messages_speak_the_callers_language(cast, api):
    response = api(cast["la_planner"]).get(
        "/api/v1/organisations/xx-out/", headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 404
    message = body(response)["message"]
    assert message != "Not found."
    with translation.override("fr"):
        assert message == str(ERROR_MESSAGES["not_found"])
