"""Acceptance 1: Laos nominates its people into a class Viet Nam opened to it; a class not opened
is a 404; seats, prerequisites, language and clashes are enforced with reasons."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from forcegen.personnel.models import Availability, Credential
from forcegen.personnel.tests.factories import CredentialFactory, english
from forcegen.training import checks, services
from forcegen.training.models import ClassSession, Enrolment

from .factories import ClassFactory, CourseFactory, present_every_day


def nominate_ui(client, session, *numbers):
    return client.post(
        f"/training/classes/{session.pk}/nominate/",
        {"service_numbers": " ".join(numbers)},
        follow=True,
    )


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_lao_officer_nominates_lao_personnel_into_the_shared_class(
    login, la_officer, shared_class, lao_people
):
    client = login(la_officer)
    listing = client.get("/training/").content.decode()
    assert "CPTM-2027-01" in listing
    assert "CPTM-2027-02" not in listing
    response = nominate_ui(client, shared_class, "LA000001", "LA000002")
    assert page_messages(response) == [
        "Nominated Somphone Keomany.",
        "Nominated Manivone Phommachanh.",
    ]
    enrolments = Enrolment.objects.filter(session=shared_class).order_by("person__service_number")
    assert [(e.person.service_number, e.status, e.organisation.code) for e in enrolments] == [
        ("LA000001", "nominated", "la-pko"),
        ("LA000002", "nominated", "la-pko"),
    ]
    assert enrolments[0].nominated_by == la_officer


def test_a_class_not_opened_to_laos_is_404_in_the_ui_and_the_api(
    login, api, la_officer, private_class, lao_people
):
    client = login(la_officer)
    assert client.get(f"/training/classes/{private_class.pk}/").status_code == 404
    assert nominate_ui(client, private_class, "LA000001").status_code == 404
    machine = api(la_officer)
    assert machine.get(f"/api/v1/training/classes/{private_class.pk}/").status_code == 404
    response = machine.post(
        f"/api/v1/training/classes/{private_class.pk}/nominations/",
        {"service_number": "LA000001"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Enrolment.objects.exists()


def test_revoking_the_catalogue_grant_closes_the_shared_class(
    login, la_officer, grant, shared_class
):
    client = login(la_officer)
    assert client.get(f"/training/classes/{shared_class.pk}/").status_code == 200
    grant.revoked_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    grant.save()
    assert client.get(f"/training/classes/{shared_class.pk}/").status_code == 404


def test_outsider_gets_404_for_classes_and_enrolments(
    login, api, cast, shared_class, lao_people, orgs
):
    enrolment = services.nominate(
        session=shared_class, person=lao_people[0], organisation=orgs["la"]
    )
    outsider = login(cast["outsider"])
    for url in [
        f"/training/classes/{shared_class.pk}/",
        f"/training/classes/{shared_class.pk}/edit/",
        f"/training/classes/{shared_class.pk}/attendance/",
        f"/training/classes/{shared_class.pk}/results/",
        f"/training/enrolments/{enrolment.pk}/decline/",
    ]:
        assert outsider.get(url).status_code == 404, url
    for url in [
        f"/training/enrolments/{enrolment.pk}/accept/",
        f"/training/enrolments/{enrolment.pk}/withdraw/",
        f"/training/classes/{shared_class.pk}/status/",
    ]:
        assert outsider.post(url).status_code == 404, url
    machine = api(cast["outsider"])
    assert machine.get(f"/api/v1/training/enrolments/{enrolment.pk}/").status_code == 404
    assert machine.post(f"/api/v1/training/enrolments/{enrolment.pk}/accept/").status_code == 404
    assert machine.get("/api/v1/training/classes/").json() == {"items": [], "count": 0}


def test_a_partner_cannot_decide_on_the_centres_class(
    login, la_officer, shared_class, lao_people, orgs
):
    enrolment = services.nominate(
        session=shared_class, person=lao_people[0], organisation=orgs["la"]
    )
    client = login(la_officer)
    assert client.post(f"/training/enrolments/{enrolment.pk}/accept/").status_code == 404
    assert client.post(f"/training/classes/{shared_class.pk}/status/").status_code == 404


def test_someone_elses_person_cannot_be_nominated(login, la_officer, shared_class, vn_person):
    response = nominate_ui(login(la_officer), shared_class, "VN000001")
    assert page_messages(response) == ["VN000001: no such person in your registry."]
    assert not Enrolment.objects.exists()


def test_capacity_is_enforced_with_a_waiting_list_and_promotion(
    login, centre, la_officer, shared_class, lao_people, orgs
):
    for person in lao_people:
        services.nominate(session=shared_class, person=person, organisation=orgs["la"])
    client = login(centre)
    first, second, third = Enrolment.objects.filter(session=shared_class).order_by(
        "person__service_number"
    )
    for enrolment in (first, second):
        client.post(f"/training/enrolments/{enrolment.pk}/accept/")
    response = client.post(f"/training/enrolments/{third.pk}/accept/", follow=True)
    assert page_messages(response) == [
        "Accepted Somphone Keomany.",
        "Accepted Manivone Phommachanh.",
        "The class is full: Bounmy Sisouvanh is on the waiting list, position 1.",
    ]
    third.refresh_from_db()
    assert third.status == "waitlisted"
    # Laos withdraws one accepted trainee: the seat goes to the waiting list.
    login(la_officer).post(f"/training/enrolments/{first.pk}/withdraw/")
    statuses = dict(
        Enrolment.objects.filter(session=shared_class).values_list("person__full_name", "status")
    )
    assert statuses == {
        "Somphone Keomany": "withdrawn",
        "Manivone Phommachanh": "accepted",
        "Bounmy Sisouvanh": "accepted",
    }


def test_more_seats_promote_the_waiting_list_and_fewer_than_taken_are_refused(
    shared_class, lao_people, orgs
):
    enrolments = [
        services.nominate(session=shared_class, person=p, organisation=orgs["la"])
        for p in lao_people
    ]
    for enrolment in enrolments:
        services.accept(enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolments[2].pk).status == "waitlisted"
    with pytest.raises(ValidationError) as refused:
        services.save_class(organisation=orgs["vn"], session=shared_class, capacity=1)
    assert refused.value.message_dict["capacity"] == [
        "2 trainees are already accepted: keep at least 2 seats, or decline some first."
    ]
    services.save_class(organisation=orgs["vn"], session=shared_class, capacity=3)
    assert Enrolment.objects.get(pk=enrolments[2].pk).status == "accepted"


def test_prerequisites_and_language_are_checked_with_reasons(orgs, grant, cptm, lao_people):
    staff = CourseFactory.create(
        organisation=orgs["vn"],
        code="STM-SO",
        title="UN Specialized Training: Staff Officers",
        min_language="en",
        min_language_level=3,
    )
    staff.prerequisites.add(cptm)
    session = ClassFactory.create(organisation=orgs["vn"], course=staff)
    session.shared_with.add(orgs["la"])
    person = lao_people[0]
    with pytest.raises(ValidationError) as refused:
        services.nominate(session=session, person=person, organisation=orgs["la"])
    assert refused.value.messages == [
        "Somphone Keomany has not passed the prerequisite CPTM.",
        "Somphone Keomany has no valid English result; the course requires B1.",
    ]
    english(person, level=2)
    passed_cptm(orgs, cptm, person, ended=datetime.date(2023, 3, 1))  # expires 2026-03-01
    with pytest.raises(ValidationError) as refused:
        services.nominate(session=session, person=person, organisation=orgs["la"])
    assert refused.value.messages == [
        "Somphone Keomany's CPTM certificate expired 2026-03-01, before the class.",
        "Somphone Keomany's English level A2 is below the required B1.",
    ]
    Credential.objects.filter(person=person, kind="language").update(level=4)
    passed_cptm(orgs, cptm, person, ended=datetime.date(2025, 3, 1))
    assert services.nominate(session=session, person=person, organisation=orgs["la"]).pk


def passed_cptm(orgs, course, person, ended):
    """A completed class the person passed, ending on `ended`."""
    session = ClassFactory.create(
        organisation=orgs["vn"],
        course=course,
        starts_on=ended - datetime.timedelta(days=11),
        status=ClassSession.Status.RUNNING,
    )
    enrolment = Enrolment.objects.create(
        organisation=person.organisation, session=session, person=person, status="accepted"
    )
    present_every_day(session)
    return services.record_result(enrolment=enrolment, score=Decimal(90))


def test_clashes_with_another_class_and_unavailability_are_refused(
    orgs, shared_class, lao_people, cptm
):
    person = lao_people[0]
    overlapping = ClassFactory.create(
        organisation=orgs["vn"], course=cptm, starts_on=datetime.date(2027, 3, 10)
    )
    overlapping.shared_with.add(orgs["la"])
    services.nominate(session=overlapping, person=person, organisation=orgs["la"])
    Availability.objects.create(
        organisation=orgs["la"],
        person=person,
        kind=Availability.Kind.MEDICAL,
        starts_on=datetime.date(2027, 2, 20),
        ends_on=datetime.date(2027, 3, 2),
        note="surgery",
    )
    with pytest.raises(ValidationError) as refused:
        services.nominate(session=shared_class, person=person, organisation=orgs["la"])
    assert refused.value.messages == [
        "Somphone Keomany is already nominated for CPTM (2027-03-10 – 2027-03-21), which overlaps.",
        "Somphone Keomany is recorded as unavailable 2027-02-20 – 2027-03-02.",
    ]
    # The reason given to the centre names dates, never why the person is away.
    assert "surgery" not in " ".join(refused.value.messages)
    assert "Medical" not in " ".join(refused.value.messages)


def test_the_deployments_app_can_register_a_clash(shared_class, lao_people, orgs, monkeypatch):
    monkeypatch.setattr(checks, "CLASH_CHECKS", list(checks.CLASH_CHECKS))

    def deployed(person, session):
        return [f"{person.full_name} is deployed to UNMISS then."]

    checks.register_clash(deployed)
    checks.register_clash(deployed)  # registering twice is harmless
    with pytest.raises(ValidationError) as refused:
        services.nominate(session=shared_class, person=lao_people[0], organisation=orgs["la"])
    assert refused.value.messages == ["Somphone Keomany is deployed to UNMISS then."]


def test_nominations_close_with_the_class_and_duplicates_are_refused(
    shared_class, lao_people, orgs
):
    services.nominate(session=shared_class, person=lao_people[0], organisation=orgs["la"])
    with pytest.raises(ValidationError, match="already on this class"):
        services.nominate(session=shared_class, person=lao_people[0], organisation=orgs["la"])
    ClassSession.objects.filter(pk=shared_class.pk).update(status="running")
    with pytest.raises(ValidationError) as refused:
        services.nominate(session=shared_class, person=lao_people[1], organisation=orgs["la"])
    assert refused.value.messages == ["Nominations for this class are closed (it is running)."]


def test_decline_needs_a_reason_the_partner_then_sees(
    login, centre, la_officer, shared_class, lao_people, orgs
):
    enrolment = services.nominate(
        session=shared_class, person=lao_people[0], organisation=orgs["la"]
    )
    client = login(centre)
    empty = client.post(f"/training/enrolments/{enrolment.pk}/decline/", {"reason": ""})
    assert "This field is required." in empty.content.decode()
    client.post(
        f"/training/enrolments/{enrolment.pk}/decline/",
        {"reason": "Seats are reserved for medical staff this time."},
    )
    html = login(la_officer).get(f"/training/classes/{shared_class.pk}/").content.decode()
    assert "Declined" in html
    assert "Seats are reserved for medical staff this time." in html


def test_the_centre_sees_foreign_trainees_but_never_their_personal_data(
    login, centre, la_officer, shared_class, lao_people, orgs
):
    person = lao_people[1]
    CredentialFactory.create(person=person, reference="P9988776", valid_until="2031-01-01")
    services.nominate(session=shared_class, person=person, organisation=orgs["la"])
    html = login(centre).get(f"/training/classes/{shared_class.pk}/").content.decode()
    assert "Manivone Phommachanh" in html
    assert "ມະນີວອນ ພົມມະຈັນ" in html
    assert "ຮ້ອຍເອກ" in html  # rank
    assert "la-pko" in html
    assert "LAO" in html
    assert "P9988776" not in html
    assert person.service_number not in html
    assert login(centre).get(f"/personnel/{person.pk}/").status_code == 404


def test_the_api_shows_the_centre_the_trainee_without_personal_data(
    api, centre, la_officer, shared_class, lao_people, orgs
):
    created = api(la_officer).post(
        f"/api/v1/training/classes/{shared_class.pk}/nominations/",
        {"service_number": "LA000002"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "nominated"
    assert body["country"] == "LAO"
    listing = api(centre).get(f"/api/v1/training/classes/{shared_class.pk}/enrolments/").json()
    assert [e["full_name"] for e in listing] == ["Manivone Phommachanh"]
    assert set(listing[0]) == {
        "id",
        "class_id",
        "full_name",
        "full_name_native",
        "rank",
        "sex",
        "organisation",
        "country",
        "status",
        "decision_note",
        "score",
        "remarks",
        "queued_at",
    }
    accepted = api(centre).post(f"/api/v1/training/enrolments/{body['id']}/accept/")
    assert accepted.json()["status"] == "accepted"


def test_api_refusals_carry_every_reason(api, la_officer, orgs, grant, cptm, lao_people):
    staff = CourseFactory.create(organisation=orgs["vn"], code="STM-SO", title="Staff officers")
    staff.prerequisites.add(cptm)
    session = ClassFactory.create(organisation=orgs["vn"], course=staff)
    session.shared_with.add(orgs["la"])
    response = api(la_officer).post(
        f"/api/v1/training/classes/{session.pk}/nominations/",
        {"service_number": "LA000001"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Somphone Keomany has not passed the prerequisite CPTM."


def test_a_viewer_cannot_nominate(login, cast, make_user, shared_class, lao_people):
    viewer = make_user("la-viewer", ("la", "viewer"))
    assert nominate_ui(login(viewer), shared_class, "LA000001").status_code == 403
    assert not Enrolment.objects.exists()


def test_sharing_a_class_needs_the_catalogue_grant(orgs, cptm):
    with pytest.raises(ValidationError) as refused:
        services.save_class(
            organisation=orgs["vn"],
            course=cptm,
            starts_on=datetime.date(2027, 1, 4),
            ends_on=datetime.date(2027, 1, 8),
            venue="Hà Nội",
            capacity=10,
            shared_with=[orgs["la"]],
        )
    assert refused.value.message_dict["shared_with"] == [
        "Share your course catalogue with Lao Peacekeeping Department first (organisation "
        "page, sharing), then open the class to them."
    ]


def test_the_service_itself_refuses_a_class_not_opened_to_the_partner(
    private_class, shared_class, lao_people, orgs, grant
):
    with pytest.raises(ValidationError) as refused:
        services.nominate(session=private_class, person=lao_people[0], organisation=orgs["la"])
    assert refused.value.messages == ["This class is not open to your organisation."]
    with pytest.raises(ValidationError, match="only nominate your own organisation's personnel"):
        services.nominate(session=shared_class, person=lao_people[0], organisation=orgs["vn"])


def test_a_role_that_does_not_nominate_is_told_who_does(
    cast, login, la_officer, shared_class, lao_people
):
    """Issue 16 (7): la-planner saw a shared class with no nominate form and no hint why."""
    page = login(cast["la_planner"]).get(f"/training/classes/{shared_class.pk}/").content.decode()
    assert 'id="nominate-form"' not in page
    assert "Your role (Planner) does not nominate to classes." in page
    assert "Ask la-admin (Administrator), la-training (Training officer): their role" in page
    officer_page = login(la_officer).get(f"/training/classes/{shared_class.pk}/").content.decode()
    assert 'id="nominate-form"' in officer_page
    assert 'data-testid="nominate-hint"' not in officer_page
