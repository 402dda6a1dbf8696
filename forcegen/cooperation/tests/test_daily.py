"""The daily step: a plan item advances once a linked activity's last day has passed, though
nobody edits the activity after its date; as the system's change, audited, once."""

import datetime
from io import StringIO

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.cooperation import services
from forcegen.cooperation.models import Activity, Area, PlanItem, Side

D = datetime.date
AFTER = D(2025, 4, 1)  # the day after the 31 March working session


def _daily_run(today: datetime.date) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_an_activity_never_edited_advances_its_item_once_its_last_day_has_passed(joint):
    item, visit = joint["la_item"], joint["visit"]  # the decree; the session of 31 March
    visit.advances.add(item)  # linked beforehand: nobody edits the activity after its date
    _daily_run(D(2025, 3, 31))  # its last day: not held yet
    item.refresh_from_db()
    assert (item.status, item.progress) == ("planned", 0)
    output = _daily_run(AFTER)
    item.refresh_from_db()
    assert (item.status, item.progress) == ("done", 100)  # its only activity is held
    assert "cooperation.plan_items_advanced: 1" in output
    entry = _updates(item).get()
    assert entry.actor is None  # the system's change
    assert entry.changes_dict == {"status": ["planned", "done"], "progress": ["0", "100"]}


def test_a_second_run_the_same_day_changes_nothing(joint):
    item = joint["la_item"]
    joint["visit"].advances.add(item)
    _daily_run(AFTER)
    item.refresh_from_db()
    moved = (item.status, item.progress, item.updated_at)
    output = _daily_run(AFTER)
    item.refresh_from_db()
    assert (item.status, item.progress, item.updated_at) == moved
    assert "cooperation.plan_items_advanced: 0" in output
    assert _updates(item).count() == 1


def test_the_step_moves_items_by_share_and_leaves_done_and_dropped_alone(joint):
    plan, visit = joint["plan"], joint["visit"]
    later = Activity.objects.create(
        organisation=plan.organisation,
        partner=joint["partner"],
        kind=Activity.Kind.EXPERT_MISSION,
        title="Second legal mission",
        place="Vientiane",
        starts_on=D(2025, 9, 1),
        ends_on=D(2025, 9, 3),
    )
    shared = _item(plan, "Advise on regulations")
    dropped = _item(plan, "Dropped item", status=PlanItem.Status.DROPPED)
    for activity in (visit, later):
        activity.advances.add(shared, dropped)
    assert services.advance_held_items(AFTER) == 1
    shared.refresh_from_db()
    assert (shared.status, shared.progress) == ("in_progress", 50)  # 1 of 2 held
    assert services.advance_held_items(D(2025, 9, 4)) == 1
    shared.refresh_from_db()
    assert (shared.status, shared.progress) == ("done", 100)
    dropped.refresh_from_db()
    assert (dropped.status, dropped.progress) == ("dropped", 0)


def test_the_steps_query_count_does_not_grow_with_the_items_it_moves(joint):
    ContentType.objects.get_for_model(PlanItem)  # cached once per process
    plan = joint["plan"]

    def held_items(count: int, last_day: datetime.date) -> None:
        for n in range(count):
            activity = Activity.objects.create(
                organisation=plan.organisation,
                partner=joint["partner"],
                kind=Activity.Kind.WORKING_SESSION,
                title=f"Session {last_day} {n}",
                place="Hà Nội",
                starts_on=last_day,
                ends_on=last_day,
            )
            activity.advances.add(_item(plan, f"Item {last_day} {n}"))

    held_items(1, D(2025, 5, 1))
    with CaptureQueriesContext(connection) as one:
        assert services.advance_held_items(D(2025, 5, 2)) == 1
    held_items(6, D(2025, 6, 1))
    with CaptureQueriesContext(connection) as six:
        assert services.advance_held_items(D(2025, 6, 2)) == 6
    assert len(six.captured_queries) == len(one.captured_queries), [
        q["sql"] for q in six.captured_queries
    ]


def test_the_demo_meetings_leave_laos_decree_as_typed_after_the_daily_run(orgs):
    from forcegen.cooperation import demo

    vn, la = orgs["vn"], orgs["la"]
    partner = demo._partner(vn, la)
    plan = demo._plan(vn, partner, demo._agreements(vn, partner))
    demo._meetings(vn, partner, plan)
    assert services.advance_held_items(D(2026, 12, 7)) == 0  # the items they advanced are done
    decree = plan.items.get(title__startswith="Draft the decree")
    assert (decree.status, decree.progress) == ("in_progress", 40)  # Laos is still drafting it


def _updates(item):
    return LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE)


def _item(plan, title, status=PlanItem.Status.PLANNED):
    return PlanItem.objects.create(
        plan=plan,
        organisation=plan.organisation,
        area=Area.LEGAL,
        title=title,
        side=Side.OWNER,
        target_on=D(2025, 12, 31),
        status=status,
    )
