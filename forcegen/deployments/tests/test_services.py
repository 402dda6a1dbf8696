"""Rotations, tours and in-mission events: every refusal carries its reason; nothing half-done."""

import datetime

import pytest
from django.core.exceptions import ValidationError

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
from forcegen.personnel.eligibility import Period, eligibility
from forcegen.personnel.fitness import Seat
from forcegen.personnel.models import Credential, Person, Requirement
from forcegen.personnel.tests.factories import CredentialFactory

D = datetime.date
S = Deployment.Status


START, END = D(2027, 3, 1), D(2028, 2, 29)


def plan(person, start=START, end=END, mission=None):
    return services.plan_deployment(
        person=person,
        mission=mission or MissionFactory.create(),
        personnel_type=PersonnelType.STAFF_OFFICER,
        planned_start=start,
        planned_end=end,
        role="Staff officer",
    )


def refusal(exc):
    return " ".join(exc.value.messages)


@pytest.mark.django_db
def test_overlapping_tour_is_refused_with_the_other_tour(orgs):
    officer = deployable(orgs["vn"])
    plan(officer)
    with pytest.raises(ValidationError) as exc:
        plan(
            officer,
            start=D(2028, 1, 1),
            end=D(2028, 12, 31),
            mission=MissionFactory.create(acronym="MINUSCA"),
        )
    assert "already on a tour in UNMISS 2027-03-01 – 2028-02-29" in refusal(exc)
    assert Deployment.objects.filter(person=officer).count() == 1


@pytest.mark.django_db
def test_cancelled_plan_does_not_block_another_tour(orgs):
    officer = deployable(orgs["vn"])
    services.move_deployment(deployment=plan(officer), to=S.CANCELLED)
    assert plan(officer).status == S.PLANNED


@pytest.mark.django_db
def test_rest_period_after_the_last_tour_is_enforced_both_ways(orgs):
    officer = deployable(orgs["vn"])
    plan(officer, start=D(2025, 1, 1), end=D(2025, 12, 31))
    with pytest.raises(ValidationError) as exc:
        plan(officer, start=D(2026, 6, 1), end=D(2027, 5, 31))
    assert "returned from a mission on 2025-12-31: 365 rest days required, only 152" in refusal(exc)
    # A tour planned before an existing one must leave the rest before it too.
    with pytest.raises(ValidationError) as exc:
        plan(officer, start=D(2024, 1, 1), end=D(2024, 6, 30))
    assert (
        "leaves again on 2025-01-01: 365 rest days required after this tour, only 185"
        in refusal(exc)
    )
    # The organisation's policy decides the length.
    DeploymentPolicy.objects.create(organisation=orgs["vn"], rest_days=100)
    assert plan(officer, start=D(2026, 6, 1), end=D(2027, 5, 31)).pk


@pytest.mark.django_db
def test_a_return_recorded_before_the_system_counts_for_rest(orgs):
    officer = deployable(orgs["vn"], last_mission_return=D(2026, 12, 1))
    with pytest.raises(ValidationError) as exc:
        plan(officer)
    assert "returned from a mission on 2026-12-01" in refusal(exc)


@pytest.mark.django_db
def test_credentials_expiring_during_the_tour_are_refused(orgs):
    MissionRequirement.objects.create(organisation=orgs["vn"], kind=Credential.Kind.PASSPORT)
    unmiss = MissionFactory.create()
    MissionRequirement.objects.create(
        organisation=orgs["vn"],
        mission=unmiss,
        kind=Credential.Kind.VACCINATION,
        detail="yellow fever",
    )
    officer = deployable(orgs["vn"], passport_until=D(2027, 9, 30))
    with pytest.raises(ValidationError) as exc:
        plan(officer, mission=unmiss)
    text = refusal(exc)
    assert (
        "every mission requires Passport: it expires 2027-09-30, during the tour ending 2028-02-29"
        in text
    )
    assert "UNMISS requires Vaccination: yellow fever: none on record" in text
    CredentialFactory.create(
        person=officer, kind=Credential.Kind.PASSPORT, valid_until=D(2031, 1, 1)
    )
    CredentialFactory.create(
        person=officer,
        kind=Credential.Kind.VACCINATION,
        detail="Yellow fever",
        valid_until=D(2030, 1, 1),
    )
    assert plan(officer, mission=unmiss).pk
    # Another organisation's rules do not apply to Viet Nam's people, and vice versa.
    lao = deployable(orgs["la"])
    assert plan(lao, mission=unmiss).pk


