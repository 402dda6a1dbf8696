"""Acceptance 2: a pass issues a numbered certificate whose public page confirms it; an expired or
revoked one says so; the PDF is a real, bilingual PDF."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from forcegen.core.dates import add_months
from forcegen.core.pdf import script_runs
from forcegen.training import services
from forcegen.training.models import Attendance, Certificate, ClassSession, Enrolment
from forcegen.training.pdf import certificate_language, render_certificate

from .pdftext import check_structure, extract_text


def all_present(session):
    """Every trainee present every day of the class so far."""
    trainees = session.enrolments.filter(status__in=services.ATTENDING)
    days = session.days_until(timezone.localdate())
    services.record_register(
        session=session, marks={(e.pk, day): "present" for e in trainees for day in days}
    )


@pytest.fixture
def running_class(shared_class, lao_people, vn_person, orgs):
    """The shared class, run with one Lao and one Vietnamese trainee accepted and present every
    day; it ended last week, so certificates are dated its last day."""
    today = timezone.localdate()
    shared_class.starts_on = today - datetime.timedelta(days=20)
    shared_class.ends_on = today - datetime.timedelta(days=9)
    shared_class.save()
    for person in (lao_people[0], vn_person):
        enrolment = services.nominate(
            session=shared_class, person=person, organisation=person.organisation
        )
        services.accept(enrolment=enrolment)
    running = services.set_class_status(session=shared_class, status="running")
    all_present(running)
    return running


def enrolment_of(session, name):
    return Enrolment.objects.get(session=session, person__full_name=name)


def test_passing_issues_a_numbered_certificate_and_failing_does_not(running_class, orgs):
    lao = services.record_result(
        enrolment=enrolment_of(running_class, "Somphone Keomany"),
        score=Decimal("70"),
        remarks="Good patrol planning.",
    )
    assert lao.status == "passed"
    certificate = lao.certificate
    year = running_class.ends_on.year
    assert certificate.number == f"VN-DPKO-CPTM-{year}-0001"
    assert certificate.organisation == orgs["vn"]  # issued by the centre
    assert certificate.issued_on == running_class.ends_on
    assert certificate.valid_until == add_months(running_class.ends_on, 36)
    assert len(certificate.verification_code) >= 22
    failed = services.record_result(
        enrolment=enrolment_of(running_class, "Tran Thi Lan"), score=Decimal("69.99")
    )
    assert failed.status == "failed"
    assert not Certificate.objects.filter(enrolment=failed).exists()
    again = services.record_result(enrolment=failed, score=Decimal("81"))
    assert again.certificate.number == f"VN-DPKO-CPTM-{year}-0002"


def test_validity_counts_months_from_the_issue(cptm):
    assert services.valid_until(cptm, datetime.date(2027, 3, 12)) == datetime.date(2030, 3, 12)
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    cptm.validity_months = None
    assert services.valid_until(cptm, datetime.date(2027, 3, 12)) is None


def test_results_wait_for_the_class_and_a_pass_is_final(shared_class, lao_people, orgs):
    enrolment = services.nominate(
        session=shared_class, person=lao_people[0], organisation=orgs["la"]
    )
    services.accept(enrolment=enrolment)
    with pytest.raises(ValidationError) as refused:
        services.record_result(enrolment=enrolment, score=Decimal(90))
    assert refused.value.messages == [
        "The class is open for nomination: start it before recording attendance or results."
    ]
    today = timezone.localdate()
    shared_class.starts_on = today - datetime.timedelta(days=2)
    shared_class.ends_on = today
    shared_class.save()
    all_present(services.set_class_status(session=shared_class, status="running"))
    services.record_result(enrolment=enrolment, score=Decimal(90))
    with pytest.raises(ValidationError, match="A nomination that is passed cannot be assessed"):
        services.record_result(enrolment=enrolment, score=Decimal(10))


def test_a_class_runs_from_its_first_day_and_results_wait_for_its_last(
    shared_class, lao_people, orgs
):
    """Issue 16 (2): a class starting in the future could be set running, and a trainee present
    one day of twelve got a certificate, dated before the class, that /verify/ called valid."""
    enrolment = services.nominate(
        session=shared_class, person=lao_people[0], organisation=orgs["la"]
    )
    services.accept(enrolment=enrolment)
    today = timezone.localdate()
    shared_class.starts_on = today + datetime.timedelta(days=26)
    shared_class.ends_on = today + datetime.timedelta(days=37)
    shared_class.save()
    with pytest.raises(ValidationError) as refused:
        services.set_class_status(session=shared_class, status="running")
    assert refused.value.messages == [
        f"The class starts on {shared_class.starts_on.isoformat()}: it can be running from that "
        "day."
    ]
    shared_class.starts_on = today - datetime.timedelta(days=1)
    shared_class.ends_on = today + datetime.timedelta(days=10)
    shared_class.save()
    shared_class = services.set_class_status(session=shared_class, status="running")
    with pytest.raises(ValidationError, match="has not come yet"):
        services.record_attendance(
            session=shared_class,
            day=today + datetime.timedelta(days=1),
            marks={enrolment.pk: "present"},
        )
    services.record_attendance(session=shared_class, day=today, marks={enrolment.pk: "present"})
    with pytest.raises(ValidationError, match="record results from that day"):
        services.record_result(enrolment=enrolment, score=Decimal(85))
    with pytest.raises(ValidationError, match="it can be completed from that day"):
        services.set_class_status(session=shared_class, status="completed")
    assert not Certificate.objects.exists()
    # The class ran (on paper) but the trainee came 1 day of 12: the score alone does not pass.
    shared_class.starts_on = today - datetime.timedelta(days=11)
    shared_class.ends_on = today
    shared_class.save()
    failed = services.record_result(enrolment=enrolment, score=Decimal(85))
    assert failed.status == "failed"
    assert failed.decision_note == "Present 1 of 12 days (8 %); the course requires 80 %."
    assert not Certificate.objects.exists()
    all_present(shared_class)
    passed = services.record_result(enrolment=enrolment, score=Decimal(85))
    assert (passed.status, passed.decision_note) == ("passed", "")
    assert passed.certificate.issued_on == shared_class.ends_on


def test_a_class_cannot_be_moved_into_the_future_once_running(running_class, orgs):
    with pytest.raises(ValidationError, match="it can be running from that day"):
        services.save_class(
            organisation=orgs["vn"],
            session=running_class,
            starts_on=timezone.localdate() + datetime.timedelta(days=3),
            ends_on=timezone.localdate() + datetime.timedelta(days=14),
        )


def issue(session, name, score=Decimal(90)):
    return services.record_result(enrolment=enrolment_of(session, name), score=score).certificate


def test_the_public_page_confirms_a_valid_certificate_and_nothing_more(running_class):
    certificate = issue(running_class, "Somphone Keomany")
    response = Client().get(f"/verify/{certificate.verification_code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is valid." in html
    for shown in (
        "Somphone Keomany",
        "ສົມພອນ ແກ້ວມະນີ",
        "UN Core Pre-Deployment Training Materials (CPTM)",
        f"{running_class.starts_on.isoformat()} – {running_class.ends_on.isoformat()}",
        certificate.issued_on.isoformat(),
        certificate.valid_until.isoformat(),
    ):
        assert shown in html, shown
    person = certificate.person
    for hidden in (
        person.service_number,
        person.date_of_birth.isoformat(),
        person.rank.name_en,
        certificate.number,
        "la-pko",
        "Log out",
    ):
        assert hidden not in html, hidden


def test_expired_and_revoked_certificates_say_so(running_class, centre, login):
    certificate = issue(running_class, "Somphone Keomany")
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=datetime.date(2021, 1, 1), valid_until=datetime.date(2024, 1, 1)
    )
    expired = Client().get(f"/verify/{certificate.verification_code}/").content.decode()
    assert "This certificate has expired." in expired
    assert "This certificate is valid." not in expired
    other = issue(running_class, "Tran Thi Lan")
    login(centre).post(
        f"/training/certificates/{other.pk}/revoke/", {"reason": "Assessment irregularity"}
    )
    revoked = Client().get(f"/verify/{other.verification_code}/").content.decode()
    assert "This certificate has been revoked." in revoked
    assert "Assessment irregularity" not in revoked  # the reason stays internal


def test_an_unknown_code_is_a_404_that_says_so(db):
    response = Client().get("/verify/not-a-real-code/")
    assert response.status_code == 404
    assert "There is no such certificate." in response.content.decode()


def test_the_public_api_verifies_without_authentication(running_class):
    certificate = issue(running_class, "Somphone Keomany")
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at="2026-06-01T00:00:00Z")
    body = Client().get(f"/api/v1/training/verify/{certificate.verification_code}/").json()
    assert body == {
        "state": "revoked",
        "course": "UN Core Pre-Deployment Training Materials (CPTM)",
        "holder": "Somphone Keomany",
        "holder_native": "ສົມພອນ ແກ້ວມະນີ",
        "class_starts_on": running_class.starts_on.isoformat(),
        "class_ends_on": running_class.ends_on.isoformat(),
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
    }
    missing = Client().get("/api/v1/training/verify/nothing/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_the_pdf_is_real_and_bilingual(running_class, login, la_officer):
    certificate = issue(running_class, "Somphone Keomany")
    response = login(la_officer).get(f"/training/certificates/{certificate.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert check_structure(data) == 1
    text = extract_text(data)
    assert "Somphone Keomany" in text
    assert "ສົມພອນ ແກ້ວມະນີ" in text  # the native name in Lao script
    assert "ການຝຶກອົບຮົມຫຼັກກ່ອນການປະຈຳການ" in text  # the course's Lao title
    assert certificate.number in text
    assert f"/verify/{certificate.verification_code}/" in text


def test_a_vietnamese_pdf_draws_vietnamese_and_a_revoked_one_is_stamped(running_class):
    certificate = issue(running_class, "Tran Thi Lan")
    services.revoke_certificate(certificate=certificate, reason="Duplicate")
    certificate = Certificate.objects.select_related(
        "course", "person", "organisation", "enrolment__session", "enrolment__organisation"
    ).get(pk=certificate.pk)
    text = extract_text(render_certificate(certificate, verify_url="https://example.org/v/x/"))
    assert "Trần Thị Lan" in text
    assert "Huấn luyện cốt lõi trước triển khai" in text
    assert "REVOKED" in text


def test_the_certificate_language_follows_the_trainees_country():
    assert certificate_language("LAO") == "lo"
    assert certificate_language("VNM") == "vi"
    assert certificate_language("SEN") == "fr"
    assert certificate_language("GBR") is None


def test_lines_split_into_lao_and_other_runs():
    assert list(script_runs("ສົມພອນ ແກ້ວມະນີ (LA000001)")) == [
        ("ສົມພອນ ແກ້ວມະນີ ", True),
        ("(LA000001)", False),
    ]
    assert list(script_runs("Trần Thị Lan")) == [("Trần Thị Lan", False)]


def test_certificates_are_visible_to_issuer_and_holder_only(
    running_class, login, api, cast, centre, la_officer
):
    certificate = issue(running_class, "Somphone Keomany")
    vn_only = issue(running_class, "Tran Thi Lan")
    assert login(centre).get(f"/training/certificates/{certificate.pk}/").status_code == 200
    la = login(la_officer)
    assert la.get(f"/training/certificates/{certificate.pk}/").status_code == 200
    assert la.get(f"/training/certificates/{vn_only.pk}/").status_code == 404
    assert la.get(f"/training/certificates/{vn_only.pk}/pdf/").status_code == 404
    outsider = login(cast["outsider"])
    assert outsider.get(f"/training/certificates/{certificate.pk}/").status_code == 404
    assert outsider.get(f"/training/certificates/{certificate.pk}/pdf/").status_code == 404
    machine = api(cast["outsider"])
    assert machine.get(f"/api/v1/training/certificates/{certificate.pk}/").status_code == 404
    assert machine.get(f"/api/v1/training/certificates/{certificate.pk}/pdf/").status_code == 404
    numbers = [
        c["number"] for c in api(la_officer).get("/api/v1/training/certificates/").json()["items"]
    ]
    assert numbers == [certificate.number]


def test_only_the_issuer_revokes(running_class, login, api, la_officer, centre):
    certificate = issue(running_class, "Somphone Keomany")
    assert (
        login(la_officer)
        .post(f"/training/certificates/{certificate.pk}/revoke/", {"reason": "x"})
        .status_code
        == 404
    )
    response = api(centre).post(
        f"/api/v1/training/certificates/{certificate.pk}/revoke/",
        {"reason": ""},
        content_type="application/json",
    )
    assert response.json()["details"] == [
        {"field": "reason", "message": "Give the reason for revoking it."}
    ]
    revoked = api(centre).post(
        f"/api/v1/training/certificates/{certificate.pk}/revoke/",
        {"reason": "Wrong person"},
        content_type="application/json",
    )
    assert revoked.json()["state"] == "revoked"


def test_results_through_the_ui_issue_certificates(running_class, login, centre):
    lao = enrolment_of(running_class, "Somphone Keomany")
    vn = enrolment_of(running_class, "Tran Thi Lan")
    client = login(centre)
    page = client.get(f"/training/classes/{running_class.pk}/results/").content.decode()
    assert "Pass mark: 70 %" in page
    client.post(
        f"/training/classes/{running_class.pk}/results/",
        {f"score_{lao.pk}": "88", f"remarks_{lao.pk}": "Top of the class", f"score_{vn.pk}": ""},
    )
    lao.refresh_from_db()
    vn.refresh_from_db()
    assert (lao.status, lao.remarks, vn.status) == ("passed", "Top of the class", "accepted")
    year = running_class.ends_on.year
    assert Certificate.objects.get(enrolment=lao).number == f"VN-DPKO-CPTM-{year}-0001"


def test_the_class_register_is_one_grid_saved_at_once(
    running_class, login, centre, django_assert_max_num_queries
):
    """Issue 16 (13): attendance was one radio button per trainee per day, one day per save.
    The register shows every trainee and day so far; "all present" fills a day; one save."""
    lao = enrolment_of(running_class, "Somphone Keomany")
    vn = enrolment_of(running_class, "Tran Thi Lan")
    Attendance.objects.filter(enrolment__session=running_class).delete()
    client = login(centre)
    url = f"/training/classes/{running_class.pk}/attendance/"
    page = client.get(url).content.decode()
    days = running_class.days()
    assert page.count('<select name="mark_') == 2 * len(days)
    assert page.count('data-register-day="') == 3 * len(days)  # a box and two cells a day
    first, second, third = days[:3]
    data = {f"all_{first.isoformat()}": "on"}  # everyone present on the first day
    data[f"mark_{lao.pk}_{second.isoformat()}"] = "present"
    data[f"mark_{vn.pk}_{second.isoformat()}"] = "excused"
    data[f"mark_{vn.pk}_{third.isoformat()}"] = "absent"
    response = client.post(url, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Register saved: 5 marks changed."]
    assert dict(lao.attendance.values_list("day", "mark")) == {
        first: "present",
        second: "present",
    }
    assert dict(vn.attendance.values_list("day", "mark")) == {
        first: "present",
        second: "excused",
        third: "absent",
    }
    with django_assert_max_num_queries(12):
        client.get(url)


def test_the_register_is_stored_all_or_none(running_class):
    lao = enrolment_of(running_class, "Somphone Keomany")
    vn = enrolment_of(running_class, "Tran Thi Lan")
    Attendance.objects.filter(enrolment__session=running_class).delete()
    after = running_class.ends_on + datetime.timedelta(days=1)
    last_day = running_class.ends_on
    with pytest.raises(ValidationError, match=f"{after.isoformat()} is not a day of this class"):
        services.record_register(
            session=running_class,
            marks={(lao.pk, running_class.starts_on): "present", (vn.pk, after): "present"},
        )
    with pytest.raises(ValidationError, match="Unknown attendance mark: late"):
        services.record_register(
            session=running_class,
            marks={(lao.pk, running_class.starts_on): "present", (vn.pk, last_day): "late"},
        )
    assert not Attendance.objects.filter(enrolment__session=running_class).exists()
    ClassSession.objects.filter(pk=running_class.pk).update(status="planned")
    with pytest.raises(ValidationError, match="start it before recording attendance"):
        services.record_attendance(
            session=ClassSession.objects.get(pk=running_class.pk),
            day=running_class.starts_on,
            marks={lao.pk: "present"},
        )


def test_results_are_stored_all_or_none_and_a_refusal_names_the_trainee(running_class):
    lao = enrolment_of(running_class, "Somphone Keomany")
    vn = enrolment_of(running_class, "Tran Thi Lan")
    services.record_result(enrolment=vn, score=Decimal(90))
    with pytest.raises(ValidationError) as refused:
        services.record_results(results=[(lao, Decimal(88), ""), (vn, Decimal(95), "")])
    assert refused.value.messages == [
        "Tran Thi Lan: A nomination that is passed cannot be assessed."
    ]
    lao.refresh_from_db()
    assert (lao.status, lao.score) == ("accepted", None)
    assert not Certificate.objects.filter(enrolment=lao).exists()


def test_revoking_in_the_ui_needs_a_short_reason(running_class, login, centre):
    certificate = issue(running_class, "Somphone Keomany")
    client = login(centre)
    url = f"/training/certificates/{certificate.pk}/revoke/"
    for reason, message in [
        ("", "Give the reason for revoking it."),
        ("x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
    ]:
        response = client.post(url, {"reason": reason}, follow=True)
        assert [str(m) for m in response.context["messages"]] == [message]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = client.post(url, {"reason": "Assessment irregularity"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Certificate revoked."]
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Assessment irregularity"


def test_a_finished_class_counts_its_assessed_trainees_as_seats(running_class, login, centre):
    """Issue 16 (4): a finished class showed "0 of 2 taken" once its trainees were assessed."""
    issue(running_class, "Somphone Keomany")
    services.record_result(enrolment=enrolment_of(running_class, "Tran Thi Lan"), score=Decimal(40))
    services.set_class_status(session=running_class, status="completed")
    seats = ClassSession.objects.with_seats().get(pk=running_class.pk)
    assert (vars(seats)["accepted_count"], vars(seats)["seats_left"]) == (2, 0)
    html = login(centre).get(f"/training/classes/{running_class.pk}/").content.decode()
    assert "2 of 2 taken, 0 left" in html


def test_a_revocation_is_the_certificates_last_change(running_class):
    certificate = issue(running_class, "Somphone Keomany")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Certificate.objects.filter(pk=certificate.pk).update(created_at=long_ago, updated_at=long_ago)
    certificate.refresh_from_db()
    services.revoke_certificate(certificate=certificate, reason="Assessment irregularity")
    certificate.refresh_from_db()
    assert certificate.created_at == long_ago
    assert certificate.updated_at >= certificate.revoked_at > long_ago
