"""A run end to end in the task, hand edits checked like assignments, acceptance all or nothing
(audited), and failures stored with their message."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from forcegen.deployments.models import Deployment, Rotation
from forcegen.personnel.models import Credential, Person
from forcegen.planning import services, tasks
from forcegen.planning.explanations import note_lines, why_empty
from forcegen.planning.models import Change, PlanRun, Proposal
from forcegen.units.models import Slot

from .factories import D, person, plan_run, slot


def plan_for(team, orgs, cast, **options):
    run = tasks.submit_run(
        organisation=orgs["vn"], user=cast["vn_planner"], rotations=[team.rotation], **options
    )
    run.refresh_from_db()
    return run


def proposed(run):
    return {
        (p.slot.title, p.slot.seat): p.person
        for p in run.proposals.select_related("slot", "person")
    }


def test_a_run_fills_the_unit_and_explains_the_empty_slot(immediate, team, orgs, cast):
    run = plan_for(team, orgs, cast)
    assert (run.status, run.progress, run.step) == ("done", 100, "stored")
    assert run.min_women_percent == Decimal(15)  # the unit's target
    assert (run.slot_count, run.filled_count) == (4, 3)
    assert run.plan["status"] == "optimal"
    assert proposed(run) == {
        ("Nurse", 1): team.anh,
        ("Nurse", 2): team.binh,
        ("Nurse (women)", 1): team.chi,  # the only free woman: Away is on another tour
        ("Surgeon", 1): None,
    }
    gap = run.proposals.get(slot__title="Surgeon")
    assert gap.explanation == {"holders": 0, "parts": [], "overlap": False}
    assert why_empty(gap, {}) == "No one on the roster holds the role Surgeon."
    surgeon = {"en": "Surgeon", "lo": "ແພດຜ່າຕັດ", "vi": "Bác sĩ phẫu thuật", "fr": "Chirurgien"}
    assert gap.notes[0] == {"code": "specialty", "n": 1, "specialty": surgeon}
    assert gap.notes[1]["failures"]["en"] == ["no Passport on record"]
    assert note_lines(gap) == [
        "1 person of the organisation holds the specialty Surgeon.",
        f"Close to eligible: Dung Surgeon ({team.surgeon.service_number}): no Passport on record.",
    ]
    assert run.instance["people"]  # stored for reproduction with the CLI
    assert run.job.started_at is not None
    assert run.job.finished_at is not None


def test_the_greedy_baseline_runs_too(immediate, team, orgs, cast):
    run = plan_for(team, orgs, cast, method=PlanRun.Method.GREEDY, min_women_percent=Decimal(50))
    assert run.plan["method"] == "greedy"
    assert run.plan["female_share"] >= 0.5
    assert run.filled_count == 2  # one man and the one free woman: more men break the share


def test_accepting_assigns_the_slots_and_adds_the_members(immediate, team, orgs, cast):
    run = plan_for(team, orgs, cast)
    services.accept_plan(run=run, user=cast["vn_planner"])
    run.refresh_from_db()
    assert run.status == "accepted"
    assert run.accepted_by == cast["vn_planner"]
    assert slot(team.rotation, "Nurse", 1).person == team.anh
    assert slot(team.rotation, "Nurse (women)").assigned_by == cast["vn_planner"]
    members = team.rotation.members.select_related("slot")
    assert {(m.person, m.slot.title, m.status) for m in members} == {
        (team.anh, "Nurse", Deployment.Status.PLANNED),
        (team.binh, "Nurse", Deployment.Status.PLANNED),
        (team.chi, "Nurse (women)", Deployment.Status.PLANNED),
    }
    changes = LogEntry.objects.get_for_model(Slot).filter(action=LogEntry.Action.UPDATE)
    assert {e.object_pk for e in changes} == {
        str(slot(team.rotation, title, seat).pk)
        for title, seat in [("Nurse", 1), ("Nurse", 2), ("Nurse (women)", 1)]
    }
    with pytest.raises(ValidationError, match="Only a plan ready for review"):
        services.accept_plan(run=run, user=cast["vn_planner"])


def test_a_refused_acceptance_stores_nothing_and_gives_every_reason(immediate, team, orgs, cast):
    surgeon_slot = slot(team.rotation, "Surgeon")
    Slot.objects.filter(pk=surgeon_slot.pk).update(person=team.surgeon)
    run = plan_for(team, orgs, cast)
    surgeon = run.proposals.get(slot=surgeon_slot)
    assert surgeon.change == Change.KEEPS  # not eligible, and no one else is
    services.propose(proposal=surgeon, person=None, user=cast["vn_planner"])
    assert run.proposals.get(slot=surgeon_slot).change == Change.EMPTIES  # emptied by hand
    Credential.objects.filter(person__in=[team.anh, team.chi]).delete()
    with pytest.raises(ValidationError) as refused:
        services.accept_plan(run=run, user=cast["vn_planner"])
    messages = refused.value.messages
    assert any(m.startswith("Nurse #1: Anh Nurse is not eligible") for m in messages)
    assert any(m.startswith("Nurse (women) #1: Chi Nurse is not eligible") for m in messages)
    assert "Nurse #1: no Passport on record" in messages
    run.refresh_from_db()
    assert run.status == "done"
    assert slot(team.rotation, "Surgeon").person == team.surgeon  # the emptying rolled back
    assert not Slot.objects.filter(unit=team.rotation.unit, person__in=[team.binh]).exists()
    assert not team.rotation.members.exists()


def test_a_hand_edit_is_refused_with_reasons_or_recorded(immediate, team, orgs, cast):
    run = plan_for(team, orgs, cast)
    nurse = run.proposals.get(slot__title="Nurse", slot__seat=2)
    with pytest.raises(ValidationError) as refused:
        services.propose(proposal=nurse, person=team.surgeon, user=cast["vn_planner"])
    assert refused.value.message_dict["person"] == [
        f"Dung Surgeon cannot take Nurse #2 for Hospital, rotation {team.rotation.number}:",
        "does not hold the specialty Nurse",
        "no Passport on record",
    ]
    with pytest.raises(ValidationError, match="already on a tour in MINUSCA"):
        services.propose(proposal=nurse, person=team.away, user=cast["vn_planner"])
    with pytest.raises(ValidationError, match="Chi Nurse is already in this plan"):
        services.propose(proposal=nurse, person=team.chi, user=cast["vn_planner"])
    newcomer = person(orgs["vn"], "nurse", full_name="Em Nurse")
    services.propose(proposal=nurse, person=newcomer, user=cast["vn_planner"])
    nurse.refresh_from_db()
    assert (nurse.person, nurse.planned_person, nurse.edited_by) == (
        newcomer,
        team.binh,
        cast["vn_planner"],
    )
    assert LogEntry.objects.get_for_object(nurse).filter(action=LogEntry.Action.UPDATE).exists()
    surgeon = run.proposals.get(slot__title="Surgeon")
    services.propose(proposal=surgeon, person=None, user=cast["vn_planner"])
    services.accept_plan(run=run, user=cast["vn_planner"])
    assert slot(team.rotation, "Nurse", 2).person == newcomer
    with pytest.raises(ValidationError, match="Only a plan ready for review can be changed"):
        services.propose(proposal=nurse, person=team.binh, user=cast["vn_planner"])


def test_candidates_are_checked_over_the_units_period_like_a_hand_edit(immediate, team, orgs, cast):
    run = plan_for(team, orgs, cast)
    unit = team.rotation.unit
    unit.ends_on = D(2029, 6, 30)  # a year and more after the tour ends
    unit.save()
    free = person(orgs["vn"], "nurse", full_name="Em Nurse")
    short = person(orgs["vn"], "nurse", full_name="Giang Nurse")
    Credential.objects.filter(person=short).update(valid_until=D(2028, 6, 30))  # the tour only
    nurse = run.proposals.select_related(
        "run", "rotation__unit", "rotation__mission", "slot__requirement"
    ).get(slot__title="Nurse", slot__seat=2)
    found = set(services.candidates(nurse, Person.objects.all()))
    assert free in found
    assert short not in found
    with pytest.raises(ValidationError, match="Passport expires 2028-06-30"):
        services.propose(proposal=nurse, person=short, user=cast["vn_planner"])


def test_a_plan_no_woman_can_join_is_infeasible_and_cannot_be_accepted(immediate, team, orgs, cast):
    Credential.objects.filter(person=team.chi).delete()
    Slot.objects.filter(pk=slot(team.rotation, "Nurse", 1).pk).update(person=team.binh)
    run = plan_for(team, orgs, cast)
    assert run.plan["status"] == "infeasible"
    assert "no woman fits any slot" in run.plan["message"]
    assert run.filled_count == 0
    with pytest.raises(ValidationError, match="No plan meets the women's share"):
        services.accept_plan(run=run, user=cast["vn_planner"])
    assert slot(team.rotation, "Nurse", 1).person == team.binh


def test_review_figures_count_tours_and_recorded_returns(immediate, team, orgs, cast):
    team.anh.last_mission_return = D(2020, 1, 1)  # before the system: one tour
    team.anh.save()
    run = plan_for(team, orgs, cast)
    proposals = list(services.proposals_for_review(run))
    figures = services.figures(run, proposals)
    assert (figures.filled, figures.women, figures.experienced) == (3, 1, 1)
    assert figures.tours == [(0, 2), (1, 1)]
    assert figures.meets_women_target
    assert (figures.changed, figures.edited, figures.kept) == (3, 0, 0)


def test_a_run_that_cannot_plan_is_stored_as_failed_with_the_reason(immediate, team, orgs, cast):
    run = plan_run(orgs["vn"], team.rotation)
    Rotation.objects.filter(pk=team.rotation.pk).update(status=Rotation.Status.DEPLOYED)
    tasks.run_plan.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "is Deployed: only rotations in planning or forming are planned" in run.job.error
    assert not Proposal.objects.exists()
    tasks.run_plan.enqueue(run.pk)  # a run is claimed once
    run.refresh_from_db()
    assert run.status == "failed"


def test_rotations_that_cannot_be_planned_together_are_refused(team, orgs, cast):
    with pytest.raises(ValidationError) as refused:
        tasks.submit_run(
            organisation=orgs["vn"],
            user=cast["vn_planner"],
            rotations=[team.rotation, Rotation.objects.create(
                organisation=orgs["vn"],
                unit=team.rotation.unit,
                mission=team.rotation.mission,
                number=99,
                planned_departure=team.end,
                planned_return=team.end,
            )],
        )  # fmt: skip
    assert "Two rotations of the same unit share its slots" in refused.value.messages[0]
    assert not PlanRun.objects.exists()


@pytest.fixture
def restore_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


# The worker commits in its own transactions, as in production; serialized rollback restores the
# roles and specialties that migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_database_worker_runs_the_plan(team, orgs, cast, restore_signals):
    import io

    from django.core.management import call_command

    run = plan_for(team, orgs, cast)
    assert run.status == "queued"  # nothing ran in the request
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=io.StringIO()
    )
    run.refresh_from_db()
    assert (run.status, run.filled_count) == ("done", 3)


def test_accepting_keeps_holders_the_solver_could_not_replace(immediate, team, orgs, cast):
    surgeon_slot = slot(team.rotation, "Surgeon")
    Slot.objects.filter(pk=surgeon_slot.pk).update(person=team.surgeon)
    run = plan_for(team, orgs, cast)
    services.accept_plan(run=run, user=cast["vn_planner"])
    assert slot(team.rotation, "Surgeon").person == team.surgeon
    members = set(team.rotation.members.values_list("person", flat=True))
    planned = set(run.proposals.exclude(person=None).values_list("person", flat=True))
    assert members == planned
    assert team.surgeon.pk not in members
