"""Rotations, tours and in-mission events in the UI: forms call the services and show every
refusal, the timeline marks what is due, lists filter and export, and the tenancy boundary holds
(outsiders get 404, viewers read but cannot write)."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from forcegen.deployments import services
from forcegen.deployments.models import (
    Deployment,
    DeploymentPolicy,
    MissionEvent,
    MissionRequirement,
    PersonnelType,
    Rotation,
)
from forcegen.deployments.tests.factories import (
    DeploymentFactory,
    MissionFactory,
    RotationFactory,
    UnitFactory,
    deployable,
    slot_for,
)
from forcegen.personnel.models import Credential, Person
from forcegen.personnel.tests.factories import CredentialFactory

D = datetime.date
S = Deployment.Status
R = Rotation.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def unmiss(db):
    return MissionFactory.create()


@pytest.fixture
def minusca(db):
    return MissionFactory.create(acronym="MINUSCA", name="MINUSCA")


@pytest.fixture
def rotation(orgs, unmiss):
    """Planned 2027-03-01 to 2028-02-29."""
    return RotationFactory.create(organisation=orgs["vn"], mission=unmiss)


def deployed_tour(person, mission, departed):
    return DeploymentFactory.create(
        person=person,
        mission=mission,
        status=S.DEPLOYED,
        planned_start=departed,
        planned_end=departed + 365 * DAY,
        departed_on=departed,
    )


def followed(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


# --- Tenancy and roles ----------------------------------------------------------------------------


def test_outsiders_and_partners_get_404_for_rotations_tours_and_people(
    cast, login, orgs, rotation, unmiss
):
    officer = deployable(orgs["vn"], full_name="Secret Officer")
    tour = deployed_tour(officer, unmiss, D(2025, 1, 1))
    pages = [
        f"/deployments/rotations/{rotation.pk}/",
        f"/deployments/rotations/{rotation.pk}/edit/",
        f"/deployments/{tour.pk}/",
        f"/deployments/people/{officer.pk}/",
    ]
    posts = [
        f"/deployments/rotations/{rotation.pk}/members/",
        f"/deployments/rotations/{rotation.pk}/move/",
        f"/deployments/{tour.pk}/move/",
        f"/deployments/{tour.pk}/events/new/",
    ]
    for user in ("outsider", "la_admin"):  # a partner sees none of Viet Nam's tours either
        client = login(cast[user])
        for url in pages:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url, {"to": "forming"}).status_code == 404, (user, url)
        assert "Secret Officer" not in client.get("/deployments/").content.decode()
        assert rotation.unit.name not in client.get("/deployments/rotations/").content.decode()
    assert login(cast["vn_viewer"]).get(pages[0]).status_code == 200


def test_viewer_reads_everything_but_gets_no_buttons_and_403_on_writes(
    cast, login, orgs, rotation, unmiss
):
    nurse = deployable(orgs["vn"])
    slot_for(rotation.unit, nurse)
    tour = deployed_tour(deployable(orgs["vn"]), unmiss, D(2025, 1, 1))
    viewer = login(cast["vn_viewer"])
    page = viewer.get(f"/deployments/rotations/{rotation.pk}/").content.decode()
    assert "Add members from the unit" not in page
    assert 'data-testid="rotation-move"' not in page
    assert f"/deployments/rotations/{rotation.pk}/edit/" not in page
    page = viewer.get(f"/deployments/{tour.pk}/").content.decode()
    assert 'data-testid="moves"' not in page
    assert 'data-testid="event-form"' not in page
    assert "New individual tour" not in viewer.get("/deployments/").content.decode()

    writes = {
        f"/deployments/rotations/{rotation.pk}/members/": {},
        f"/deployments/rotations/{rotation.pk}/move/": {"to": "forming"},
        f"/deployments/{tour.pk}/move/": {"to": "returned", "on": "2025-06-01"},
        f"/deployments/{tour.pk}/events/new/": {"kind": "injury", "occurred_on": "2025-02-01"},
        "/deployments/rotations/new/": {},
        f"/deployments/rotations/{rotation.pk}/edit/": {},
        "/deployments/new/": {},
    }
    for url, data in writes.items():
        assert viewer.post(url, data).status_code == 403, url
    assert viewer.get("/deployments/new/").status_code == 403
    assert not rotation.members.exists()
    assert Rotation.objects.get(pk=rotation.pk).status == R.PLANNING
    assert Deployment.objects.get(pk=tour.pk).status == S.DEPLOYED
    assert not MissionEvent.objects.exists()

    # The planner, by contrast, gets the buttons.
    page = login(cast["vn_planner"]).get(f"/deployments/rotations/{rotation.pk}/").content.decode()
    assert "Add members from the unit" in page
    assert 'data-testid="rotation-move"' in page


# --- Rotations ------------------------------------------------------------------------------------


def test_planner_creates_and_edits_rotations_through_the_form(cast, login, orgs, unmiss):
    unit = UnitFactory.create(organisation=orgs["vn"], name="Level-2 hospital Alpha")
    lao_unit = UnitFactory.create(organisation=orgs["la"], name="Lao engineers")
    client = login(cast["vn_planner"])
    form = client.get("/deployments/rotations/new/").content.decode()
    assert "Level-2 hospital Alpha" in form
    assert "Lao engineers" not in form

    data = {
        "unit": unit.pk,
        "mission": unmiss.pk,
        "planned_departure": "2026-01-10",
        "planned_return": "2027-01-09",
        "notes": "First tour",
    }
    followed(client.post("/deployments/rotations/new/", data))
    first = Rotation.objects.get(unit=unit)
    assert (first.number, first.planned_return, first.notes) == (1, D(2027, 1, 9), "First tour")

    # The "plan the successor" link fills the form in: same unit and mission, following on.
    form = client.get(f"/deployments/rotations/new/?predecessor={first.pk}").content.decode()
    assert 'value="2027-01-09"' in form
    assert 'value="2028-01-08"' in form
    assert f'<option value="{first.pk}" selected>' in form

    # The service's refusal lands on the field it names.
    page = client.post("/deployments/rotations/new/", {**data, "number": 1}).content.decode()
    assert re.search(r'has-error">\s*<label for="id_number"', page)
    assert "Level-2 hospital Alpha already has a rotation 1." in page
    page = client.post(
        "/deployments/rotations/new/",
        {**data, "planned_departure": "2025-06-01", "predecessor": first.pk},
    ).content.decode()
    assert "A rotation can only relieve one that left before it." in page
    refused = client.post("/deployments/rotations/new/", {**data, "unit": lao_unit.pk})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert Rotation.objects.count() == 1

    followed(
        client.post(
            "/deployments/rotations/new/",
            {
                **data,
                "planned_departure": "2027-01-09",
                "planned_return": "2028-01-08",
                "predecessor": first.pk,
            },
        )
    )
    second = Rotation.objects.get(unit=unit, number=2)
    assert second.predecessor == first

    edit = f"/deployments/rotations/{second.pk}/edit/"
    assert f'<option value="{second.pk}"' not in client.get(edit).content.decode()
    followed(
        client.post(
            edit,
            {
                "mission": unmiss.pk,
                "planned_departure": "2027-01-09",
                "planned_return": "2028-02-01",
                "predecessor": first.pk,
                "number": 2,
            },
        )
    )
    second.refresh_from_db()
    assert second.planned_return == D(2028, 2, 1)
    page = client.post(
        edit,
        {
            "mission": unmiss.pk,
            "planned_departure": "2027-01-09",
            "planned_return": "2028-02-01",
            "number": 1,
        },
    ).content.decode()
    assert "Rotation with this Unit and Rotation already exists." in page
    assert Rotation.objects.get(pk=second.pk).number == 2


def test_adding_members_shows_every_refusal_then_adds_everyone(
    cast, login, orgs, rotation, minusca
):
    deployable(orgs["vn"])  # holds no slot: never added
    nurse = deployable(orgs["vn"], sex="F", full_name="Tran Thi Lan")
    retired = deployable(orgs["vn"], full_name="Le Van Retired", status=Person.Status.RETIRED)
    busy = deployable(orgs["vn"], full_name="Pham Van Busy")
    other_tour = DeploymentFactory.create(
        person=busy, mission=minusca, planned_start=D(2027, 6, 1), planned_end=D(2027, 12, 1)
    )
    for someone in (nurse, retired, busy):
        slot_for(rotation.unit, someone)
    client = login(cast["vn_planner"])
    url = f"/deployments/rotations/{rotation.pk}/members/"

    page = client.post(url, follow=True).content.decode()
    assert "No one was added. Resolve these first:" in page
    assert "Le Van Retired cannot be deployed:" in page
    assert "status is Retired, not active" in page
    assert "Pham Van Busy cannot be deployed:" in page
    assert "already on a tour in MINUSCA 2027-06-01 – 2027-12-01, overlapping this one" in page
    assert not rotation.members.exists()

    Person.objects.filter(pk=retired.pk).update(status=Person.Status.ACTIVE)
    services.move_deployment(deployment=other_tour, to=S.CANCELLED)
    page = client.post(url, follow=True).content.decode()
    assert "3 members added from the slots." in page
    assert rotation.members.count() == 3
    members = page.split('data-testid="members"')[1]
    for name in ("Tran Thi Lan", "Le Van Retired", "Pham Van Busy"):
        assert name in members
    assert "Wards" in members
    assert "Female" in members
    assert "3 members · women: 1 (33.3%)" in page
    assert "No one to add" in client.post(url, follow=True).content.decode()


def test_rotation_moves_status_by_status_with_dates(cast, login, orgs, rotation):
    people = [deployable(orgs["vn"]) for _ in range(2)]
    for someone in people:
        slot_for(rotation.unit, someone)
    client = login(cast["vn_planner"])
    client.post(f"/deployments/rotations/{rotation.pk}/members/")
    url = f"/deployments/rotations/{rotation.pk}/move/"

    def status():
        return Rotation.objects.get(pk=rotation.pk).status

    page = client.post(url, {"to": R.RETURNED, "on": "2028-03-01"}, follow=True).content.decode()
    assert "A rotation that is Planning cannot become Returned." in page
    client.post(url, {"to": R.FORMING})
    page = client.get(f"/deployments/rotations/{rotation.pk}/").content.decode()
    assert "Move to “Pre-deployment”" in page
    assert 'name="on"' not in page
    client.post(url, {"to": R.PRE_DEPLOYMENT})
    assert set(rotation.members.values_list("status", flat=True)) == {S.APPROVED}
    page = client.get(f"/deployments/rotations/{rotation.pk}/").content.decode()
    assert "Move to “Deployed”" in page
    assert 'type="date" id="move-on" name="on"' in page

    page = client.post(url, {"to": R.DEPLOYED}, follow=True).content.decode()
    assert "Give the date." in page
    assert status() == R.PRE_DEPLOYMENT
    page = client.post(url, {"to": R.DEPLOYED, "on": "2027-03-03"}, follow=True).content.decode()
    assert "The rotation is now Deployed." in page
    assert set(rotation.members.values_list("status", "departed_on")) == {
        (S.DEPLOYED, D(2027, 3, 3))
    }
    assert "not a date" not in page
    page = client.post(url, {"to": R.RETURNED, "on": "2028-03-02"}, follow=True).content.decode()
    assert "The rotation is now Returned." in page
    rotation.refresh_from_db()
    assert (rotation.departed_on, rotation.returned_on) == (D(2027, 3, 3), D(2028, 3, 2))
    assert set(rotation.members.values_list("status", flat=True)) == {S.RETURNED}
    assert 'data-testid="rotation-move"' not in page  # nothing after returned
    assert "Add members from the unit" not in page


def test_rotation_detail_shows_links_counts_and_rolls_to_those_allowed(cast, login, orgs, unmiss):
    first = RotationFactory.create(
        organisation=orgs["vn"],
        mission=unmiss,
        planned_departure=D(2026, 3, 1),
        planned_return=D(2027, 2, 28),
    )
    second = RotationFactory.create(
        organisation=orgs["vn"], unit=first.unit, mission=unmiss, predecessor=first
    )
    page = login(cast["vn_admin"]).get(f"/deployments/rotations/{first.pk}/").content.decode()
    assert f'href="/deployments/rotations/{second.pk}/"' in page
    assert f'href="/deployments/rotations/{first.pk}/roll.xlsx"' in page
    assert f'href="/deployments/rotations/{first.pk}/roll.pdf"' in page
    assert "Change history" in page  # admins see the audit trail
    page = login(cast["vn_planner"]).get(f"/deployments/rotations/{second.pk}/").content.decode()
    assert f'href="/deployments/rotations/{first.pk}/"' in page  # relieves
    assert "Nominal roll" not in page
    assert "Change history" not in page


def test_rotations_page_draws_the_timeline_and_lists_rotations_due(
    cast, login, orgs, unmiss, minusca
):
    today = timezone.localdate()
    unit = UnitFactory.create(organisation=orgs["vn"], name="Hospital A")
    RotationFactory.create(
        organisation=orgs["vn"],
        unit=unit,
        mission=unmiss,
        status=R.RETURNED,
        planned_departure=today - 800 * DAY,
        planned_return=today - 440 * DAY,
        departed_on=today - 800 * DAY,
        returned_on=today - 435 * DAY,
    )
    current = RotationFactory.create(
        organisation=orgs["vn"],
        unit=unit,
        mission=unmiss,
        status=R.DEPLOYED,
        planned_departure=today - 300 * DAY,
        planned_return=today + 60 * DAY,
        departed_on=today - 300 * DAY,
    )
    planned = RotationFactory.create(
        organisation=orgs["vn"],
        unit=UnitFactory.create(organisation=orgs["vn"], name="Engineers B"),
        mission=minusca,
        planned_departure=today + 400 * DAY,
        planned_return=today + 765 * DAY,
    )
    RotationFactory.create(organisation=orgs["la"], unit__name="Lao unit")
    client = login(cast["vn_planner"])
    page = client.get("/deployments/rotations/").content.decode()
    svg = page.split('data-testid="timeline"')[1].split("</svg>")[0]
    assert len(re.findall(r'<rect class="bar actual', svg)) == 2
    assert len(re.findall(r'<rect class="bar planned', svg)) == 1
    assert svg.count('class="due-marker"') == 1
    due_on = current.ends_on - 180 * DAY
    assert f"Plan the next rotation by {due_on.isoformat()}" in svg
    assert 'class="today"' in svg
    assert "Hospital A" in svg
    assert "Engineers B" in svg
    assert "Lao unit" not in page

    due = page.split('data-testid="due"')[1].split("</table>")[0]
    assert "Hospital A, rotation" in due
    assert "Engineers B" not in due
    assert f"{due_on.isoformat()} · overdue" in due
    assert f"/deployments/rotations/new/?predecessor={current.pk}" in due

    page = client.get(f"/deployments/rotations/?status=planning&mission={minusca.acronym}")
    table = page.content.decode().split('data-testid="rotations"')[1]
    assert "Engineers B" in table
    assert "Hospital A" not in table
    assert 'class="bar actual' not in page.content.decode()
    assert f"/deployments/rotations/{planned.pk}/" in table

    # A shorter planning lead in the organisation's policy: not due yet.
    DeploymentPolicy.objects.create(organisation=orgs["vn"], planning_lead_days=30)
    page = client.get("/deployments/rotations/").content.decode()
    assert "No rotation is due for planning." in page
    assert 'class="due-marker"' not in page


# --- Individual tours, moves and events -----------------------------------------------------------


def test_individual_tour_refusal_lists_every_reason(cast, login, orgs, unmiss):
    MissionRequirement.objects.create(
        organisation=orgs["vn"],
        mission=unmiss,
        kind=Credential.Kind.VACCINATION,
        detail="yellow fever",
    )
    officer = deployable(
        orgs["vn"], full_name="Nguyen Van Officer", last_mission_return=D(2026, 12, 1)
    )
    lao = deployable(orgs["la"])
    client = login(cast["vn_planner"])
    data = {
        "person": officer.service_number,
        "mission": unmiss.pk,
        "personnel_type": PersonnelType.STAFF_OFFICER,
        "planned_start": "2027-03-01",
        "planned_end": "2028-02-29",
        "role": "Logistics staff officer",
    }
    page = client.post("/deployments/new/", data).content.decode()
    assert "Nguyen Van Officer cannot be deployed:" in page
    assert "returned from a mission on 2026-12-01: 365 rest days required, only 90" in page
    assert "UNMISS requires Vaccination: yellow fever: none on record" in page
    page = client.post("/deployments/new/", {**data, "person": lao.service_number})
    assert "No one in your organisation has this number." in page.content.decode()
    page = client.post("/deployments/new/", {**data, "personnel_type": PersonnelType.TROOPS})
    assert "Select a valid choice" in page.content.decode()
    assert not Deployment.objects.exists()

    CredentialFactory.create(
        person=officer,
        kind=Credential.Kind.VACCINATION,
        detail="yellow fever",
        valid_until=D(2035, 1, 1),
    )
    Person.objects.filter(pk=officer.pk).update(last_mission_return=D(2025, 12, 1))
    response = followed(client.post("/deployments/new/", data))
    tour = Deployment.objects.get(person=officer)
    assert response["Location"] == f"/deployments/{tour.pk}/"
    assert (tour.status, tour.role, tour.rotation) == (S.PLANNED, "Logistics staff officer", None)
    prefilled = client.get(f"/deployments/new/?person={officer.service_number}").content.decode()
    assert f'value="{officer.service_number}"' in prefilled


def test_tour_moves_and_in_mission_events(cast, login, orgs, unmiss):
    today = timezone.localdate()
    start = today - 200 * DAY
    officer = deployable(orgs["vn"], full_name="Nguyen Van Observer")
    tour = services.plan_deployment(
        person=officer,
        mission=unmiss,
        personnel_type=PersonnelType.EXPERT_ON_MISSION,
        planned_start=start,
        planned_end=today + 165 * DAY,
    )
    client = login(cast["vn_planner"])
    detail = f"/deployments/{tour.pk}/"
    move = f"/deployments/{tour.pk}/move/"
    events = f"/deployments/{tour.pk}/events/new/"
    page = client.get(detail).content.decode()
    assert "Approve" in page
    assert "Cancel the tour" in page
    assert 'data-testid="event-form"' not in page  # nothing to record before departure

    client.post(move, {"to": S.APPROVED})
    page = client.post(move, {"to": S.DEPLOYED}, follow=True).content.decode()
    assert "Give the date." in page
    page = client.post(move, {"to": S.DEPLOYED, "on": start.isoformat()}, follow=True)
    assert "The tour is now Deployed." in page.content.decode()

    early = (start + 10 * DAY).isoformat()
    page = client.post(events, {"kind": "medal", "occurred_on": early}).content.decode()
    assert f"The UN medal needs 90 days in the mission; 11 served by {early}." in page
    assert not MissionEvent.objects.exists()
    on = (start + 30 * DAY).isoformat()
    followed(
        client.post(
            events, {"kind": "commendation", "occurred_on": on, "description": "Saved a convoy"}
        )
    )
    event = MissionEvent.objects.get()
    assert (event.kind, event.recorded_by) == ("commendation", cast["vn_planner"])
    page = client.get(detail).content.decode()
    listed = page.split('data-testid="events"')[1]
    assert "Commendation" in listed
    assert "Saved a convoy" in listed
    assert "vn-planner" in listed

    page = client.post(move, {"to": S.REPATRIATED, "on": today.isoformat()}, follow=True)
    assert "Say why the person is repatriated early." in page.content.decode()
    page = client.post(
        move, {"to": S.REPATRIATED, "on": today.isoformat(), "reason": "medical"}, follow=True
    ).content.decode()
    assert "Repatriated early (Medical)" in page
    officer.refresh_from_db()
    assert officer.last_mission_return == today

    history = client.get(f"/deployments/people/{officer.pk}/").content.decode()
    tours = history.split('data-testid="tours"')[1]
    assert "UNMISS" in tours
    assert "Commendation" in tours
    assert "Repatriated early" in tours
    assert '<dd data-testid="total-days">201</dd>' in history
    free = (today + 365 * DAY).isoformat()
    assert f"may deploy again from {free} (365 days left)" in history
    assert "Change history" in login(cast["vn_admin"]).get(detail).content.decode()
    assert "Change history" not in page


def test_person_history_counts_tours_and_rest(cast, login, orgs, unmiss, minusca):
    officer = deployable(orgs["vn"], full_name="Le Thi Career", sex="F")
    DeploymentFactory.create(
        person=officer,
        mission=unmiss,
        status=S.RETURNED,
        planned_start=D(2020, 1, 1),
        planned_end=D(2020, 12, 31),
        departed_on=D(2020, 1, 1),
        returned_on=D(2020, 1, 10),
    )
    DeploymentFactory.create(
        person=officer,
        mission=minusca,
        status=S.CANCELLED,
        planned_start=D(2022, 1, 1),
        planned_end=D(2022, 12, 31),
    )
    client = login(cast["vn_planner"])
    page = client.get(f"/deployments/people/{officer.pk}/").content.decode()
    assert '<dd data-testid="tour-count">1</dd>' in page  # the cancelled plan is not a tour
    assert '<dd data-testid="total-days">10</dd>' in page
    assert "Rested: back since 2020-01-10, free to deploy since 2021-01-09." in page
    assert "MINUSCA" in page
    assert "Cancelled" in page
    assert f"/deployments/new/?person={officer.service_number}" in page
    person_page = client.get(f"/personnel/{officer.pk}/").content.decode()
    assert f'href="/deployments/people/{officer.pk}/"' in person_page
    never = deployable(orgs["vn"])
    page = client.get(f"/deployments/people/{never.pk}/").content.decode()
    assert "No return on record: no rest period to wait." in page
    assert "No tours recorded." in page


# --- The deployments list -------------------------------------------------------------------------


@pytest.fixture
def tours(orgs, unmiss, minusca):
    def tour(name, mission, kind, **fields):
        person = deployable(orgs["vn"], full_name=name)
        return DeploymentFactory.create(
            person=person, mission=mission, personnel_type=kind, **fields
        )

    return {
        "alpha": tour(
            "Alpha Officer",
            unmiss,
            PersonnelType.STAFF_OFFICER,
            status=S.DEPLOYED,
            planned_start=D(2025, 1, 10),
            planned_end=D(2025, 12, 31),
            departed_on=D(2025, 1, 10),
        ),
        "bravo": tour("Bravo Observer", minusca, PersonnelType.EXPERT_ON_MISSION),
        "charlie": tour(
            "Charlie Police",
            unmiss,
            PersonnelType.INDIVIDUAL_POLICE,
            status=S.RETURNED,
            planned_start=D(2024, 1, 1),
            planned_end=D(2024, 12, 1),
            departed_on=D(2024, 1, 1),
            returned_on=D(2024, 12, 1),
        ),
        "lao": DeploymentFactory.create(
            person=deployable(orgs["la"], full_name="Lao Officer"), mission=unmiss
        ),
    }


def names_listed(client, query=""):
    page = client.get(f"/deployments/?{query}").content.decode()
    if 'data-testid="deployments"' not in page:
        return set()
    table = page.split('data-testid="deployments"')[1]
    return {n for n in ("Alpha", "Bravo", "Charlie", "Lao") if f"{n} " in table}


def test_list_filters_the_tours(cast, login, tours, minusca):
    client = login(cast["vn_planner"])
    assert names_listed(client) == {"Alpha", "Bravo", "Charlie"}
    assert names_listed(client, "q=alpha") == {"Alpha"}
    assert names_listed(client, f"q={tours['bravo'].person.service_number}") == {"Bravo"}
    assert names_listed(client, f"mission={minusca.acronym}") == {"Bravo"}
    assert names_listed(client, "personnel_type=individual_police") == {"Charlie"}
    assert names_listed(client, "status=returned") == {"Charlie"}
    assert names_listed(client, "deployed_on=2025-06-01") == {"Alpha"}
    assert names_listed(client, "deployed_on=2024-06-01") == {"Charlie"}
    assert names_listed(client, "deployed_on=2024-12-01") == set()  # home that day
    assert names_listed(client, "q=Lao") == set()


def test_a_bad_filter_is_explained_on_the_page_and_refused_for_the_export(cast, login, tours):
    client = login(cast["vn_planner"])
    assert names_listed(client, "q=alpha&deployed_on=2025-02-30") == {"Alpha"}
    page = client.get("/deployments/?deployed_on=2025-02-30&status=lost").content.decode()
    assert "Enter a date as YYYY-MM-DD." in page
    assert "Select one of the choices." in page
    response = client.get("/deployments/export.csv?deployed_on=2025-02-30")
    assert response.status_code == 400
    assert "deployed_on: Enter a date as YYYY-MM-DD." in response.content.decode()


def test_rotations_export_uses_the_list_filters(cast, login, orgs, unmiss, minusca):
    RotationFactory.create(organisation=orgs["vn"], mission=unmiss, unit__name="Hospital A")
    RotationFactory.create(organisation=orgs["vn"], mission=minusca, unit__name="Engineers B")
    RotationFactory.create(organisation=orgs["la"], mission=minusca, unit__name="Lao unit")
    client = login(cast["vn_viewer"])
    page = client.get("/deployments/rotations/?mission=MINUSCA").content.decode()
    assert "/deployments/rotations/export.csv?mission=MINUSCA" in page
    response = client.get("/deployments/rotations/export.csv?mission=MINUSCA")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["unit", "rotation", "mission"]
    assert [line.split(",")[0] for line in lines[1:]] == ["Engineers B"]
    assert lines[1].split(",")[-2:] == ["planning", "0"]


def test_export_holds_the_filtered_tours(cast, login, tours, unmiss):
    client = login(cast["vn_viewer"])
    response = client.get(f"/deployments/export.csv?mission={unmiss.acronym}")
    assert response["Content-Disposition"].startswith('attachment; filename="deployments-')
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("service_number,full_name,sex,rank,mission,personnel_type")
    rows = {line.split(",")[1]: line.split(",") for line in lines[1:]}
    assert set(rows) == {"Alpha Officer", "Charlie Police"}
    charlie = rows["Charlie Police"]
    assert charlie[4:6] == ["UNMISS", "individual_police"]
    assert charlie[10:] == ["returned", "2024-01-01", "2024-12-01", "2024-01-01", "2024-12-01", ""]

    response = client.get("/deployments/export.xlsx?q=bravo")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:2] == ("service_number", "full_name")
    assert [row[1] for row in values[1:]] == ["Bravo Observer"]
    assert values[1][4] == "MINUSCA"
    assert client.get("/deployments/export.pdf").status_code == 404


# --- Query counts ---------------------------------------------------------------------------------


def test_rotations_list_query_count_is_constant(cast, login, orgs, unmiss, constant_queries):
    today = timezone.localdate()

    def grow():
        for n in range(4):
            rotation = RotationFactory.create(
                organisation=orgs["vn"],
                mission=unmiss,
                status=R.DEPLOYED,
                planned_departure=today - 300 * DAY,
                planned_return=today + (30 + n) * DAY,
                departed_on=today - 300 * DAY,
            )
            RotationFactory.create(
                organisation=orgs["vn"], unit=rotation.unit, mission=unmiss, predecessor=rotation
            )
            slot_for(rotation.unit, deployable(orgs["vn"]))

    grow()
    page = constant_queries(login(cast["vn_planner"]), "/deployments/rotations/", grow)
    assert page.count('<rect class="bar') == 16


def test_deployments_list_query_count_is_constant(cast, login, orgs, unmiss, constant_queries):
    def grow():
        for _ in range(3):
            rotation = RotationFactory.create(organisation=orgs["vn"], mission=unmiss)
            slot_for(rotation.unit, deployable(orgs["vn"]))
            services.add_members_from_slots(rotation=rotation)
            DeploymentFactory.create(person=deployable(orgs["vn"]), mission=unmiss)

    grow()
    page = constant_queries(
        login(cast["vn_planner"]), "/deployments/?mission=" + unmiss.acronym, grow
    )
    assert "12 tours" in page


def test_person_history_query_count_is_constant(cast, login, orgs, unmiss, constant_queries):
    officer = deployable(orgs["vn"])
    year = iter(range(2000, 2030, 2))

    def grow():
        for _ in range(2):
            start = D(next(year), 1, 1)
            tour = DeploymentFactory.create(
                person=officer,
                mission=unmiss,
                status=S.RETURNED,
                planned_start=start,
                planned_end=start + 200 * DAY,
                departed_on=start,
                returned_on=start + 200 * DAY,
                rotation=RotationFactory.create(organisation=orgs["vn"], mission=unmiss),
                personnel_type=PersonnelType.TROOPS,
            )
            for kind in ("injury", "commendation"):
                MissionEvent.objects.create(
                    organisation=orgs["vn"], deployment=tour, kind=kind, occurred_on=start
                )

    grow()
    page = constant_queries(login(cast["vn_viewer"]), f"/deployments/people/{officer.pk}/", grow)
    assert '<dd data-testid="tour-count">4</dd>' in page
    assert page.count("Commendation") == 4


def test_rotation_detail_query_count_is_constant(cast, login, orgs, rotation, constant_queries):
    RotationFactory.create(organisation=orgs["vn"], unit=rotation.unit, predecessor=rotation)

    def grow():
        for sex in ("F", "M"):
            slot_for(rotation.unit, deployable(orgs["vn"], sex=sex))
        services.add_members_from_slots(rotation=rotation)

    grow()
    man = rotation.members.get(person__sex="M")
    services.move_deployment(deployment=man, to=S.CANCELLED)
    client = login(cast["vn_admin"])
    page = constant_queries(client, f"/deployments/rotations/{rotation.pk}/", grow)
    assert f'href="/deployments/rotations/{rotation.pk}/roll.pdf"' in page
    assert "3 members · women: 2 (66.7%)" in page  # the cancelled plan is listed, not counted
    assert page.split('data-testid="members"')[1].count("Cancelled") == 1
    listed = (
        client.get("/deployments/rotations/").content.decode().split('data-testid="rotations"')[1]
    )
    row = listed.split(f'href="/deployments/rotations/{rotation.pk}/"')[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>3</td>")  # the members column counts the same way


def test_deployment_detail_query_count_is_constant(cast, login, orgs, unmiss, constant_queries):
    tour = deployed_tour(deployable(orgs["vn"]), unmiss, D(2025, 1, 1))
    day = iter(range(1, 28))

    def grow():
        for kind in ("injury", "commendation"):
            services.record_event(
                deployment=tour, kind=kind, occurred_on=D(2025, 2, next(day)), user=cast["vn_admin"]
            )

    grow()
    page = constant_queries(login(cast["vn_admin"]), f"/deployments/{tour.pk}/", grow)
    events = page.split('data-testid="events"')[1].split("</table>")[0]
    assert events.count("Commendation") == 2
    assert events.count("vn-admin") == 4


def test_an_event_corrected_after_it_was_recorded_says_when(orgs, unmiss):
    """Events are corrected only in the admin, which saves the row: `updated_at` moves."""
    today = timezone.localdate()
    tour = services.plan_deployment(
        person=deployable(orgs["vn"], full_name="Tran Van Commended"),
        mission=unmiss,
        personnel_type=PersonnelType.EXPERT_ON_MISSION,
        planned_start=today + 10 * DAY,
        planned_end=today + 300 * DAY,
    )
    event = MissionEvent.objects.create(
        organisation=orgs["vn"], deployment=tour, kind="commendation", occurred_on=today
    )
    long_ago = timezone.now() - 30 * DAY
    MissionEvent.objects.filter(pk=event.pk).update(created_at=long_ago, updated_at=long_ago)
    event.refresh_from_db()
    event.description = "Force Commander's commendation"
    event.save()
    event.refresh_from_db()
    assert event.created_at == long_ago
    assert event.updated_at > long_ago


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_member_table_is_read_once_until_a_write(cast, login, orgs, rotation, second_read):
    """Between requests a rotation's member table is kept (on PostgreSQL); members added since
    show at once."""
    from django.db import connection

    slot_for(rotation.unit, deployable(orgs["vn"], full_name="Tran Thi Lan", sex="F"))
    client = login(cast["vn_planner"])
    client.post(f"/deployments/rotations/{rotation.pk}/members/")
    page = f"/deployments/rotations/{rotation.pk}/"
    again = second_read(lambda: client.get(page))
    listed = any('ORDER BY "deployments_deployment"."sub_unit"' in q["sql"] for q in again)
    assert listed == (connection.vendor != "postgresql")
    slot_for(rotation.unit, deployable(orgs["vn"], full_name="Pham Van Moi"))
    client.post(f"/deployments/rotations/{rotation.pk}/members/")
    members = client.get(page).content.decode().split('data-testid="members"')[1]
    assert "Tran Thi Lan" in members
    assert "Pham Van Moi" in members
