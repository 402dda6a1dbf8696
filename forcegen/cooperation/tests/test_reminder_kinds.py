"""Cooperation reminders: an open commitment or inter-agency task due within the horizon, or
late, tells the cooperation officers of the side concerned; done, it resolves itself; the run
reads the same number of queries however many there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.cooperation import services as cooperation
from forcegen.cooperation.models import Commitment, CoordinationTask, Side
from forcegen.deployments.tests.factories import RotationFactory
from forcegen.reminders import services
from forcegen.reminders.models import Reminder

TODAY = datetime.date(2025, 9, 20)


def reasons(user):
    return sorted(
        (r.kind, r.reason, r.state) for r in Reminder.objects.filter(user=user, state="open")
    )


def promise(joint, side, what, due):
    return Commitment.objects.create(
        activity=joint["visit"],
        organisation=joint["plan"].organisation,
        side=side,
        description=what,
        due_on=due,
    )


def test_each_side_hears_of_its_own_commitments_due_or_late(joint, officers):
    # The fixture's Lao promise is due on 30 September: within the 14 days.
    promise(joint, Side.OWNER, "Share the legal instruments", TODAY - datetime.timedelta(days=5))
    promise(joint, Side.OWNER, "Propose an IT plan", TODAY + datetime.timedelta(days=60))
    services.run(today=TODAY)
    lao = "la-pko promised: Send the list of units — due on 2025-09-30."
    assert reasons(officers["vn"]) == [
        ("cooperation.commitment_due", lao, "open"),
        (
            "cooperation.commitment_due",
            "vn-dpko promised: Share the legal instruments — due on 2025-09-15.",
            "open",
        ),
    ]
    assert reasons(officers["la"]) == [("cooperation.commitment_due", lao, "open")]
    assert reasons(officers["out"]) == []


def test_a_done_commitment_resolves_its_reminders_on_both_sides(
    joint, officers, django_capture_on_commit_callbacks
):
    services.run(today=TODAY)
    assert Reminder.objects.filter(state="open").count() == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cooperation.set_commitment_status(
            commitment=joint["commitment"], user=officers["vn"], status="done"
        )
    assert len(callbacks) == 2  # the keeper's and the partner's reminders catch up
    services.run(today=TODAY)
    assert not Reminder.objects.filter(state="open").exists()
    assert Reminder.objects.filter(state="resolved").count() == 2


def test_an_inter_agency_task_due_or_late_tells_the_keeper_until_done(orgs, officers, checklist):
    rotation = RotationFactory.create(
        organisation=orgs["vn"], planned_departure=TODAY + datetime.timedelta(days=100)
    )
    cooperation.instantiate_checklist(template=checklist, rotation=rotation, user=officers["vn"])
    services.run(today=TODAY)
    # D-120 is late, D-90 due in 10 days, D-30 not yet within the horizon.
    assert [reason for _kind, reason, _state in reasons(officers["vn"])] == [
        f"Decision to deploy (Office of the President) for {rotation.unit.name}, rotation "
        f"{rotation.number} — due on 2025-08-31.",
        f"Passports (Ministry of Public Security) for {rotation.unit.name}, rotation "
        f"{rotation.number} — due on 2025-09-30.",
    ]
    assert reasons(officers["la"]) == []
    task = CoordinationTask.objects.get(task="Passports")
    cooperation.set_task_status(task=task, user=officers["vn"], status="done")
    services.run(today=TODAY)
    assert len(reasons(officers["vn"])) == 1


@pytest.mark.parametrize("kind", ["commitments", "tasks"])
def test_the_run_reads_a_fixed_number_of_queries_per_kind(joint, orgs, officers, checklist, kind):
    def grow():
        if kind == "commitments":
            for side in (Side.OWNER, Side.PARTNER):
                promise(joint, side, "More", TODAY + datetime.timedelta(days=3))
        else:
            rotation = RotationFactory.create(
                organisation=orgs["vn"], planned_departure=TODAY + datetime.timedelta(days=100)
            )
            cooperation.instantiate_checklist(
                template=checklist, rotation=rotation, user=officers["vn"]
            )

    def queries():
        services.run(today=TODAY)
        with CaptureQueriesContext(connection) as captured:
            services.run(today=TODAY)
        return len(captured.captured_queries)

    grow()
    few = queries()
    raised = Reminder.objects.filter(state="open").count()
    for _ in range(5):
        grow()
    assert queries() == few
    assert Reminder.objects.filter(state="open").count() >= raised + 10
