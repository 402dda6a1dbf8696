"""A signed-in request's session, user, memberships and rights, and an API call's token, are
read once and kept until anything is written (on PostgreSQL): never a stale right or session."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from forcegen.accounts.models import ApiToken, Membership, User

IDENTITY_TABLES = ("django_session", "accounts_user", "accounts_membership", "auth_permission")


def identity_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in IDENTITY_TABLES)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_reads_who_is_signed_in_once_until_a_write(cast, login, second_read):
    planner = cast["vn_planner"]
    client = login(planner)
    again = second_read(lambda: client.get("/units/"))
    kept = connection.vendor == "postgresql"
    assert bool(identity_reads(again)) != kept, identity_reads(again)

    # A role changed since is judged at once: a viewer may not start a plan run.
    assert client.get("/planning/new/").status_code == 200
    Membership.objects.filter(user=planner).update(role=Group.objects.get(name="viewer"))
    assert client.get("/planning/new/").status_code == 403
    assert "Viewer" in client.get("/").content.decode()

    # So is a user switched off, and a session ended elsewhere.
    User.objects.filter(pk=planner.pk).update(is_active=False)
    assert client.get("/units/").status_code == 302
    viewer = login(cast["vn_viewer"])
    assert viewer.get("/units/").status_code == 200
    viewer.logout()
    assert viewer.get("/units/").status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_request_acts_for_its_own_organisation(cast, login):
    """The kept user is copied for each request: switching organisation in one session does not
    switch another session of the same user."""
    adviser = cast["adviser"]
    first, second = login(adviser), login(adviser)
    first.post("/accounts/organisation/switch/", {"organisation": "la-pko", "next": "/"})
    assert selected_organisation(first.get("/").content.decode()) == "la-pko"
    assert selected_organisation(second.get("/").content.decode()) == "vn-dpko"


def selected_organisation(html: str) -> str:
    found = re.search(r'<option value="([^"]+)" selected>', html)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_revoked_token_is_refused_at_once(cast, api, second_read):
    client = api(cast["vn_planner"])
    again = second_read(lambda: client.get("/api/v1/units/"))
    token_read = any('"accounts_apitoken"' in q["sql"] for q in again)
    assert token_read == (connection.vendor != "postgresql")
    ApiToken.objects.update(revoked_at="2026-01-01T00:00Z")
    assert client.get("/api/v1/units/").status_code == 401


@pytest.mark.django_db
def test_a_token_records_its_use_at_most_once_in_ten_minutes(cast, api):
    client = api(cast["vn_planner"])
    client.get("/api/v1/units/")
    token = ApiToken.objects.get()
    first_use = token.last_used_at
    assert first_use is not None
    client.get("/api/v1/units/")
    assert ApiToken.objects.get().last_used_at == first_use  # no write for a second call
    ApiToken.objects.update(last_used_at=first_use - datetime.timedelta(minutes=11))
    client.get("/api/v1/units/")
    recorded = ApiToken.objects.get().last_used_at
    assert recorded is not None
    assert recorded > first_use
