"""Roles as data, switching organisations, API tokens."""

import datetime
import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from forcegen.accounts.models import ApiToken, hash_token
from forcegen.accounts.roles import Role
from forcegen.accounts.services import issue_token, user_for_token


@pytest.mark.django_db
def test_every_role_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_permissions_follow_the_role_of_the_active_membership(cast, orgs):
    adviser = cast["adviser"]
    assert adviser.has_perm("core.manage_sharing")  # cooperation officer at vn-dpko
    adviser = type(adviser).objects.get(pk=adviser.pk)
    adviser.activate(orgs["la"].pk)
    assert not adviser.has_perm("core.manage_sharing")  # viewer at la-pko


def test_a_right_is_held_only_through_a_role_in_an_organisation(cast, login):
    """Django's per-user permissions and groups grant nothing (a right outside an organisation
    would see across tenants), and a page's permission checks read only the role's rights."""
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    viewer = cast["vn_viewer"]
    viewer.user_permissions.add(Permission.objects.get(codename="manage_sharing"))
    viewer.groups.add(Group.objects.get(name=Role.ADMIN))
    viewer = type(viewer).objects.get(pk=viewer.pk)
    assert not viewer.has_perm("core.manage_sharing")
    client = login(viewer)
    client.get("/")
    with CaptureQueriesContext(connection) as page:
        client.get("/")
    assert not [q for q in page if "auth_user_user_permissions" in q["sql"]]
    assert not [q for q in page if "auth_user_groups" in q["sql"]]


def test_role_permissions_are_editable_data(cast):
    viewer_group = Group.objects.get(name="viewer")
    from django.contrib.auth.models import Permission

    viewer_group.permissions.add(Permission.objects.get(codename="manage_sharing"))
    user = type(cast["vn_viewer"]).objects.get(pk=cast["vn_viewer"].pk)
    assert user.has_perm("core.manage_sharing")


def test_switching_organisation_in_the_ui(cast, login):
    client = login(cast["adviser"])
    assert "Cục Gìn giữ hòa bình Việt Nam" in client.get("/").content.decode()
    response = client.post(
        "/accounts/organisation/switch/", {"organisation": "la-pko", "next": "/"}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "You are working as Viewer." in html
    assert (
        client.post("/accounts/organisation/switch/", {"organisation": "xx-out"}).status_code == 404
    )


def test_token_is_stored_hashed_and_authenticates(cast):
    token, raw = issue_token(user=cast["vn_planner"], name="ci")
    assert raw.startswith("fg_")
    assert len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(raw) != raw
    assert raw not in {stored.prefix, stored.key_hash, stored.name}
    assert user_for_token(raw) == cast["vn_planner"]
    assert user_for_token(raw + "x") is None


def test_inactive_user_token_stops_working(cast):
    _token, raw = issue_token(user=cast["vn_planner"], name="ci")
    cast["vn_planner"].is_active = False
    cast["vn_planner"].save()
    assert user_for_token(raw) is None


def test_api_token_command_prints_a_working_token(cast):
    out = StringIO()
    call_command("api_token", "la-planner", stdout=out)
    raw = out.getvalue().strip()
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me/")
    assert response.json()["username"] == "la-planner"
    with pytest.raises(CommandError, match="No user named"):
        call_command("api_token", "ghost")


def test_tokens_page_creates_shows_once_and_revokes(cast, login):
    client = login(cast["vn_planner"])
    html = client.post("/accounts/tokens/", {"name": "laptop"}).content.decode()
    token = ApiToken.objects.get(user=cast["vn_planner"])
    assert token.prefix in html
    assert "fg_" in html
    listing = client.get("/accounts/tokens/").content.decode()
    assert "laptop" in listing
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    # Someone else's token is out of scope.
    other, _raw = issue_token(user=cast["la_planner"], name="x")
    assert client.post(f"/accounts/tokens/{other.pk}/revoke/").status_code == 404


def test_tokens_page_keeps_a_constant_query_count(cast, login, constant_queries):
    user = cast["vn_planner"]
    html = constant_queries(
        login(user),
        "/accounts/tokens/",
        lambda: [issue_token(user=user, name=f"t{i}") for i in range(5)],
    )
    assert all(f"t{i}" in html for i in range(5))


def test_membership_api_list_keeps_a_constant_query_count(cast, api, make_user, constant_queries):
    page = constant_queries(
        api(cast["la_planner"]),
        "/api/v1/memberships/",
        lambda: [make_user(f"la-extra-{i}", ("la", "viewer")) for i in range(5)],
    )
    usernames = {row["username"] for row in json.loads(page)["items"]}
    assert {f"la-extra-{i}" for i in range(5)} <= usernames
    assert "vn-admin" not in usernames  # another organisation's members stay out of scope


def test_members_page_export_and_api_read_one_filter_declaration(
    cast, login, api, make_user, constant_queries
):
    client = login(cast["la_planner"])
    html = constant_queries(
        client,
        "/accounts/members/?role=viewer",
        lambda: [make_user(f"la-extra-{i}", ("la", "viewer")) for i in range(3)],
    )
    table = html.split('data-testid="members"')[1]
    assert all(f"la-extra-{i}" in table for i in range(3))
    assert "la-planner" not in table  # a planner, not a viewer
    exported = b"".join(client.get("/accounts/members/export.csv?q=extra-1").streaming_content)
    rows = exported.decode("utf-8-sig").splitlines()
    assert rows == ["username,full_name,full_name_native,role", "la-extra-1,,,viewer"]
    listed = api(cast["la_planner"]).get("/api/v1/memberships/?role=planner").json()["items"]
    assert [row["username"] for row in listed] == ["la-planner"]
    assert client.get("/accounts/members/export.csv?role=general").status_code == 400
    assert api(cast["la_planner"]).get("/api/v1/memberships/?role=general").status_code == 422


def test_token_api_list_keeps_a_constant_query_count(cast, api, constant_queries):
    user = cast["vn_planner"]
    page = constant_queries(
        api(user),
        "/api/v1/tokens/",
        lambda: [issue_token(user=user, name=f"t{i}") for i in range(5)],
    )
    names = [row["name"] for row in json.loads(page)]
    assert {f"t{i}" for i in range(5)} <= set(names)
    assert len(names) == 6  # the five and the client's own token, nobody else's


def test_a_role_change_is_the_memberships_last_change(cast, orgs):
    from forcegen.accounts.models import Membership
    from forcegen.accounts.services import set_membership

    membership = Membership.objects.get(user=cast["vn_viewer"], organisation=orgs["vn"])
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Membership.objects.filter(pk=membership.pk).update(created_at=long_ago, updated_at=long_ago)
    set_membership(user=cast["vn_viewer"], organisation=orgs["vn"], role="viewer")  # unchanged
    membership.refresh_from_db()
    assert membership.updated_at == long_ago
    set_membership(user=cast["vn_viewer"], organisation=orgs["vn"], role="planner")
    membership.refresh_from_db()
    assert (membership.role.name, membership.created_at) == ("planner", long_ago)
    assert membership.updated_at > long_ago