@pytest.mark.django_db
def test_mission_requirements_feed_eligibility_in_sql_and_in_words(orgs):
    unmiss = MissionFactory.create()
    MissionRequirement.objects.create(
        organisation=orgs["vn"],
        mission=unmiss,
        kind=Credential.Kind.LANGUAGE,
        detail="en",
        min_level=3,
    )
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Staff officer")
    fluent, weak, none = (deployable(orgs["vn"]) for _ in range(3))
    for someone, level in ((fluent, 4), (weak, 2)):
        CredentialFactory.create(
            person=someone, kind=Credential.Kind.LANGUAGE, detail="en", level=level, reference=""
        )
    period = Period(D(2027, 3, 1), D(2028, 2, 29), unmiss.pk)
    eligible = set(Person.objects.eligible_for(requirement, period))
    assert eligible == {fluent}
    for someone in (fluent, weak, none):
        verdict = eligibility(
            Person.objects.for_eligibility().get(pk=someone.pk), requirement, period
        )
        assert verdict.eligible == (someone in eligible)
    assert any(
        "English at B1 or above" in f for f in eligibility(weak, requirement, period).failures
    )
    # Without a mission the mission's rules do not apply.
    assert weak in Person.objects.eligible_for(requirement, Period(period.start, period.end))


@pytest.mark.django_db
def test_members_come_from_the_slots_all_or_nothing(orgs):
    rotation = RotationFactory.create(organisation=orgs["vn"])
    ready = deployable(orgs["vn"], sex="F")
    expiring = deployable(orgs["vn"])
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Nurse with licence")
    requirement.credentials.create(kind=Credential.Kind.PROFESSIONAL_LICENCE)
    CredentialFactory.create(
        person=expiring, kind=Credential.Kind.PROFESSIONAL_LICENCE, valid_until=D(2027, 6, 1)
    )
    CredentialFactory.create(
        person=ready, kind=Credential.Kind.PROFESSIONAL_LICENCE, valid_until=D(2029, 6, 1)
    )
    slot_for(rotation.unit, ready, requirement=requirement)
    slot_for(rotation.unit, expiring, requirement=requirement)
    with pytest.raises(ValidationError) as exc:
        services.add_members_from_slots(rotation=rotation)
    assert expiring.full_name in refusal(exc)
    assert "expires 2027-06-01, before the end of the period 2028-02-29" in refusal(exc)
    assert not rotation.members.exists()
    CredentialFactory.create(
        person=expiring, kind=Credential.Kind.PROFESSIONAL_LICENCE, valid_until=D(2029, 6, 1)
    )
    added = services.add_members_from_slots(rotation=rotation)
    assert {(d.person, d.role, d.sub_unit, d.personnel_type) for d in added} == {
        (ready, "Nurse", "Wards", PersonnelType.TROOPS),
        (expiring, "Nurse", "Wards", PersonnelType.TROOPS),
    }
    # Running it again adds no one twice.
    assert services.add_members_from_slots(rotation=rotation) == []


@pytest.mark.django_db
def test_individuals_and_contingents_are_kept_apart(orgs):
    officer = deployable(orgs["vn"])
    with pytest.raises(ValidationError) as exc:
        services.plan_deployment(
            person=officer,
            mission=MissionFactory.create(),
            personnel_type=PersonnelType.TROOPS,
            planned_start=D(2027, 3, 1),
            planned_end=D(2027, 9, 1),
        )
    assert "personnel_type" in exc.value.message_dict


