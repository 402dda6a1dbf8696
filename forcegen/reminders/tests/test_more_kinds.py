"""The kinds of the later apps (COE inspections, legal documents) and a class open to partners."""

import datetime

import pytest

from forcegen.core.models import Partnership, SharingGrant
from forcegen.deployments.models import Rotation
from forcegen.deployments.tests.factories import RotationFactory
from forcegen.documents.models import Document
from forcegen.documents.tests.conftest import make_document
from forcegen.logistics.models import Inspection
from forcegen.reminders import services
from forcegen.reminders.models import Reminder
from forcegen.training.models import ClassSession
from forcegen.training.tests.factories import ClassFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def reasons(user):
    return [r.reason for r in Reminder.objects.filter(user=user).order_by("kind")]


def test_the_next_readiness_inspection_of_a_unit_in_the_mission(orgs, make_user):
    officer = make_user("vn-logistics", ("vn", "logistics_officer"))
    rotation = RotationFactory.create(
        organisation=orgs["vn"],
        status=Rotation.Status.DEPLOYED,
        planned_departure=TODAY - datetime.timedelta(days=200),
        departed_on=TODAY - datetime.timedelta(days=200),
        planned_return=TODAY + datetime.timedelta(days=160),
    )
    Inspection.objects.create(
        organisation=orgs["vn"],
        unit=rotation.unit,
        rotation=rotation,
        kind=Inspection.Kind.ARRIVAL,
        on=TODAY - datetime.timedelta(days=170),
    )
    services.run(today=TODAY)
    # Six months after the arrival inspection, within the 30 days ahead.
    assert reasons(officer) == [f"A COE inspection of {rotation.unit.name} is due by 2027-01-24."]
    Inspection.objects.create(
        organisation=orgs["vn"],
        unit=rotation.unit,
        rotation=rotation,
        kind=Inspection.Kind.OPERATIONAL_READINESS,
        on=TODAY,
    )
    services.run(today=TODAY)
    assert Reminder.objects.get(user=officer).state == Reminder.State.RESOLVED


def test_a_document_coming_into_force_tells_the_legal_officer(orgs, make_user):
    legal = make_user("vn-legal", ("vn", "legal_officer"))
    document = make_document(orgs["vn"], legal, number="7/2027/NĐ-CP")
    Document.objects.filter(pk=document.pk).update(
        status="in_force", effective_from=TODAY + datetime.timedelta(days=10)
    )
    services.run(today=TODAY)
    assert reasons(legal) == ["7/2027/NĐ-CP comes into force on 2027-01-20."]


def test_a_class_open_to_a_partner_tells_its_training_officer(orgs, make_user):
    centre = make_user("vn-training", ("vn", "training_officer"))
    partner = make_user("la-training", ("la", "training_officer"))
    SharingGrant.objects.create(
        partnership=Partnership.objects.get(source=orgs["vn"], target=orgs["la"]),
        grantor=orgs["vn"],
        grantee=orgs["la"],
        scope=SharingGrant.Scope.COURSE_CATALOGUE,
    )
    session = ClassFactory.create(
        organisation=orgs["vn"],
        status=ClassSession.Status.OPEN,
        starts_on=TODAY + datetime.timedelta(days=10),
        capacity=12,
    )
    session.shared_with.add(orgs["la"])
    services.run(today=TODAY)
    expected = f"The {session.course.code} class from 2027-01-20 still has 12 open seats"
    assert reasons(centre)[0].startswith(expected)
    assert reasons(partner)[0].startswith(expected)
