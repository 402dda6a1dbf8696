"""The planner's instance built from the records: roles from seat fitness in SQL (tours and the
rest between them included), mission requirements, courses and classes, a fixed number of
queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forcegen import planner
from forcegen.deployments.models import (
    Deployment,
    DeploymentPolicy,
    MissionRequirement,
    PersonnelType,
)
from forcegen.deployments.tests.factories import DeploymentFactory, MissionFactory, UnitFactory
from forcegen.personnel.models import Availability, Credential
from forcegen.personnel.tests.factories import CredentialFactory, english
from forcegen.planning import instance, services
from forcegen.units.models import Slot

from .factories import D, hospital, person, plan_run, slot


def new_run(organisation, *rotations, **options):
    return plan_run(
        organisation, *rotations, min_women_percent=Decimal(options.pop("women", 15)), **options
    )


def people_of(built):
    return {p["id"]: p for p in built.data["people"]}


def test_roles_are_the_slots_each_person_is_eligible_for(team, orgs):
    built = instance.build_instance(new_run(orgs["vn"], team.rotation))
    people = people_of(built)
    assert people[team.anh.service_number]["roles"] == ["Nurse"]
    assert people[team.chi.service_number]["roles"] == ["Nurse", "Nurse (women)"]
    assert team.surgeon.service_number not in people  # no passport: eligible for nothing
    assert [(s["role"], s["female_only"]) for s in built.data["slots"]] == [
        ("Nurse", False),
        ("Nurse", False),
        ("Nurse (women)", True),
        ("Surgeon", False),
    ]
    assert built.data["min_female_share"] == 0.15
    assert built.data["rest_days"] == 0  # the rest between tours is in each role's SQL answer
    assert isinstance(built.instance, planner.Instance)
    assert built.people[team.anh.service_number] == team.anh.pk


def test_a_tour_overlapping_the_rotation_or_its_rest_leaves_a_person_without_a_role(team, orgs):
    DeploymentPolicy.objects.create(organisation=orgs["vn"], rest_days=101)
    tour = Deployment.objects.get(person=team.away)  # 2026-09-01 – 2027-08-31
    built = instance.build_instance(new_run(orgs["vn"], team.rotation))
    assert team.away.service_number not in people_of(built)
    # Back 101 days before the rotation leaves (2027-03-01): rested, so eligible.
    tour.planned_start, tour.planned_end = D(2026, 1, 1), D(2026, 11, 20)
    tour.save()
    assert people_of(instance.build_instance(new_run(orgs["vn"], team.rotation)))[
        team.away.service_number
    ]["roles"] == ["Nurse", "Nurse (women)"]
    # One day later: 100 days of rest only.
    tour.planned_end = D(2026, 11, 21)
    tour.save()
    rebuilt = instance.build_instance(new_run(orgs["vn"], team.rotation))
    assert team.away.service_number not in people_of(rebuilt)
    # A cancelled tour does not count.
    Deployment.objects.filter(person=team.away).update(status=Deployment.Status.CANCELLED)
    rebuilt = instance.build_instance(new_run(orgs["vn"], team.rotation))
    assert people_of(rebuilt)[team.away.service_number]["unavailable"] == []


def test_recorded_unavailability_is_left_to_the_planner_to_explain(team, orgs):
    Availability.objects.create(
        organisation=orgs["vn"],
        person=team.chi,
        kind=Availability.Kind.MEDICAL,
        starts_on=D(2027, 4, 1),
        ends_on=D(2027, 5, 15),
    )
    built = instance.build_instance(new_run(orgs["vn"], team.rotation))
    chi = people_of(built)[team.chi.service_number]
    assert chi["roles"] == ["Nurse", "Nurse (women)"]
    assert chi["unavailable"] == [["2027-04-01", "2027-05-15"]]
    plan = planner.solve(built.instance, time_limit=5)
    women_slot = str(slot(team.rotation, "Nurse (women)").pk)
    reason = next(u.reason for u in plan.unfilled if u.slot == women_slot)
    assert {"code": "unavailable", "n": 1, "start": "2027-03-01", "end": "2028-02-29"} in [
        part.as_dict() for part in reason.parts
    ]


def test_the_missions_requirements_decide_who_may_go(team, orgs):
    mission = team.rotation.mission
    MissionRequirement.objects.create(
        organisation=orgs["vn"],
        mission=mission,
        kind=Credential.Kind.VACCINATION,
        detail="yellow-fever",
    )
    MissionRequirement.objects.create(  # another mission's: does not apply
        organisation=orgs["vn"],
        mission=MissionFactory.create(acronym="MINURSO"),
        kind=Credential.Kind.DRIVING_LICENCE,
    )
    CredentialFactory.create(
        person=team.chi, kind=Credential.Kind.VACCINATION, detail="yellow-fever", valid_until=None
    )
    built = instance.build_instance(new_run(orgs["vn"], team.rotation))
    assert list(people_of(built)) == [team.chi.service_number]


def test_past_tours_last_return_and_english_are_read_in_bulk(team, orgs):
    for year in (2022, 2024):
        DeploymentFactory.create(
            person=team.anh,
            status=Deployment.Status.RETURNED,
            planned_start=D(year, 1, 1),
            planned_end=D(year, 12, 31),
            departed_on=D(year, 1, 2),
            returned_on=D(year, 12, 30),
        )
    team.anh.last_mission_return = D(2024, 12, 30)
    team.anh.save()
    team.binh.last_mission_return = D(2019, 5, 1)  # before the system: counts as one tour
    team.binh.save()
    english(team.binh, level=4)
    english(team.binh, level=5, valid_until=D(2026, 1, 1))  # expired: not counted
    people = people_of(instance.build_instance(new_run(orgs["vn"], team.rotation)))
    anh, binh, chi = (people[p.service_number] for p in (team.anh, team.binh, team.chi))
    assert (anh["deployments"], anh["last_return"]) == (2, "2024-12-30")
    assert (binh["deployments"], binh["last_return"], binh["language_score"]) == (
        1,
        "2019-05-01",
        4,
    )
    assert chi["deployments"] == 0
    assert "last_return" not in chi
    assert "language_score" not in chi


def test_holders_of_another_units_slots_and_rotation_members(team, orgs):
    other = UnitFactory.create(organisation=orgs["vn"], name="Other hospital")
    Slot.objects.create(
        organisation=orgs["vn"],
        unit=other,
        title="Nurse",
        requirement=slot(team.rotation, "Nurse").requirement,
        person=team.binh,
    )
    first = slot(team.rotation, "Nurse")
    first.person = team.anh
    first.save()
    DeploymentFactory.create(
        person=team.anh,
        rotation=team.rotation,
        slot=first,
        mission=team.rotation.mission,
        personnel_type=PersonnelType.TROOPS,
    )
    built = instance.build_instance(new_run(orgs["vn"], team.rotation))
    assert [s.pk for s, _rotation in built.kept] == [first.pk]
    assert str(first.pk) not in built.seats
    people = people_of(built)
    assert team.binh.service_number not in people  # holds a slot of an overlapping unit
    assert team.anh.service_number not in people  # a member of the rotation: kept


def test_required_courses_become_requirements_and_upcoming_classes_fixes(orgs):
    from forcegen.training.tests.factories import ClassFactory, CourseFactory
    from forcegen.units.tests.factories import certify

    vn = orgs["vn"]
    cptm = CourseFactory.create(organisation=vn)
    today = timezone.localdate()
    start = today + datetime.timedelta(days=120)
    rotation = hospital(vn, start=start, end=start + datetime.timedelta(days=364), courses=[cptm])
    trained = person(vn, "nurse")
    certify(trained, cptm)
    untrained = person(vn, "nurse", sex="F")
    session = ClassFactory.create(
        organisation=vn,
        course=cptm,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
        capacity=5,
    )
    built = instance.build_instance(new_run(vn, rotation))
    people = people_of(built)
    assert people[trained.service_number]["has"] == ["CPTM"]
    assert people[untrained.service_number]["has"] == []
    assert people[untrained.service_number]["roles"] == ["Nurse", "Nurse (women)"]
    assert {s["role"]: s["requires"] for s in built.data["slots"]}["Nurse"] == ["CPTM"]
    [offered] = built.data["classes"]
    assert offered == {
        "id": session.reference,
        "gives": ["CPTM"],
        "ends": session.ends_on.isoformat(),
        "seats": 5,
    }
    plan = planner.solve(built.instance, time_limit=5)
    women_slot = str(slot(rotation, "Nurse (women)").pk)
    gap = next(u for u in plan.unfilled if u.slot == women_slot)
    assert gap.reason.as_dict() == {
        "role": "Nurse (women)",
        "holders": 1,
        "parts": [{"code": "lacks", "n": 1, "requirement": "CPTM"}],
        "overlap": False,
    }
    assert built.requirements == {"CPTM": {"course": "CPTM", "through": None}}
    # She is proposed once, for the first empty slot she would fit.
    [fix] = [fix for u in plan.unfilled for fix in u.fixes]
    assert (fix.person, fix.classes) == (untrained.service_number, (session.reference,))


def test_a_unit_period_other_than_the_tour_is_checked_too(team, orgs):
    unit = team.rotation.unit
    unit.ends_on = D(2029, 6, 30)  # the passports (to 2032) still cover it; Binh's does not
    unit.save()
    Credential.objects.filter(person=team.binh).update(valid_until=D(2028, 6, 30))
    people = people_of(instance.build_instance(new_run(orgs["vn"], team.rotation)))
    assert team.anh.service_number in people
    assert team.binh.service_number not in people


def test_building_costs_the_same_queries_for_more_people(team, orgs):
    def queries():
        run = new_run(orgs["vn"], team.rotation)
        with CaptureQueriesContext(connection) as captured:
            instance.build_instance(run)
        return len(captured.captured_queries)

    before = queries()
    for n in range(6):
        someone = person(orgs["vn"], "nurse", sex="F" if n % 2 else "M")
        english(someone)
        DeploymentFactory.create(person=someone)
    assert queries() == before


@pytest.mark.parametrize("targets", [(20, 10), (0, 0)])
def test_the_womens_share_defaults_to_the_units_targets_else_the_un_target(orgs, targets):
    first = hospital(orgs["vn"], name="First")
    second = hospital(orgs["vn"], name="Second")
    for rotation, target in zip((first, second), targets, strict=True):
        rotation.unit.women_target = target
        rotation.unit.save()
    # The UN target for contingents in force in 2027 is the 2021 one: 8%.
    expected = Decimal(20) if any(targets) else Decimal(8)
    assert services.default_women_percent([first, second]) == expected


def test_rotations_planned_together_share_one_pool(team, orgs):
    later = hospital(orgs["vn"], name="Second hospital", start=D(2029, 3, 1), end=D(2030, 2, 28))
    first = slot(team.rotation, "Nurse")
    first.person = team.anh
    first.save()
    DeploymentFactory.create(
        person=team.anh,
        rotation=team.rotation,
        slot=first,
        mission=team.rotation.mission,
        personnel_type=PersonnelType.TROOPS,
    )
    built = instance.build_instance(new_run(orgs["vn"], later, team.rotation))
    people = people_of(built)
    assert team.anh.service_number not in people  # a kept member is in the plan already
    roles = {f"{post} ({rotation})" for post in ("Nurse", "Nurse (women)")
             for rotation in (team.rotation, later)}  # fmt: skip
    assert set(people[team.chi.service_number]["roles"]) == roles
    assert len(built.seats) == 7  # the first hospital's first nurse seat is kept
    plan = planner.solve(built.instance, time_limit=5)
    chosen = {a.person: built.seats[a.slot].rotation for a in plan.assignments}
    assert len(chosen) == len(plan.assignments) == 3  # Binh, Chi and Away, once each
    # Away's tour ends 2027-08-31: after the rest, she is free for the second hospital only.
    assert chosen[team.away.service_number] == later
