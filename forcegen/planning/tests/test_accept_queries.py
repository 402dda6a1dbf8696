"""Accepting a plan reads the people's fitness seat by seat, not person by person: the queries
grow with the slots only by what each slot writes (the assignment and the tour, each locked,
saved and audited), whatever the fitness checks read."""

import pytest

from forcegen.deployments.models import Deployment
from forcegen.planning import services, tasks
from forcegen.units.models import Slot

from .factories import person, requirement

pytestmark = pytest.mark.usefixtures("immediate")

# Per slot: lock and read the slot, lock the person, save and audit the slot; lock the person,
# check they are no member yet, create and audit the tour; two savepoints each.
PER_SLOT = 13


def plan_with_more_nurses(team, orgs, cast, extra):
    """The team's plan with `extra` more nurse seats, and women nurses to fill them."""
    vn = orgs["vn"]
    nurse = requirement(vn, "Nurse", "nurse")
    for seat in range(3, 3 + extra):
        Slot.objects.create(
            organisation=vn, unit=team.rotation.unit, order=0, title="Nurse", seat=seat,
            sub_unit="Wards", requirement=nurse,
        )  # fmt: skip
        person(vn, "nurse", sex="F", full_name=f"Nurse {seat}")
    run = tasks.submit_run(organisation=vn, user=cast["vn_planner"], rotations=[team.rotation])
    run.refresh_from_db()
    assert run.filled_count == 3 + extra
    return run


@pytest.mark.parametrize("extra", [0, 8])
def test_accepting_a_plan_does_not_read_fitness_person_by_person(
    team, orgs, cast, extra, django_assert_max_num_queries
):
    run = plan_with_more_nurses(team, orgs, cast, extra)
    with django_assert_max_num_queries(80 + PER_SLOT * extra):
        services.accept_plan(run=run, user=cast["vn_planner"])
    assert Deployment.objects.filter(rotation=team.rotation).count() == 3 + extra
    assert Slot.objects.filter(unit=team.rotation.unit, person__isnull=False).count() == 3 + extra
