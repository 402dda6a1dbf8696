"""Training needs: who lacks which course by a deadline, and which coming classes close the gap."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forcegen.core.registers import PAGE_SIZE
from forcegen.personnel.models import Requirement, Specialty
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.training import needs, services
from forcegen.training.models import Certificate, ClassSession, Enrolment
from forcegen.training.registers import NEEDS

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


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_page_and_its_export_read_one_declaration(cast, login, api, ward, classes, catalogue):
    """The needs list and its file: the same filters (NeedsFilters) and the same columns."""
    client = login(cast["vn_planner"])
    query = f"deadline={DEADLINE.isoformat()}&unit=175"
    page = client.get(f"/training/needs/?{query}").content.decode()
    rows = csv_rows(client.get(f"/training/needs/export.csv?{query}"))
    assert rows[0] == [c.key for c in NEEDS.columns]
    assert rows[0] == ["service_number", "full_name", "rank", "missing", "classes"]
    by_name = {row[1]: row for row in rows[1:]}
    assert list(by_name) == ["Binh Nurse", "Dung Surgeon"]
    assert by_name["Dung Surgeon"][3] == "CPTM, STM-MED"
    in_time = classes["in time"].starts_on.isoformat()
    medical = classes["medical"].starts_on.isoformat()
    assert by_name["Dung Surgeon"][4] == f"CPTM: {in_time}; STM-MED: {medical}"
    for header in ("Service number", "Missing", "Classes that close the gap"):
        assert f'<th scope="col">{header}</th>' in page
    assert "Binh Nurse" in page
    assert "Dung Surgeon" in page
    assert "Chau Nurse" not in page
    assert f"/training/needs/export.xlsx?{query.replace('&', '&amp;')}" in page
    # Several courses and a box of service numbers: the page, the file and the API agree.
    anh, binh = ward["Anh Nurse"].service_number, ward["Binh Nurse"].service_number
    picked = (
        f"deadline={DEADLINE.isoformat()}&courses={catalogue['medical'].pk}"
        f"&courses={catalogue['cptm'].pk}&service_numbers={anh}%2C+{binh}"
    )
    page = client.get(f"/training/needs/?{picked}").content.decode()
    assert f'<option value="{catalogue["medical"].pk}" selected>' in page
    assert [row[1:4] for row in csv_rows(client.get(f"/training/needs/export.csv?{picked}"))] == [
        ["full_name", "rank", "missing"],
        ["Anh Nurse", ward["Anh Nurse"].rank.name_native, "STM-MED"],
        ["Binh Nurse", ward["Binh Nurse"].rank.name_native, "CPTM, STM-MED"],
    ]
    body = api(cast["vn_planner"]).get(f"/api/v1/training/needs/?{picked}").json()
    assert [(p["full_name"], p["missing"]) for p in body["people"]] == [
        ("Anh Nurse", ["STM-MED"]),
        ("Binh Nurse", ["CPTM", "STM-MED"]),
    ]


def test_a_bad_or_missing_filter_is_explained_and_the_file_refused(cast, login, api, ward):
    client = login(cast["vn_planner"])
    opened = client.get("/training/needs/").content.decode()
    assert "Give the date" not in opened
    assert 'data-testid="needs-people"' not in opened
    assert client.get("/training/needs/export.csv").status_code == 404  # nothing asked yet
    undated = client.get("/training/needs/?unit=175").content.decode()
    assert "Give the date the people must be trained by." in undated
    assert client.get("/training/needs/export.csv?unit=175").status_code == 400
    bad = f"deadline={DEADLINE.isoformat()}&courses=many"
    assert "Enter a whole number." in client.get(f"/training/needs/?{bad}").content.decode()
    assert client.get(f"/training/needs/export.csv?{bad}").status_code == 400
    assert api(cast["vn_planner"]).get(f"/api/v1/training/needs/?{bad}").status_code == 422
    # The API still requires its deadline.
    assert api(cast["vn_planner"]).get("/api/v1/training/needs/?unit=175").status_code == 422
    past = (TODAY - datetime.timedelta(days=1)).isoformat()
    assert "The deadline has passed." in (
        client.get(f"/training/needs/?deadline={past}").content.decode()
    )
    assert client.get(f"/training/needs/export.csv?deadline={past}").status_code == 400


def test_the_list_pages_across_the_boundary_in_constant_queries(
    cast, login, orgs, catalogue, constant_queries
):
    """PAGE_SIZE + 5 surgeons lack both courses: two pages, nobody twice, all in the file."""
    for n in range(PAGE_SIZE + 5):
        PersonFactory.create(
            organisation=orgs["vn"], full_name=f"Surgeon {n:03d}", specialties=["surgeon"]
        )
    client = login(cast["vn_planner"])
    url = f"/training/needs/?deadline={DEADLINE.isoformat()}&specialty=surgeon"

    def names(html):
        return set(re.findall(r"Surgeon \d{3}", html))

    first = names(client.get(url).content.decode())
    second_html = constant_queries(
        client,
        f"{url}&page=2",
        lambda: [
            PersonFactory.create(
                organisation=orgs["vn"], full_name=f"Surgeon {n:03d}", specialties=["surgeon"]
            )
            for n in range(PAGE_SIZE + 5, PAGE_SIZE + 25)
        ],
    )
    second = names(second_html)
    assert len(first) == PAGE_SIZE
    assert len(second) == 25
    assert not first & second
    assert "Page 2 of 2" in second_html
    exported = csv_rows(client.get(url.replace("/?", "/export.csv?")))
    assert len(exported) == 1 + PAGE_SIZE + 25
