"""Joint records: who reads them, the partner's scoped write, training counted from records,
and the inter-agency checklist of a rotation."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forcegen.cooperation import services
from forcegen.cooperation.models import Activity, Commitment, CoordinationTask, Plan, PlanItem
from forcegen.deployments.tests.factories import RotationFactory
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.training.models import Enrolment
from forcegen.training.tests.factories import ClassFactory

D = datetime.date


def test_the_partner_reads_the_joint_records_and_a_third_organisation_none(joint, officers):
    for key in ("vn", "la"):
        user = officers[key]
        assert list(Plan.objects.visible_to(user)) == [joint["plan"]]
        assert PlanItem.objects.visible_to(user).count() == 2
        assert list(Activity.objects.visible_to(user)) == [joint["visit"]]
        assert list(Commitment.objects.visible_to(user)) == [joint["commitment"]]
    outsider = officers["out"]
    assert not Plan.objects.visible_to(outsider).exists()
    assert not PlanItem.objects.visible_to(outsider).exists()
    assert not Commitment.objects.visible_to(outsider).exists()


def test_ending_the_partnership_stops_the_sharing(joint, officers):
    partnership = joint["partner"].partnership
    partnership.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    partnership.save()
    assert not Plan.objects.visible_to(officers["la"]).exists()
    assert Plan.objects.visible_to(officers["vn"]).exists()


def test_the_partner_updates_its_own_item_and_the_change_is_audited(joint, officers):
    item = joint["la_item"]
    services.update_item_progress(
        item=item, user=officers["la"], status="in_progress", evidence="Draft sent", progress=40
    )
    item.refresh_from_db()
    assert (item.status, item.evidence, item.progress) == ("in_progress", "Draft sent", 40)
    entry = LogEntry.objects.get_for_object(item).latest("timestamp")
    assert entry.changes_dict["status"] == ["planned", "in_progress"]


def test_the_partner_is_refused_the_other_sides_item_with_the_reason(joint, officers):
    item = joint["vn_item"]
    with pytest.raises(PermissionDenied, match="vn-dpko"):
        services.update_item_progress(item=item, user=officers["la"], status="done")
    item.refresh_from_db()
    assert item.status == "planned"
    assert not LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE).exists()


def test_a_role_without_the_right_is_refused_even_on_its_own_side(joint, officers):
    with pytest.raises(PermissionDenied, match="role"):
        services.update_item_progress(
            item=joint["la_item"], user=officers["la_viewer"], status="done"
        )


def test_the_keeper_updates_every_item_and_done_means_complete(joint, officers):
    item = services.update_item_progress(item=joint["la_item"], user=officers["vn"], status="done")
    assert item.progress == 100


def test_lao_trainees_who_pass_a_vietnamese_class_count_toward_the_training_item(orgs, joint):
    session = ClassFactory.create(
        organisation=orgs["vn"], starts_on=D(2025, 5, 5), ends_on=D(2025, 5, 16)
    )
    for status in ("passed", "passed", "failed"):
        Enrolment.objects.create(
            organisation=orgs["la"],
            session=session,
            person=PersonFactory.create(organisation=orgs["la"]),
            status=status,
        )
    # A Vietnamese trainee of the same class is no partner trained.
    Enrolment.objects.create(
        organisation=orgs["vn"],
        session=session,
        person=PersonFactory.create(organisation=orgs["vn"]),
        status="passed",
    )
    items = PlanItem.objects.filter(plan=joint["plan"]).with_trained().order_by("pk")
    assert [i.trained for i in items] == [2, None]


def test_a_checklist_is_due_from_the_departure_and_instantiated_once(orgs, officers, checklist):
    rotation = RotationFactory.create(organisation=orgs["vn"], planned_departure=D(2027, 3, 1))
    created = services.instantiate_checklist(
        template=checklist, rotation=rotation, user=officers["vn"]
    )
    assert sorted((t.task, t.due_on) for t in created) == [
        ("Decision to deploy", D(2026, 11, 1)),
        ("Insurance", D(2027, 1, 30)),
        ("Passports", D(2026, 12, 1)),
    ]
    again = services.instantiate_checklist(
        template=checklist, rotation=rotation, user=officers["vn"]
    )
    assert again == []
    late = CoordinationTask.objects.late(D(2026, 12, 2))
    assert sorted(t.task for t in late) == ["Decision to deploy", "Passports"]


def test_a_partners_rotation_cannot_take_the_checklist(orgs, officers, checklist):
    rotation = RotationFactory.create(organisation=orgs["la"])
    with pytest.raises(Exception, match="different organisations"):
        services.instantiate_checklist(template=checklist, rotation=rotation, user=officers["vn"])


# --- Activities advance plan items ----------------------------------------------------------------


def _activity(joint, user, title, last_day, items, partner=None):
    return services.save_activity(
        activity=Activity(),
        user=user,
        partner=partner or joint["partner"],
        kind=Activity.Kind.WORKING_SESSION,
        title=title,
        place="Hà Nội",
        starts_on=last_day,
        ends_on=last_day,
        advances=items,
    )


def test_held_activities_advance_their_items_by_share_then_done_and_audited(joint, officers):
    vn, item = officers["vn"], joint["la_item"]  # the partner's decree: no measure of its own
    past, future = timezone.localdate() - datetime.timedelta(days=3), D(2100, 1, 1)
    later = _activity(joint, vn, "Second mission", future, [item])  # planned ahead
    _activity(joint, vn, "Legal advisory mission", past, [item])
    item.refresh_from_db()
    assert (item.status, item.progress) == ("in_progress", 50)  # 1 of 2 held
    entry = LogEntry.objects.get_for_object(item).latest("timestamp")
    assert entry.changes_dict["progress"] == ["0", "50"]
    services.save_activity(activity=later, user=vn, starts_on=past, ends_on=past)
    item.refresh_from_db()
    assert (item.status, item.progress) == ("done", 100)  # all held


def test_an_activity_not_yet_held_moves_nothing(joint, officers):
    _activity(joint, officers["vn"], "Planned visit", timezone.localdate(), [joint["la_item"]])
    joint["la_item"].refresh_from_db()
    assert (joint["la_item"].status, joint["la_item"].progress) == ("planned", 0)


def test_a_training_item_is_started_by_activities_and_counted_by_its_trainees(joint, officers):
    past = timezone.localdate() - datetime.timedelta(days=1)
    _activity(joint, officers["vn"], "Training assistance", past, [joint["vn_item"]])
    joint["vn_item"].refresh_from_db()
    assert (joint["vn_item"].status, joint["vn_item"].progress) == ("in_progress", 0)


def test_the_rule_never_lowers_progress_nor_moves_done_or_dropped():
    item = PlanItem(status="in_progress", progress=70)
    assert services.advanced(item, held=1, linked=4) == ("in_progress", 70)
    assert services.advanced(item, held=0, linked=4) == ("in_progress", 70)
    for status in ("done", "dropped"):
        assert services.advanced(PlanItem(status=status, progress=10), held=2, linked=2) == (
            status,
            10,
        )


@pytest.fixture
def lao_partner(orgs, joint):
    """Viet Nam's department as a partner in the Lao department's own records."""
    from forcegen.cooperation.models import Partner

    return Partner.objects.create(
        organisation=orgs["la"],
        code="vn-dpko",
        kind=Partner.Kind.TENANT,
        name_en="VN DPKO",
        partnership=joint["partner"].partnership,
        counterpart=orgs["vn"],
    )


def test_the_partner_advances_only_the_items_of_its_side(joint, officers, lao_partner):
    la, past = officers["la"], timezone.localdate() - datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="only vn-dpko or the plan's keeper"):
        _activity(joint, la, "Lao visit", past, [joint["vn_item"]], partner=lao_partner)
    assert not Activity.objects.filter(title="Lao visit").exists()
    _activity(joint, la, "Lao visit", past, [joint["la_item"]], partner=lao_partner)
    joint["la_item"].refresh_from_db()
    assert (joint["la_item"].status, joint["la_item"].progress) == ("done", 100)
    joint["vn_item"].refresh_from_db()
    assert joint["vn_item"].status == "planned"


def test_the_items_offered_to_advance_are_those_the_side_may_update(joint, officers):
    for user in (officers["vn"], officers["la"]):
        org_id = user.active_organisation_id
        offered = set(PlanItem.objects.visible_to(user).updatable_by(org_id))
        allowed = {
            item
            for item in PlanItem.objects.visible_to(user)
            if services.item_update_refusal(item, user) is None
        }
        assert offered == allowed
    assert offered == {joint["la_item"]}


def test_the_demo_trains_lao_officers_in_2025_and_the_2025_item_counts_them(orgs, joint):
    from forcegen.cooperation import demo
    from forcegen.training.tests.factories import CourseFactory

    for code in ("CPTM", "STM-SO"):
        CourseFactory.create(organisation=orgs["vn"], code=code)
    PersonFactory.create_batch(14, organisation=orgs["la"])
    assert demo._trained_in_2025(orgs["vn"], orgs["la"]) == 12
    assert demo._trained_in_2025(orgs["vn"], orgs["la"]) == 0  # once
    items = PlanItem.objects.filter(plan=joint["plan"]).with_trained().order_by("pk")
    assert [i.trained for i in items] == [12, None]  # the fixture's plan is 2025's


def test_the_listed_commitments_say_who_promised_as_each_record_does(joint, officers):
    from forcegen.cooperation.models import Side

    Commitment.objects.create(
        activity=joint["visit"],
        organisation=joint["plan"].organisation,
        side=Side.OWNER,
        description="Share the instruments",
        due_on=D(2100, 1, 1),
    )
    listed = Commitment.objects.visible_to(officers["la"]).for_listing().order_by("pk")
    assert [(c.promised_by, c.activity_title, c.late) for c in listed] == [
        ("la-pko", "Working session of 31 March", True),
        ("vn-dpko", "Working session of 31 March", False),
    ]
    assert [c.promised_by for c in listed] == [
        c.side_code for c in Commitment.objects.order_by("pk")
    ]
