"""Training needs: who lacks which course by a deadline, and which coming classes close the gap."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forcegen.personnel.models import Requirement, Specialty
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.training import needs, services
from forcegen.training.models import Certificate, ClassSession, Enrolment

from .factories import ClassFactory, CourseFactory
from .test_eligibility import earn

TODAY = timezone.localdate()
DEADLINE = TODAY + datetime.timedelta(days=200)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def catalogue(orgs, cptm):
    medical = CourseFactory.create(organisation=orgs["vn"], code="STM-MED", title="L2 hospital")
    cptm.required_for.set(Specialty.objects.filter(code__in=["nurse", "surgeon"]))
    medical.required_for.set(Specialty.objects.filter(code="surgeon"))
    return {"cptm": cptm, "medical": medical}


@pytest.fixture
def ward(orgs, catalogue):
    """Three nurses and a surgeon of Viet Nam; one nurse holds a valid CPTM."""
    people = {
        name: PersonFactory.create(
            organisation=orgs["vn"], full_name=name, specialties=[specialty], home_unit=unit
        )
        for name, specialty, unit in [
            ("Anh Nurse", "nurse", "Hospital 175"),
            ("Binh Nurse", "nurse", "Hospital 175"),
            ("Chau Nurse", "nurse", "Hospital 103"),
            ("Dung Surgeon", "surgeon", "Hospital 175"),
        ]
    }
    earn(people["Anh Nurse"], catalogue["cptm"], ended=days(-10))
    return people


@pytest.fixture
def classes(orgs, catalogue):
    return {
        "in time": ClassFactory.create(
            organisation=orgs["vn"],
            course=catalogue["cptm"],
            starts_on=days(30),
            ends_on=days(41),
            capacity=1,
        ),
        "too late": ClassFactory.create(
            organisation=orgs["vn"],
            course=catalogue["cptm"],
            starts_on=days(195),
            ends_on=days(206),
        ),
        "cancelled": ClassFactory.create(
            organisation=orgs["vn"],
            course=catalogue["cptm"],
            starts_on=days(60),
            status=ClassSession.Status.CANCELLED,
        ),
        "medical": ClassFactory.create(
            organisation=orgs["vn"],
            course=catalogue["medical"],
            starts_on=days(90),
            ends_on=days(94),
            status=ClassSession.Status.PLANNED,
        ),
    }


def gaps(result):
    return {row.person.full_name: [g.course.code for g in row.gaps] for row in result.rows}


def test_gaps_follow_each_persons_specialties(cast, ward, classes):
    user = cast["vn_planner"]
    result = needs.training_needs(user=user, people=needs.select_people(user), deadline=DEADLINE)
    assert result.group_size == 4
    assert gaps(result) == {
        "Binh Nurse": ["CPTM"],
        "Chau Nurse": ["CPTM"],
        "Dung Surgeon": ["CPTM", "STM-MED"],
    }
    by_course = {need.course.code: need for need in result.courses}
    assert by_course["CPTM"].missing == 3
    assert by_course["CPTM"].classes == [classes["in time"]]
    assert (by_course["CPTM"].seats, by_course["CPTM"].shortfall) == (1, 2)
    assert by_course["STM-MED"].classes == [classes["medical"]]


def test_a_certificate_expiring_before_the_deadline_is_a_gap(cast, ward, catalogue):
    Certificate.objects.filter(person=ward["Anh Nurse"]).update(valid_until=days(100))
    user = cast["vn_planner"]
    result = needs.training_needs(
        user=user, people=needs.select_people(user, unit="175"), deadline=DEADLINE
    )
    assert gaps(result) == {
        "Anh Nurse": ["CPTM"],
        "Binh Nurse": ["CPTM"],
        "Dung Surgeon": ["CPTM", "STM-MED"],
    }


def test_explicit_courses_and_a_requirement(cast, orgs, ward, catalogue):
    user = cast["vn_planner"]
    nurses = needs.select_people(user, specialty=Specialty.objects.get(code="nurse"))
    result = needs.training_needs(
        user=user, people=nurses, deadline=DEADLINE, courses=[catalogue["medical"]]
    )
    assert gaps(result) == {n: ["STM-MED"] for n in ("Anh Nurse", "Binh Nurse", "Chau Nurse")}
    post = Requirement.objects.create(
        organisation=orgs["vn"],
        name="Surgeon post",
        specialty=Specialty.objects.get(code="surgeon"),
    )
    services.require_course(requirement=post, course=catalogue["medical"])
    result = needs.training_needs(
        user=user,
        people=needs.select_people(user, requirement=post),
        deadline=DEADLINE,
        courses=needs.requirement_courses(post),
    )
    assert gaps(result) == {"Dung Surgeon": ["STM-MED"]}


def test_a_full_class_does_not_close_a_gap(cast, ward, classes, orgs):
    Enrolment.objects.create(
        organisation=orgs["vn"],
        session=classes["in time"],
        person=ward["Anh Nurse"],
        status="accepted",
    )
    user = cast["vn_planner"]
    result = needs.training_needs(user=user, people=needs.select_people(user), deadline=DEADLINE)
    cptm = next(n for n in result.courses if n.course.code == "CPTM")
    assert cptm.classes == []
    assert cptm.shortfall == 3


def test_laos_sees_the_vietnamese_classes_opened_to_it(orgs, grant, catalogue, classes, make_user):
    officer = make_user("la-training", ("la", "training_officer"))
    PersonFactory.create(
        organisation=orgs["la"], full_name="Vilay Inthavong", specialties=["nurse"]
    )
    result = needs.training_needs(
        user=officer, people=needs.select_people(officer), deadline=DEADLINE
    )
    cptm = result.courses[0]
    assert (cptm.course.code, cptm.missing, cptm.classes) == ("CPTM", 1, [])
    classes["in time"].shared_with.add(orgs["la"])
    result = needs.training_needs(
        user=officer, people=needs.select_people(officer), deadline=DEADLINE
    )
    assert result.courses[0].classes == [classes["in time"]]


def test_a_past_deadline_is_refused(cast, ward):
    user = cast["vn_planner"]
    with pytest.raises(ValidationError, match="The deadline has passed"):
        needs.training_needs(user=user, people=needs.select_people(user), deadline=days(-1))


def test_the_page_lists_gaps_in_constant_queries(
    cast, login, orgs, ward, classes, catalogue, django_assert_num_queries
):
    client = login(cast["vn_planner"])
    url = f"/training/needs/?deadline={DEADLINE.isoformat()}"
    client.get(url)  # warm the session
    with django_assert_num_queries(11) as baseline:
        html = client.get(url).content.decode()
    assert "3 of 4 people lack 4 course certificates" in html
    assert "Dung Surgeon" in html
    for n in range(30):
        earn_or_not = PersonFactory.create(
            organisation=orgs["vn"], full_name=f"Extra {n:02d}", specialties=["surgeon"]
        )
        if n % 3 == 0:
            earn(earn_or_not, catalogue["medical"], ended=days(-5))
    with django_assert_num_queries(len(baseline.captured_queries)):
        html = client.get(url).content.decode()
    assert "33 of 34 people lack 54 course certificates" in html


def test_the_api_answers_the_same(cast, api, ward, classes, catalogue):
    client = api(cast["vn_planner"])
    body = client.get(f"/api/v1/training/needs/?deadline={DEADLINE.isoformat()}&unit=175").json()
    assert body["group_size"] == 3
    assert {p["full_name"]: p["missing"] for p in body["people"]} == {
        "Binh Nurse": ["CPTM"],
        "Dung Surgeon": ["CPTM", "STM-MED"],
    }
    cptm = next(c for c in body["courses"] if c["course"] == "CPTM")
    assert cptm["missing"] == 2
    assert [c["id"] for c in cptm["classes"]] == [classes["in time"].pk]
    explicit = client.get(
        f"/api/v1/training/needs/?deadline={DEADLINE.isoformat()}"
        f"&courses={catalogue['medical'].pk}&service_numbers={ward['Anh Nurse'].service_number}"
    ).json()
    assert [(p["full_name"], p["missing"]) for p in explicit["people"]] == [
        ("Anh Nurse", ["STM-MED"])
    ]


def test_the_outsider_sees_nobody_and_no_course(cast, api, ward, catalogue):
    body = api(cast["outsider"]).get(
        f"/api/v1/training/needs/?deadline={DEADLINE.isoformat()}&courses={catalogue['cptm'].pk}"
    )
    assert body.status_code == 400
    assert body.json()["details"] == [{"field": "courses", "message": "Unknown course id."}]
    empty = api(cast["outsider"]).get(f"/api/v1/training/needs/?deadline={DEADLINE.isoformat()}")
    assert empty.json()["group_size"] == 0
