"""Seat fitness has one answer: on a random population and random seats, slot assignment, tour
creation, the plan's hand edits and candidate list and the planner's instance all agree with
`personnel.fitness`, reason for reason, and its SQL form equals its per-person form."""

import datetime
import random
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from forcegen import planner
from forcegen.core import jobs
from forcegen.deployments import services as deployments
from forcegen.deployments.models import Deployment, MissionRequirement, PersonnelType
from forcegen.deployments.tests.factories import MissionFactory
from forcegen.personnel.fitness import fit_condition, fitness
from forcegen.personnel.models import Availability, Credential, Person
from forcegen.personnel.tests.factories import CredentialFactory
from forcegen.planner import rules as planner_rules
from forcegen.planning import instance, services
from forcegen.planning.models import Proposal
from forcegen.training.models import Enrolment
from forcegen.training.tests.factories import ClassFactory, CourseFactory
from forcegen.units import services as units
from forcegen.units.models import Slot
from forcegen.units.tests.factories import certify

from .factories import END, START, D, hospital, person, plan_run

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


class Undo(Exception):
    """Raised to roll a trial write back."""


def _around(rng, start=START, end=END):
    """A random date from a year before the tour to a few months after it."""
    first = start - datetime.timedelta(days=420)
    return first + DAY * rng.randint(0, (end - first).days + 120)


def _expiry(rng):
    """Mostly valid for years; now and then expiring around the tour."""
    return D(2032, 1, 1) if rng.random() < 0.85 else _around(rng)


def random_population(orgs, rng, count, rotation, elsewhere):
    vn = orgs["vn"]
    cptm = CourseFactory.create(organisation=vn)
    other_mission = MissionFactory.create(acronym="MINUSCA")
    held = list(Slot.objects.filter(unit=elsewhere))
    people = []
    for index in range(count):
        someone = person(
            vn,
            rng.choice(["nurse", "nurse", "surgeon"]),
            sex=rng.choice("MF"),
            passport=False,
            full_name=f"Person {index:02d}",
            status=rng.choice([Person.Status.ACTIVE] * 6 + [Person.Status.RESERVE]),
        )
        people.append(someone)
        if rng.random() < 0.95:
            CredentialFactory.create(
                person=someone, kind=Credential.Kind.PASSPORT, valid_until=_expiry(rng)
            )
        if rng.random() < 0.9:
            CredentialFactory.create(
                person=someone,
                kind=Credential.Kind.VACCINATION,
                detail="yellow-fever",
                valid_until=_expiry(rng),
            )
        if rng.random() < 0.6:
            certify(someone, cptm)
        if rng.random() < 0.2:
            first = _around(rng)
            Availability.objects.create(
                organisation=vn,
                person=someone,
                kind=Availability.Kind.LEAVE,
                starts_on=first,
                ends_on=first + DAY * rng.randint(1, 60),
            )
        if rng.random() < 0.25:  # another tour, before, during or after this one
            first = _around(rng)
            Deployment.objects.create(
                organisation=vn,
                person=someone,
                mission=other_mission,
                personnel_type=PersonnelType.STAFF_OFFICER,
                planned_start=first,
                planned_end=first + DAY * rng.randint(30, 200),
                status=rng.choice([Deployment.Status.PLANNED, Deployment.Status.CANCELLED]),
            )
        if rng.random() < 0.3:
            someone.last_mission_return = START - DAY * rng.randint(1, 700)
            someone.save()
        if rng.random() < 0.15:
            first = _around(rng)
            session = ClassFactory.create(
                organisation=vn, course=cptm, starts_on=first, ends_on=first + DAY * 11
            )
            Enrolment.objects.create(
                organisation=vn, session=session, person=someone, status="nominated"
            )
        if held and rng.random() < 0.15:
            slot = held.pop()
            slot.person = someone
            slot.save()
    return people


@pytest.fixture
def world(orgs):
    rng = random.Random(11)
    vn = orgs["vn"]
    rotation = hospital(vn)
    unit = rotation.unit
    unit.ends_on = END + DAY * 45  # the unit's own period outlasts the tour
    unit.save()
    for requirement in {s.requirement for s in unit.slots.all()}:
        requirement.min_rest_days = rng.choice([0, 0, 200, 500])
        requirement.save()
    MissionRequirement.objects.create(
        organisation=vn,
        mission=rotation.mission,
        kind=Credential.Kind.VACCINATION,
        detail="yellow-fever",
    )
    elsewhere = hospital(vn, name="Other hospital", start=D(2027, 9, 1), end=D(2028, 8, 31)).unit
    people = random_population(orgs, rng, 30, rotation, elsewhere)
    run = plan_run(vn, rotation, min_women_percent=0)
    proposals = [
        Proposal.objects.create(organisation=vn, run=run, rotation=rotation, slot=slot)
        for slot in unit.slots.select_related("unit", "requirement")
    ]
    return rotation, people, run, proposals


def refusal(call):
    """The reasons a write gives (without its header), or [] when it succeeds; rolled back."""
    try:
        with transaction.atomic():
            call()
            raise Undo
    except Undo:
        return []
    except ValidationError as exc:
        return exc.messages[1:]


