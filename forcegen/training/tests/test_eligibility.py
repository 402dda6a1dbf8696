"""Acceptance 3: eligibility changes when a required certificate is earned or expires; the SQL
form of the training rule agrees with the per-person explanation."""

import datetime
import random

import pytest
from django.utils import timezone

from forcegen.personnel import eligibility as rules
from forcegen.personnel.eligibility import Period, eligibility
from forcegen.personnel.models import Person, Requirement, Specialty
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.training import services
from forcegen.training.eligibility import CoursesCertified
from forcegen.training.models import Certificate, Enrolment, RequiredCourse

from .factories import ClassFactory, CourseFactory, present_every_day

PERIOD = Period(datetime.date(2027, 3, 1), datetime.date(2028, 2, 29))


@pytest.fixture
def nurse_post(orgs, cptm):
    requirement = Requirement.objects.create(
        organisation=orgs["vn"], name="L2H nurse", specialty=Specialty.objects.get(code="nurse")
    )
    RequiredCourse.objects.create(requirement=requirement, course=cptm)
    return requirement


def failures(person, requirement, period=PERIOD):
    fresh = Person.objects.for_eligibility().get(pk=person.pk)
    return eligibility(fresh, requirement, period).failures


def eligible_ids(requirement, period=PERIOD):
    return set(Person.objects.eligible_for(requirement, period).values_list("pk", flat=True))


def earn(person, course, ended, score=90):
    """Pass a class of `course` that ended on `ended`; returns the certificate."""
    session = ClassFactory.create(
        organisation=course.organisation,
        course=course,
        starts_on=ended - datetime.timedelta(days=4),
        ends_on=ended,
        status="running",
    )
    enrolment = Enrolment.objects.create(
        organisation=person.organisation, session=session, person=person, status="accepted"
    )
    present_every_day(session)
    return services.record_result(enrolment=enrolment, score=score).certificate


def test_the_rule_is_registered_once():
    assert sum(isinstance(rule, CoursesCertified) for rule in rules.RULES) == 1


def test_earning_the_required_certificate_makes_a_person_eligible(vn_person, nurse_post, cptm):
    assert failures(vn_person, nurse_post) == ["never passed CPTM"]
    assert vn_person.pk not in eligible_ids(nurse_post)
    earn(vn_person, cptm, ended=timezone.localdate() - datetime.timedelta(days=3))
    assert failures(vn_person, nurse_post) == []
    assert vn_person.pk in eligible_ids(nurse_post)


def test_a_certificate_expiring_before_the_end_of_the_period_stops_counting(
    vn_person, nurse_post, cptm
):
    certificate = earn(vn_person, cptm, ended=timezone.localdate() - datetime.timedelta(days=3))
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=datetime.date(2024, 10, 1), valid_until=datetime.date(2027, 10, 1)
    )
    assert failures(vn_person, nurse_post) == [
        "no valid CPTM certificate through 2028-02-29: latest expired 2027-10-01"
    ]
    assert vn_person.pk not in eligible_ids(nurse_post)
    # A shorter period, ending before the expiry, is still covered.
    short = Period(datetime.date(2027, 3, 1), datetime.date(2027, 9, 30))
    assert failures(vn_person, nurse_post, short) == []
    assert vn_person.pk in eligible_ids(nurse_post, short)


def test_a_revoked_certificate_stops_counting(vn_person, nurse_post, cptm):
    certificate = earn(vn_person, cptm, ended=timezone.localdate() - datetime.timedelta(days=3))
    services.revoke_certificate(certificate=certificate, reason="Wrong trainee")
    assert failures(vn_person, nurse_post) == ["the CPTM certificate was revoked"]
    assert vn_person.pk not in eligible_ids(nurse_post)


def test_a_certificate_without_expiry_always_counts(vn_person, nurse_post, cptm):
    cptm.validity_months = None
    cptm.save()
    earn(vn_person, cptm, ended=datetime.date(2015, 6, 5))
    assert failures(vn_person, nurse_post) == []


def test_a_lao_requirement_can_require_the_vietnamese_course(orgs, grant, cptm, lao_people):
    requirement = Requirement.objects.create(organisation=orgs["la"], name="Pledge nurse")
    services.require_course(requirement=requirement, course=cptm)
    person = lao_people[0]
    assert failures(person, requirement) == ["never passed CPTM"]
    earn(person, cptm, ended=timezone.localdate() - datetime.timedelta(days=1))
    assert failures(person, requirement) == []


def test_the_condition_reads_prefetched_courses(nurse_post, django_assert_num_queries):
    requirement = Requirement.objects.prefetch_related(
        "credentials", "languages", "courses__course"
    ).get(pk=nurse_post.pk)
    with django_assert_num_queries(1):
        list(Person.objects.eligible_for(requirement, PERIOD))


def test_explain_uses_prefetched_certificates(vn_person, nurse_post, django_assert_num_queries):
    requirement = Requirement.objects.prefetch_related("courses__course").get(pk=nurse_post.pk)
    person = Person.objects.prefetch_related("certificates").get(pk=vn_person.pk)
    with django_assert_num_queries(0):
        assert CoursesCertified().explain(person, requirement, PERIOD) == ["never passed CPTM"]


def test_set_based_query_agrees_with_every_per_person_answer(orgs, nurse_post, cptm):
    rng = random.Random(11)
    staff = CourseFactory.create(organisation=orgs["vn"], code="STM-SO", validity_months=24)
    RequiredCourse.objects.create(requirement=nurse_post, course=staff)
    open_post = Requirement.objects.create(organisation=orgs["vn"], name="Anyone")
    RequiredCourse.objects.create(requirement=open_post, course=staff)
    today = timezone.localdate()
    for _ in range(60):
        person = PersonFactory.create(organisation=orgs["vn"], specialties=["nurse"])
        for course in (cptm, staff):
            for _attempt in range(rng.randint(0, 2)):
                certificate = earn(
                    person, course, today - datetime.timedelta(days=rng.randint(1, 40))
                )
                issued = datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), 1)
                Certificate.objects.filter(pk=certificate.pk).update(
                    issued_on=issued,
                    valid_until=rng.choice(
                        [None, issued + datetime.timedelta(days=rng.randint(300, 3000))]
                    ),
                    revoked_at=timezone.now() if rng.random() < 0.15 else None,
                )
    periods = [
        PERIOD,
        Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
        Period(datetime.date(2030, 1, 1), datetime.date(2030, 1, 1)),
    ]
    people = list(Person.objects.for_eligibility().prefetch_related("certificates"))
    checked = 0
    for requirement in (nurse_post, open_post):
        requirement = Requirement.objects.prefetch_related(
            "credentials", "languages", "courses__course"
        ).get(pk=requirement.pk)
        for period in periods:
            in_sql = eligible_ids(requirement, period)
            in_python = {p.pk for p in people if eligibility(p, requirement, period).eligible}
            assert in_sql == in_python, (requirement.name, period)
            checked += len(in_sql)
    assert checked > 10  # not trivially ineligible