@pytest.mark.django_db
def test_tour_lifecycle_updates_the_last_return(orgs):
    officer = deployable(orgs["vn"])
    tour = plan(officer)
    with pytest.raises(ValidationError) as exc:
        services.move_deployment(deployment=tour, to=S.DEPLOYED, on=D(2027, 3, 1))
    assert "cannot become Deployed" in refusal(exc)
    services.move_deployment(deployment=tour, to=S.APPROVED)
    with pytest.raises(ValidationError):
        services.move_deployment(deployment=tour, to=S.DEPLOYED)
    services.move_deployment(deployment=tour, to=S.DEPLOYED, on=D(2027, 3, 2))
    with pytest.raises(ValidationError) as exc:
        services.move_deployment(deployment=tour, to=S.REPATRIATED, on=D(2027, 7, 1))
    assert "reason" in exc.value.message_dict
    services.move_deployment(deployment=tour, to=S.REPATRIATED, on=D(2027, 7, 1), reason="medical")
    tour.refresh_from_db()
    officer.refresh_from_db()
    assert (tour.status, tour.departed_on, tour.returned_on) == (
        S.REPATRIATED,
        D(2027, 3, 2),
        D(2027, 7, 1),
    )
    assert officer.last_mission_return == D(2027, 7, 1)


@pytest.mark.django_db
def test_rotation_moves_its_members_along(orgs):
    rotation = RotationFactory.create(organisation=orgs["vn"])
    people = [deployable(orgs["vn"]) for _ in range(3)]
    for someone in people:
        slot_for(rotation.unit, someone)
    services.add_members_from_slots(rotation=rotation)
    services.move_rotation(rotation=rotation, to=Rotation.Status.FORMING)
    services.move_rotation(rotation=rotation, to=Rotation.Status.PRE_DEPLOYMENT)
    assert set(rotation.members.values_list("status", flat=True)) == {S.APPROVED}
    with pytest.raises(ValidationError):
        services.move_rotation(rotation=rotation, to=Rotation.Status.RETURNED, on=D(2028, 3, 1))
    services.move_rotation(rotation=rotation, to=Rotation.Status.DEPLOYED, on=D(2027, 3, 3))
    sent_home = rotation.members.get(person=people[0])
    services.move_deployment(
        deployment=sent_home, to=S.REPATRIATED, on=D(2027, 5, 1), reason="compassionate"
    )
    services.move_rotation(rotation=rotation, to=Rotation.Status.RETURNED, on=D(2028, 3, 2))
    rotation.refresh_from_db()
    assert (rotation.departed_on, rotation.returned_on) == (D(2027, 3, 3), D(2028, 3, 2))
    assert sorted(rotation.members.values_list("status", "returned_on")) == [
        (S.REPATRIATED, D(2027, 5, 1)),
        (S.RETURNED, D(2028, 3, 2)),
        (S.RETURNED, D(2028, 3, 2)),
    ]


@pytest.mark.django_db
def test_rotation_numbering_and_planning_due(orgs):
    unit = UnitFactory.create(organisation=orgs["vn"])
    mission = MissionFactory.create()
    first = services.create_rotation(
        unit=unit, mission=mission, planned_departure=D(2026, 1, 10), planned_return=D(2027, 1, 9)
    )
    assert first.number == 1
    due = Rotation.objects.due_for_planning(D(2026, 7, 15), lead_days=180)
    assert list(due) == [first]
    assert first.planning_due_on(DeploymentPolicy(organisation=orgs["vn"])) == D(2026, 7, 13)
    assert not Rotation.objects.due_for_planning(D(2026, 7, 12), lead_days=180).exists()
    second = services.create_rotation(
        unit=unit,
        mission=mission,
        planned_departure=D(2027, 1, 9),
        planned_return=D(2028, 1, 8),
        predecessor=first,
    )
    assert second.number == 2
    assert list(Rotation.objects.due_for_planning(D(2026, 7, 15), lead_days=180)) == []
    with pytest.raises(ValidationError) as exc:
        services.create_rotation(
            unit=unit,
            mission=mission,
            planned_departure=D(2028, 1, 8),
            planned_return=D(2029, 1, 8),
            number=2,
        )
    assert "number" in exc.value.message_dict