def planner_fits(built, someone, slot):
    """The planner's own answer, from the instance it is given."""
    found = {p.id: p for p in built.instance.people}.get(someone.service_number)
    seat = next(s for s in built.instance.slots if s.id == str(slot.pk))
    return (
        found is not None
        and seat.role in found.roles
        and seat.requires <= found.has
        and (found.female or not seat.female_only)
        and planner_rules.available(found, seat.start, seat.end, built.instance.rest_days)
    )


def test_every_caller_gives_the_same_answer_and_the_same_reasons(world, cast):
    rotation, people, run, proposals = world
    user = cast["vn_planner"]
    built = instance.build_instance(run)
    checked = Person.objects.for_eligibility().prefetch_related("certificates")
    fit_count = unfit_count = 0
    reasons_seen: set[str] = set()
    for proposal in proposals:
        slot = proposal.slot
        seat = services.proposal_seat(proposal)
        in_sql = set(Person.objects.filter(fit_condition(seat)).values_list("pk", flat=True))
        listed = set(
            services.candidates(proposal, Person.objects.all()).values_list("pk", flat=True)
        )
        for someone in people:
            failures = fitness(checked.get(pk=someone.pk), seat).failures
            fit = not failures
            fit_count += fit
            unfit_count += not fit
            reasons_seen.update(f.split(" ")[0] for f in failures)
            where = (slot.title, slot.seat, someone.full_name, failures)
            assert (someone.pk in in_sql) == fit, where
            assert (someone.pk in listed) == fit, where
            assert services.proposal_problems(proposal, someone) == failures, where
            assert planner_fits(built, someone, slot) == fit, where
            assign = partial(units.assign_slot, slot=slot, person=someone, user=user)
            assert refusal(assign) == failures, where
            tour = partial(
                deployments.plan_deployment,
                person=someone,
                mission=rotation.mission,
                personnel_type=PersonnelType.TROOPS,
                planned_start=rotation.starts_on,
                planned_end=rotation.ends_on,
                rotation=rotation,
                slot=slot,
            )
            assert refusal(tour) == failures, where
    # The population is neither trivially fit nor trivially unfit, and fails in many ways.
    assert fit_count > 5
    assert unfit_count > 5
    assert len(reasons_seen) >= 6, reasons_seen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_optimal_plan_is_accepted_as_it_is(orgs, cast, seed):
    """Holders of the unit's slots who are not yet members are free to move: the plan may put
    them in another slot of the same unit, or swap them; acceptance takes the plan as a whole."""
    rng = random.Random(seed)
    vn = orgs["vn"]
    rotation = hospital(vn)
    elsewhere = hospital(vn, name="Other hospital", start=D(2027, 9, 1), end=D(2028, 8, 31)).unit
    people = random_population(orgs, rng, 24, rotation, elsewhere)
    slots = list(rotation.unit.slots.order_by("pk"))
    for slot in rng.sample(slots, 3):  # holders the planner may move around
        free = [p for p in people if not Slot.objects.filter(person=p).exists()]
        slot.person = rng.choice(free)
        slot.save()
    run = plan_run(vn, rotation, min_women_percent=0)
    built = instance.build_instance(run)
    plan = planner.solve(built.instance, time_limit=5)
    assert plan.status == "optimal"
    assert plan.filled > 0
    services.store_plan(run, built, plan, services.gap_notes(built, plan))
    jobs.succeed(run.job)  # the plan is stored: the run's job is done
    services.accept_plan(run=run, user=cast["vn_planner"])
    assigned = {a.slot: built.people[a.person] for a in plan.assignments}
    for slot in Slot.objects.filter(pk__in=[int(pk) for pk in assigned]):
        assert slot.person_id == assigned[str(slot.pk)]
    members = set(rotation.members.values_list("person_id", flat=True))
    assert members == set(assigned.values())


def test_a_holder_the_plan_moves_to_another_slot_of_the_unit_leaves_the_old_one(team, orgs, cast):
    """Anh holds the surgeon slot (no surgeon qualifies, so the solver leaves it unfilled) and
    is needed as a nurse: accepting moves her, and the surgeon slot is left empty."""
    surgeon_slot = Slot.objects.get(unit=team.rotation.unit, title="Surgeon")
    surgeon_slot.person = team.anh
    surgeon_slot.save()
    run = plan_run(orgs["vn"], team.rotation, min_women_percent=0)
    built = instance.build_instance(run)
    plan = planner.solve(built.instance, time_limit=5)
    placed = {built.people[a.person]: a.slot for a in plan.assignments}
    assert placed[team.anh.pk] != str(surgeon_slot.pk)
    services.store_plan(run, built, plan, services.gap_notes(built, plan))
    jobs.succeed(run.job)  # the plan is stored: the run's job is done
    services.accept_plan(run=run, user=cast["vn_planner"])
    surgeon_slot.refresh_from_db()
    assert surgeon_slot.person_id is None
    assert Slot.objects.get(pk=placed[team.anh.pk]).person_id == team.anh.pk
    assert set(team.rotation.members.values_list("person_id", flat=True)) == set(placed)
