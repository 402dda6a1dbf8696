"""A deployed unit on the readiness board: its strength is the members in the mission, not its
(empty) slots; the figure comes from one grouped query whatever the number of units."""

import datetime

from django.utils import timezone

from forcegen.deployments.models import Deployment, PersonnelType, Rotation
from forcegen.deployments.numbers import strength_in_mission
from forcegen.deployments.tests.factories import (
    DeploymentFactory,
    MissionFactory,
    RotationFactory,
    UnitFactory,
    slot_for,
)
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.units.models import Unit

DAY = datetime.timedelta(days=1)


def deployed_unit(organisation, name, members, women=0):
    """A deployed unit whose rotation 4 left 100 days ago with `members` people (its slots are
    empty: the next rotation is not formed yet)."""
    today = timezone.localdate()
    unit = UnitFactory.create(
        organisation=organisation,
        name=name,
        status=Unit.Status.DEPLOYED,
        starts_on=today - 100 * DAY,
        ends_on=today + 265 * DAY,
    )
    for _ in range(3):
        slot_for(unit, None, title="Combat engineer")
    rotation = RotationFactory.create(
        organisation=organisation,
        unit=unit,
        mission=MissionFactory.create(acronym="UNISFA", name="UNISFA"),
        number=4,
        status=Rotation.Status.DEPLOYED,
        planned_departure=today - 100 * DAY,
        planned_return=today + 265 * DAY,
        departed_on=today - 100 * DAY,
    )
    for index in range(members):
        sex = "F" if index < women else "M"
        DeploymentFactory.create(
            person=PersonFactory.create(organisation=organisation, sex=sex),
            mission=rotation.mission,
            rotation=rotation,
            personnel_type=PersonnelType.TROOPS,
            status=Deployment.Status.DEPLOYED,
            planned_start=rotation.planned_departure,
            planned_end=rotation.planned_return,
            departed_on=rotation.departed_on,
        )
    return unit


def test_the_board_shows_a_deployed_units_strength_in_mission(cast, login, orgs):
    """Issue 16 (3): "Engineering company (UNISFA) · Deployed" showed score 0 and "59 Combat
    engineer slots empty" while 184 of its people were in the mission."""
    deployed_unit(orgs["vn"], "Engineering company (UNISFA)", members=4, women=1)
    board = login(cast["vn_planner"]).get("/units/").content.decode()
    assert "Deployed: 4 in UNISFA (rotation 4)" in board
    assert "3 slots in the table of organisation; women 25%" in board
    assert "Combat engineer slots empty" not in board


def test_strength_in_mission_is_one_query_for_any_number_of_units(orgs, django_assert_num_queries):
    units = [deployed_unit(orgs["vn"], f"Unit {n}", members=n + 1) for n in range(3)]
    with django_assert_num_queries(1):
        strength = strength_in_mission(units, timezone.localdate())
    assert [strength[u.pk].members for u in units] == [1, 2, 3]
    assert strength_in_mission(units, timezone.localdate() - 200 * DAY) == {}
