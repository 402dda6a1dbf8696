"""Mission lists show the active missions; closed ones (most of the UN's since 1948) only on
request or when already chosen, and any mission stays a valid choice."""

import re

from forcegen.deployments.models import Rotation
from forcegen.deployments.tests.factories import MissionFactory, UnitFactory


def mission_groups(html):
    select = re.search(r'<select name="mission"[^>]*>(.*?)</select>', html, re.S)
    assert select
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select.group(1), re.S)
    return {label: re.findall(r">([A-Z]+)</option>", body) for label, body in groups}


def test_mission_choices_list_active_missions_and_closed_ones_on_request(cast, login, orgs):
    """Issue 16 (14): the mission list was all 81 missions since 1948, in one alphabet."""
    MissionFactory.create(acronym="UNMISS")
    MissionFactory.create(acronym="UNISFA")
    unef = MissionFactory.create(acronym="UNEF", name="UNEF I", is_active=False)
    unit = UnitFactory.create(organisation=orgs["vn"])
    client = login(cast["vn_planner"])
    form = client.get("/deployments/rotations/new/").content.decode()
    assert mission_groups(form) == {"Active missions": ["UNISFA", "UNMISS"]}
    assert "?closed_missions=1" in form
    everything = client.get("/deployments/rotations/new/?closed_missions=1").content.decode()
    assert mission_groups(everything) == {
        "Active missions": ["UNISFA", "UNMISS"],
        "Closed missions": ["UNEF"],
    }
    data = {
        "unit": unit.pk,
        "mission": unef.pk,
        "planned_departure": "2026-01-10",
        "planned_return": "2027-01-09",
    }
    response = client.post("/deployments/rotations/new/?closed_missions=1", data)
    assert response.status_code == 302
    rotation = Rotation.objects.get(unit=unit)
    edit = client.get(f"/deployments/rotations/{rotation.pk}/edit/").content.decode()
    assert mission_groups(edit)["Closed missions"] == ["UNEF"]  # the chosen one stays listed
    filters = client.get("/deployments/rotations/").content.decode()
    assert list(mission_groups(filters).items()) == [
        ("Active missions", ["UNISFA", "UNMISS"]),
        ("Closed missions", ["UNEF"]),
    ]
