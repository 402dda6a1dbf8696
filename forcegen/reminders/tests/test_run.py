"""The daily run: each kind raises its reminders for the roles and the person its rule names, the
same reminder never twice, and a reminder resolves itself when its cause goes away."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forcegen.deployments.models import Deployment
from forcegen.deployments.tests.factories import DeploymentFactory, RotationFactory
from forcegen.personnel.services import add_credential
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.reminders import delivery, services
from forcegen.reminders.models import Reminder, ReminderPreference, ReminderRule
from forcegen.training.models import ClassSession
from forcegen.training.tests.factories import ClassFactory
from forcegen.units.models import PcrsLevel

from .conftest import TODAY, passport

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return sorted(Reminder.objects.filter(user=user).values_list("kind", flat=True))


def test_an_expiring_passport_tells_the_personnel_officer_and_the_person(
    orgs, la_personnel, vn_personnel, peacekeeper
):
    user, person = peacekeeper
    passport(person, TODAY + datetime.timedelta(days=20))
    passport(PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=400))
    services.run(today=TODAY)
    mine = Reminder.objects.get(user=user)
    assert mine.about_self
    assert (
        mine.reason
        == f"Khamla Phommavong: Passport expires on {TODAY + datetime.timedelta(days=20)}."
    )
    assert kinds_of(la_personnel) == ["personnel.credential_expiring"]
    assert kinds_of(vn_personnel) == []  # another organisation's person
    la_personnel.refresh_from_db()
    assert la_personnel.open_reminders == 1


def test_run_twice_raises_nothing_new_and_done_stays_done(orgs, la_personnel):
    passport(PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=5))
    assert len(services.run(today=TODAY).raised) == 1
    assert services.run(today=TODAY).raised == []
    reminder = Reminder.objects.get()
    services.mark_done(reminder=reminder, today=TODAY)
    assert services.run(today=TODAY + datetime.timedelta(days=1)).raised == []
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.DONE


def test_recording_the_renewal_resolves_the_reminder(
    orgs, la_personnel, django_capture_on_commit_callbacks
):
    person = PersonFactory.create(organisation=orgs["la"])
    passport(person, TODAY + datetime.timedelta(days=5))
    services.run(today=TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda: TODAY)
        with django_capture_on_commit_callbacks(execute=True):
            add_credential(person=person, kind="passport", valid_until=datetime.date(2037, 1, 1))
    reminder = Reminder.objects.get()
    assert reminder.state == Reminder.State.RESOLVED
    la_personnel.refresh_from_db()
    assert la_personnel.open_reminders == 0


def test_a_rule_sets_the_horizon_and_who_is_told(orgs, la_personnel, make_user):
    from django.contrib.auth.models import Group

    planner = make_user("la-planner-2", ("la", "planner"))
    rule = ReminderRule.objects.create(
        organisation=orgs["la"], kind="personnel.credential_expiring", horizon_days=10
    )
    rule.roles.set([Group.objects.get(name="planner")])
    passport(PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=20))
    passport(PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=8))
    services.run(today=TODAY)
    assert kinds_of(la_personnel) == []
    assert kinds_of(planner) == ["personnel.credential_expiring"]


def test_passports_lapsing_during_a_planned_rotation(orgs, la_personnel):
    rotation = RotationFactory.create(
        organisation=orgs["la"],
        planned_departure=TODAY + datetime.timedelta(days=90),
        planned_return=TODAY + datetime.timedelta(days=455),
    )
    for lapse in (200, 300, 600):
        person = PersonFactory.create(organisation=orgs["la"])
        passport(person, TODAY + datetime.timedelta(days=lapse))
        DeploymentFactory.create(
            person=person,
            rotation=rotation,
            mission=rotation.mission,
            planned_start=rotation.planned_departure,
            planned_end=rotation.planned_return,
        )
    services.run(today=TODAY)
    during = Reminder.objects.filter(kind="deployments.credential_lapses_during_tour")
    assert during.count() == 2
    assert all("before the tour in UNMISS ends" in r.reason for r in during)


def test_a_planned_member_who_is_not_fit_is_reported(orgs, make_user):
    planner = make_user("la-planner-2", ("la", "planner"))
    rotation = RotationFactory.create(
        organisation=orgs["la"],
        planned_departure=TODAY + datetime.timedelta(days=30),
        planned_return=TODAY + datetime.timedelta(days=395),
    )
    fit, busy = PersonFactory.create_batch(2, organisation=orgs["la"])
    for person in (fit, busy):
        DeploymentFactory.create(
            person=person,
            rotation=rotation,
            mission=rotation.mission,
            planned_start=rotation.planned_departure,
            planned_end=rotation.planned_return,
        )
    # Already on another tour over the same dates: fitness refuses.
    DeploymentFactory.create(
        person=busy,
        planned_start=rotation.planned_departure,
        planned_end=rotation.planned_departure + datetime.timedelta(days=60),
        status=Deployment.Status.APPROVED,
    )
    services.run(today=TODAY)
    unfit = Reminder.objects.filter(user=planner, kind="deployments.unfit_for_rotation")
    assert [r.params["person"] for r in unfit] == [busy.full_name]


def test_pledge_renewal_rotation_to_plan_and_open_seats(orgs, make_user):
    planner = make_user("vn-planner-2", ("vn", "planner"))
    training = make_user("vn-training", ("vn", "training_officer"))
    rotation = RotationFactory.create(
        organisation=orgs["vn"],
        planned_departure=TODAY - datetime.timedelta(days=200),
        planned_return=TODAY + datetime.timedelta(days=100),
    )
    unit = rotation.unit
    unit.pcrs_level = PcrsLevel.LEVEL_1
    unit.pledged_on = TODAY - datetime.timedelta(days=360)
    unit.save()
    ClassFactory.create(
        organisation=orgs["vn"],
        status=ClassSession.Status.OPEN,
        starts_on=TODAY + datetime.timedelta(days=7),
        ends_on=TODAY + datetime.timedelta(days=12),
        capacity=20,
    )
    services.run(today=TODAY)
    assert kinds_of(planner) == ["deployments.rotation_to_plan", "units.pledge_renewal"]
    assert kinds_of(training) == ["training.open_seats"]
    assert "still has 20 open seats" in Reminder.objects.get(user=training).reason


def test_the_run_reads_in_a_fixed_number_of_queries(orgs, la_personnel):
    def grow(n):
        for _ in range(n):
            passport(
                PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=9)
            )

    grow(2)
    services.run(today=TODAY)
    with CaptureQueriesContext(connection) as few:
        services.run(today=TODAY)
    grow(30)
    services.run(today=TODAY)
    with CaptureQueriesContext(connection) as many:
        services.run(today=TODAY)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_digests_follow_each_users_preference(orgs, la_personnel, make_user):
    la_personnel.email = "officer@example.org"
    la_personnel.save()
    other = make_user("la-personnel-2", ("la", "personnel_officer"))
    other.email = "second@example.org"
    other.save()
    ReminderPreference.objects.create(user=other, delivery="immediate", language="fr")
    for days in (3, 4):
        passport(
            PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=days)
        )
    services.run(today=TODAY)
    assert delivery.send() == 3  # one digest, two immediate messages
    digest = next(m for m in mail.outbox if m.to == ["officer@example.org"])
    assert digest.subject == "forcegen: 2 reminders"
    immediate = [m for m in mail.outbox if m.to == ["second@example.org"]]
    assert all("expire le" in m.body or "Passeport" in m.body for m in immediate)
    assert delivery.send() == 0  # each reminder is sent once


def test_the_command_prints_what_it_did(orgs, la_personnel):
    passport(PersonFactory.create(organisation=orgs["la"]), TODAY + datetime.timedelta(days=3))
    out = StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), stdout=out)
    assert "1 raised, 0 resolved" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), stdout=out)
    assert "0 raised, 0 resolved" in out.getvalue()
