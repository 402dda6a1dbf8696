"""The inbox page, the header's count and the API: a user sees, snoozes and closes only their
own reminders; anyone else's is 404."""

import datetime
import json

import pytest
from django.utils import timezone

from forcegen.personnel.tests.factories import PersonFactory
from forcegen.reminders import services
from forcegen.reminders.models import Reminder

from .conftest import passport

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(orgs, la_personnel):
    today = timezone.localdate()
    for days in (3, 9):
        passport(
            PersonFactory.create(organisation=orgs["la"]), today + datetime.timedelta(days=days)
        )
    services.run(today=today)
    return list(Reminder.objects.filter(user=la_personnel).order_by("due_on"))


def test_the_header_counts_open_reminders_without_a_query_per_page(
    login, la_personnel, raised, constant_queries
):
    client = login(la_personnel)
    html = constant_queries(client, "/personnel/", lambda: services.run(today=timezone.localdate()))
    assert 'data-testid="reminder-count"' in html
    assert ">2</span>" in html


def test_inbox_lists_reasons_with_links_and_snoozes_and_closes(login, la_personnel, raised):
    client = login(la_personnel)
    html = client.get("/reminders/").content.decode()
    assert raised[0].reason in html
    assert f'href="{raised[0].url}"' in html
    later = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    client.post(f"/reminders/{raised[0].pk}/snooze/", {"until": later})
    client.post(f"/reminders/{raised[1].pk}/done/")
    states = dict(Reminder.objects.values_list("pk", "state"))
    assert states[raised[0].pk] == "snoozed"
    assert states[raised[1].pk] == "done"
    la_personnel.refresh_from_db()
    assert la_personnel.open_reminders == 0


def test_snoozing_to_the_past_is_refused(login, la_personnel, raised):
    client = login(la_personnel)
    response = client.post(
        f"/reminders/{raised[0].pk}/snooze/", {"until": "2000-01-01"}, follow=True
    )
    assert "Snooze to a day after today." in response.content.decode()
    raised[0].refresh_from_db()
    assert raised[0].state == "open"


def test_someone_elses_reminder_is_404(login, api, cast, raised):
    for user in (cast["la_admin"], cast["outsider"]):
        assert login(user).post(f"/reminders/{raised[0].pk}/done/").status_code == 404
        assert api(user).post(f"/api/v1/reminders/{raised[0].pk}/done/").status_code == 404
    raised[0].refresh_from_db()
    assert raised[0].state == "open"


def test_api_lists_snoozes_and_closes(api, la_personnel, raised):
    client = api(la_personnel)
    listed = client.get("/api/v1/reminders/").json()
    assert [r["id"] for r in listed["items"]] == [r.pk for r in raised]
    assert listed["items"][0]["reason"] == raised[0].reason
    later = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    snoozed = client.post(
        f"/api/v1/reminders/{raised[0].pk}/snooze/",
        json.dumps({"until": later}),
        content_type="application/json",
    )
    assert snoozed.json()["state"] == "snoozed"
    bad = client.post(
        f"/api/v1/reminders/{raised[1].pk}/snooze/",
        json.dumps({"until": "yesterday"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert client.post(f"/api/v1/reminders/{raised[1].pk}/done/").json()["state"] == "done"
    assert client.get("/api/v1/reminders/").json()["count"] == 0


def test_rules_are_edited_by_the_administrator(login, cast, la_personnel, orgs):
    assert login(la_personnel).get("/reminders/rules/").status_code == 403
    client = login(cast["la_admin"])
    page = client.get("/reminders/rules/").content.decode()
    assert "Credential expiring" in page
    from forcegen.core import reminders

    data: dict[str, object] = {}
    for kind in reminders.kinds():
        data[f"{kind.code}-horizon_days"] = kind.horizon_days
        data[f"{kind.code}-active"] = "on"
    data["personnel.credential_expiring-horizon_days"] = 15
    client.post("/reminders/rules/", data)
    from forcegen.reminders.models import ReminderRule

    rule = ReminderRule.objects.get(organisation=orgs["la"], kind="personnel.credential_expiring")
    assert rule.horizon_days == 15
    assert list(rule.roles.all()) == []