@pytest.mark.django_db
def test_medal_needs_ninety_days_and_death_ends_the_tour(orgs):
    tour = DeploymentFactory.create(
        organisation=orgs["vn"],
        status=S.DEPLOYED,
        departed_on=D(2025, 3, 1),
        planned_start=D(2025, 3, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.record_event(
            deployment=tour, kind=MissionEvent.Kind.MEDAL, occurred_on=D(2025, 5, 28)
        )
    assert "needs 90 days in the mission; 89 served by 2025-05-28" in refusal(exc)
    medal = services.record_event(
        deployment=tour, kind=MissionEvent.Kind.MEDAL, occurred_on=D(2025, 5, 29)
    )
    assert medal.deployment == tour
    with pytest.raises(ValidationError) as exc:
        services.record_event(
            deployment=tour, kind=MissionEvent.Kind.INJURY, occurred_on=D(2025, 2, 1)
        )
    assert "occurred_on" in exc.value.message_dict
    services.record_event(
        deployment=tour,
        kind=MissionEvent.Kind.DEATH,
        occurred_on=D(2025, 8, 1),
        description="Road accident",
    )
    tour.refresh_from_db()
    tour.person.refresh_from_db()
    assert (tour.status, tour.returned_on) == (S.CASUALTY, D(2025, 8, 1))
    assert tour.person.status == Person.Status.DECEASED
    assert list(tour.events.values_list("kind", flat=True)) == ["medal", "death"]


@pytest.mark.django_db
def test_training_refuses_a_class_during_a_tour(orgs):
    from forcegen.training.checks import clashes
    from forcegen.training.tests.factories import ClassFactory

    officer = deployable(orgs["vn"])
    plan(officer)
    during = ClassFactory.create(organisation=orgs["vn"], starts_on=D(2027, 6, 1))
    before = ClassFactory.create(organisation=orgs["vn"], starts_on=D(2027, 1, 1))
    assert clashes(officer, during) == [
        f"{officer.full_name} is on a tour in UNMISS 2027-03-01 – 2028-02-29, during the class."
    ]
    assert clashes(officer, before) == []


@pytest.mark.django_db
def test_new_rotation_dates_move_members_or_refuse_all(orgs):
    rotation = RotationFactory.create(organisation=orgs["vn"])
    short_passport = deployable(orgs["vn"], passport_until=D(2028, 6, 1))
    other = deployable(orgs["vn"])
    for someone in (short_passport, other):
        slot_for(rotation.unit, someone)
    MissionRequirement.objects.create(organisation=orgs["vn"], kind=Credential.Kind.PASSPORT)
    services.add_members_from_slots(rotation=rotation)
    with pytest.raises(ValidationError) as exc:
        services.update_rotation(rotation=rotation, planned_return=D(2028, 8, 31))
    assert f"{short_passport.full_name} cannot make the new dates:" in refusal(exc)
    assert set(rotation.members.values_list("planned_end", flat=True)) == {END}
    services.update_rotation(rotation=rotation, planned_return=D(2028, 5, 31))
    assert set(rotation.members.values_list("planned_end", flat=True)) == {D(2028, 5, 31)}


@pytest.mark.django_db
def test_a_credential_the_post_and_the_mission_both_ask_is_reported_once(orgs):
    MissionRequirement.objects.create(organisation=orgs["vn"], kind=Credential.Kind.PASSPORT)
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Surgeon")
    requirement.credentials.create(kind=Credential.Kind.PASSPORT)
    officer = deployable(orgs["vn"], passport_until=D(2027, 6, 1))
    mission = MissionFactory.create()
    seat = Seat(orgs["vn"].pk, requirement, (Period(START, END, mission.pk),))
    problems = services.deployment_problems(person=officer, seat=seat)
    assert problems == ["Passport expires 2027-06-01, before the end of the period 2028-02-29"]


def test_a_rotation_title_does_not_repeat_a_unit_named_for_it(orgs):
    named = RotationFactory.create(
        organisation=orgs["vn"], unit__name="Engineering Company — rotation 5", number=5
    )
    assert str(named) == "Engineering Company — rotation 5"  # not "…, rotation 5" again
    plain = RotationFactory.create(organisation=orgs["vn"], unit__name="Hospital", number=2)
    assert str(plain) == "Hospital, rotation 2"
