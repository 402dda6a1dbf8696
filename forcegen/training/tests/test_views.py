"""Training UI and API: the shared catalogue, forms, status changes, constant query counts."""

import datetime

import pytest
from auditlog.models import LogEntry

from forcegen.personnel.models import Requirement
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.training import services
from forcegen.training.models import Certificate, ClassSession, Course, Enrolment, RequiredCourse

from .factories import ClassFactory, CourseFactory
from .test_eligibility import earn


def test_the_catalogue_is_shared_by_grant_only(login, api, cast, grant, cptm):
    assert "CPTM" in login(cast["la_planner"]).get("/training/courses/").content.decode()
    assert login(cast["la_planner"]).get(f"/training/courses/{cptm.pk}/").status_code == 200
    assert login(cast["outsider"]).get(f"/training/courses/{cptm.pk}/").status_code == 404
    assert api(cast["outsider"]).get(f"/api/v1/training/courses/{cptm.pk}/").status_code == 404
    assert api(cast["outsider"]).get("/api/v1/training/courses/").json()["count"] == 0
    grant.revoked_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    grant.save()
    assert login(cast["la_planner"]).get(f"/training/courses/{cptm.pk}/").status_code == 404


def test_partners_read_but_never_edit_the_catalogue(login, cast, grant, cptm):
    la = login(cast["la_admin"])
    assert la.get(f"/training/courses/{cptm.pk}/edit/").status_code == 404
    html = la.get(f"/training/courses/{cptm.pk}/").content.decode()
    assert f"/training/courses/{cptm.pk}/edit/" not in html


def test_create_a_course_with_validation_and_audit(login, centre, orgs, cptm):
    client = login(centre)
    bad = client.post(
        "/training/courses/new/",
        {"code": "stm so", "title": "", "category": "stm", "hours": "0", "pass_mark": "70"},
    )
    html = bad.content.decode()
    assert "Use capital letters, digits and hyphens, e.g. STM-SO." in html
    assert "This field is required." in html
    data = {
        "code": "STM-SO",
        "title": "UN Specialized Training: Staff Officers",
        "category": "stm",
        "hours": "60",
        "pass_mark": "75",
        "min_attendance": "80",
        "validity_months": "36",
        "prerequisites": [cptm.pk],
        "min_language": "en",
        "min_language_level": "3",
        "translations": '{"vi": "Sĩ quan tham mưu"}',
        "effective_from": "2017-05-02",
    }
    response = client.post("/training/courses/new/", data)
    course = Course.objects.get(code="STM-SO")
    assert response["Location"] == f"/training/courses/{course.pk}/"
    assert list(course.prerequisites.all()) == [cptm]
    assert course.translations == {"vi": "Sĩ quan tham mưu"}
    client.post(f"/training/courses/{course.pk}/edit/", {**data, "hours": "64"})
    entry = LogEntry.objects.get_for_object(course).latest("timestamp")
    assert entry.actor == centre
    assert entry.changes_dict["hours"] == ["60", "64"]
    no_level = client.post(
        "/training/courses/new/", {**data, "code": "X1", "min_language_level": ""}
    )
    assert "Give the level required." in no_level.content.decode()


def test_a_viewer_reads_but_cannot_create(login, cast, cptm):
    viewer = login(cast["vn_viewer"])
    assert viewer.get("/training/courses/").status_code == 200
    assert viewer.get("/training/courses/new/").status_code == 403
    assert viewer.get("/training/classes/new/").status_code == 403


