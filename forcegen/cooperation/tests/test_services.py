"""Joint records: who reads them, the partner's scoped write, training counted from records,
and the inter-agency checklist of a rotation."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
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