def test_plan_and_open_a_class_through_the_ui(login, centre, orgs, grant, cptm):
    instructor = PersonFactory.create(organisation=orgs["vn"], service_number="VN000777")
    client = login(centre)
    data = {
        "course": cptm.pk,
        "reference": "CPTM-2027-05",
        "starts_on": "2027-05-03",
        "ends_on": "2027-05-14",
        "venue": "Hà Nội",
        "capacity": "30",
        "language": "en",
        "instructor_numbers": "VN000777 VN999999",
        "shared_with": [orgs["la"].pk],
    }
    refused = client.post("/training/classes/new/", data).content.decode()
    assert "Not in your registry: VN999999." in refused
    wrong_dates = client.post(
        "/training/classes/new/", {**data, "ends_on": "2027-05-01", "instructor_numbers": ""}
    ).content.decode()
    assert "The class ends before it starts." in wrong_dates
    client.post("/training/classes/new/", {**data, "instructor_numbers": "VN000777"})
    session = ClassSession.objects.get(reference="CPTM-2027-05")
    assert list(session.instructors.all()) == [instructor]
    assert list(session.shared_with.all()) == [orgs["la"]]
    assert session.status == "planned"
    client.post(f"/training/classes/{session.pk}/status/", {"status": "open"})
    session.refresh_from_db()
    assert session.status == "open"
    response = client.post(
        f"/training/classes/{session.pk}/status/", {"status": "completed"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == (
        "A class that is open for nomination cannot become completed. Possible: Planned, "
        "Running, Cancelled."
    )


def test_cancelling_a_class_declines_its_nominations(shared_class, lao_people, orgs):
    enrolment = services.nominate(
        session=shared_class, person=lao_people[0], organisation=orgs["la"]
    )
    services.set_class_status(session=shared_class, status="cancelled")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decision_note) == ("declined", "The class was cancelled.")


def test_class_list_query_count_is_constant(login, centre, orgs, cptm, django_assert_num_queries):
    client = login(centre)
    ClassFactory.create(organisation=orgs["vn"], course=cptm)
    client.get("/training/")
    with django_assert_num_queries(6) as baseline:
        client.get("/training/")
    other = CourseFactory.create(organisation=orgs["vn"], code="STM-MED")
    for n in range(20):
        ClassFactory.create(organisation=orgs["vn"], course=other if n % 2 else cptm)
    with django_assert_num_queries(len(baseline.captured_queries)):
        html = client.get("/training/").content.decode()
    assert "21 classes" in html
    assert "10 classes" in client.get("/training/?course=stm-med").content.decode()
    assert "0 classes" in client.get("/training/?status=running").content.decode()


def test_class_list_export_and_api_read_one_filter_declaration(login, api, centre, orgs, cptm):
    other = CourseFactory.create(organisation=orgs["vn"], code="STM-MED")
    for n in range(4):
        ClassFactory.create(organisation=orgs["vn"], course=other if n % 2 else cptm)
    client = login(centre)
    exported = b"".join(client.get("/training/classes/export.csv?course=stm-med").streaming_content)
    lines = exported.decode().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("course,reference,starts_on")
    assert [line.split(",")[0] for line in lines[1:]] == ["STM-MED", "STM-MED"]
    page = client.get("/training/?course=stm-med&status=someday").content.decode()
    assert "Select one of the choices." in page
    assert "2 classes" in page  # the valid filter still applies
    assert client.get("/training/classes/export.csv?status=someday").status_code == 400
    assert api(centre).get("/api/v1/training/classes/?status=someday").status_code == 422
    assert api(centre).get("/api/v1/training/classes/?course=STM-MED").json()["count"] == 2


def test_class_detail_query_count_is_constant(
    login, centre, orgs, shared_class, django_assert_num_queries
):
    client = login(centre)
    client.get(f"/training/classes/{shared_class.pk}/")
    with django_assert_num_queries(8) as baseline:
        client.get(f"/training/classes/{shared_class.pk}/")
    shared_class.capacity = 40
    shared_class.save()
    for n in range(15):
        person = PersonFactory.create(organisation=orgs["la" if n % 2 else "vn"])
        services.accept(
            enrolment=services.nominate(
                session=shared_class, person=person, organisation=person.organisation
            )
        )
    with django_assert_num_queries(len(baseline.captured_queries)):
        html = client.get(f"/training/classes/{shared_class.pk}/").content.decode()
    assert "15 of 40 taken, 25 left" in html


def test_certificate_and_course_lists_query_counts_are_constant(
    login, centre, orgs, cptm, vn_person, django_assert_num_queries
):
    client = login(centre)
    earn(vn_person, cptm, ended=datetime.date(2025, 3, 14))
    for url, total in (
        ("/training/certificates/", "11 certificates"),
        ("/training/courses/", "21 courses"),
    ):
        client.get(url)
        with django_assert_num_queries(5 if "certificates" in url else 6) as baseline:
            client.get(url)
        for n in range(10):
            person = PersonFactory.create(organisation=orgs["vn"])
            course = CourseFactory.create(organisation=orgs["vn"], code=f"NAT-{url[10:13]}{n}")
            earn(person, course, ended=datetime.date(2025, 4, 1))
        with django_assert_num_queries(len(baseline.captured_queries)):
            response = client.get(url)
        assert response.status_code == 200
        assert total in response.content.decode()


def test_the_certificate_list_searches_and_shows_each_state(
    login, centre, cast, orgs, cptm, vn_person, constant_queries
):
    earn(vn_person, cptm, ended=datetime.date(2020, 3, 14))  # 36 months: expired

    def grow():
        for n in range(5):
            person = PersonFactory.create(organisation=orgs["vn"], full_name=f"Holder {n}")
            earn(person, cptm, ended=datetime.date(2026, 4, 1 + n))

    html = constant_queries(login(centre), "/training/certificates/", grow)
    assert "6 certificates" in html
    assert all(f"Holder {n}" in html for n in range(5))
    assert "Expired" in html
    found = login(centre).get("/training/certificates/?q=tran+thi").content.decode()
    assert "1 certificate" in found
    assert "Tran Thi Lan" in found
    assert "Holder 0" not in found
    by_course = login(centre).get("/training/certificates/?q=cptm").content.decode()
    assert "6 certificates" in by_course
    outsider = login(cast["outsider"]).get("/training/certificates/").content.decode()
    assert "0 certificates" in outsider


def test_api_lists_keep_a_constant_query_count(
    api, centre, orgs, grant, shared_class, lao_people, constant_queries
):
    client = api(centre)
    services.nominate(session=shared_class, person=lao_people[0], organisation=orgs["la"])

    def grow():
        for n in range(4):
            course = CourseFactory.create(organisation=orgs["vn"], code=f"STM-API-{n}")
            course.prerequisites.add(shared_class.course)
            ClassFactory.create(organisation=orgs["vn"], course=course, capacity=5)
            person = PersonFactory.create(organisation=orgs["vn"])
            earn(person, course, ended=datetime.date(2026, 4, 1))
            services.nominate(
                session=shared_class,
                person=PersonFactory.create(organisation=orgs["vn"]),
                organisation=orgs["vn"],
            )

    for url in (
        "/api/v1/training/courses/",
        "/api/v1/training/classes/",
        "/api/v1/training/certificates/",
        f"/api/v1/training/classes/{shared_class.pk}/enrolments/",
        "/api/v1/training/reports/",
    ):
        constant_queries(client, url, grow)
    listed = client.get(f"/api/v1/training/classes/{shared_class.pk}/enrolments/").json()
    assert len(listed) == 1 + 5 * 4
    assert client.get("/api/v1/training/certificates/").json()["count"] == 5 * 4


def test_requiring_a_course_from_its_page(login, make_user, orgs, grant, cptm):
    officer = make_user("la-personnel", ("la", "personnel_officer"))
    requirement = Requirement.objects.create(organisation=orgs["la"], name="Pledge nurse")
    Requirement.objects.create(organisation=orgs["vn"], name="Not theirs")
    client = login(officer)
    html = client.get(f"/training/courses/{cptm.pk}/").content.decode()
    assert "Pledge nurse" in html
    assert "Not theirs" not in html
    client.post(f"/training/courses/{cptm.pk}/requirements/", {"requirement": requirement.pk})
    assert RequiredCourse.objects.filter(requirement=requirement, course=cptm).exists()
    client.post(
        f"/training/courses/{cptm.pk}/requirements/",
        {"requirement": requirement.pk, "remove": "1"},
    )
    assert not RequiredCourse.objects.exists()


def test_api_creates_courses_and_classes(api, centre, orgs, grant, cptm):
    client = api(centre)
    created = client.post(
        "/api/v1/training/courses/",
        {
            "code": "STM-UNMEM",
            "title": "Military experts on mission",
            "category": "stm",
            "hours": 80,
            "prerequisites": ["CPTM"],
            "min_language": "en",
            "min_language_level": "B2",
            "required_for": ["military-observer"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["prerequisites"], body["min_language_level"]) == (["CPTM"], "B2")
    bad = client.post(
        "/api/v1/training/classes/",
        {
            "course_id": body["id"],
            "starts_on": "2027-06-07",
            "ends_on": "2027-06-18",
            "venue": "Hà Nội",
            "capacity": 20,
            "shared_with": ["xx-out"],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["details"] == [
        {"field": "shared_with", "message": "Unknown partner organisation code."}
    ]
    assert "Outsider" not in bad.content.decode()  # a non-partner's name is never disclosed
    session = client.post(
        "/api/v1/training/classes/",
        {
            "course_id": body["id"],
            "starts_on": "2027-06-07",
            "ends_on": "2027-06-18",
            "venue": "Hà Nội",
            "capacity": 20,
            "shared_with": ["la-pko"],
        },
        content_type="application/json",
    ).json()
    assert (session["course"], session["seats_left"], session["status"]) == (
        "STM-UNMEM",
        20,
        "planned",
    )
    opened = client.post(
        f"/api/v1/training/classes/{session['id']}/status/",
        {"status": "open"},
        content_type="application/json",
    )
    assert opened.json()["status"] == "open"
    unknown = client.post(
        f"/api/v1/training/classes/{session['id']}/status/",
        {"status": "finished"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["message"] == "Unknown class status “finished”."


@pytest.mark.parametrize("path", ["/training/", "/training/courses/", "/training/certificates/"])
def test_pages_need_a_login(client, path, db):
    assert client.get(path)["Location"].startswith("/accounts/login/")


def test_course_list_keeps_a_constant_query_count(login, centre, orgs, cptm, constant_queries):
    from .factories import CourseFactory

    html = constant_queries(
        login(centre),
        "/training/courses/",
        lambda: [CourseFactory.create(organisation=orgs["vn"], code=f"STM-{i}") for i in range(5)],
    )
    assert all(f"STM-{i}" in html for i in range(5))


def test_catalogue_and_certificate_lists_keep_a_constant_query_count(
    login, centre, orgs, cptm, constant_queries
):
    session = ClassFactory.create(organisation=orgs["vn"], course=cptm)

    def more_courses():
        for n in range(12):
            CourseFactory.create(organisation=orgs["vn"], code=f"STM-{n}")

    def certify(numbers):
        for n in numbers:
            person = PersonFactory.create(organisation=orgs["vn"])
            enrolment = Enrolment.objects.create(
                organisation=orgs["vn"], session=session, person=person, status="passed"
            )
            Certificate.objects.create(
                organisation=orgs["vn"],
                enrolment=enrolment,
                person=person,
                course=cptm,
                serial=n + 1,
                number=f"VN-CPTM-{n}",
                verification_code=f"code{n}",
                issued_on=datetime.date(2026, 5, 1),
            )

    certify([0])  # an empty list draws no table: start from one row
    client = login(centre)
    assert "STM-11" in constant_queries(client, "/training/courses/", more_courses)
    grown = constant_queries(client, "/training/certificates/", lambda: certify(range(1, 13)))
    assert "VN-CPTM-12" in grown
