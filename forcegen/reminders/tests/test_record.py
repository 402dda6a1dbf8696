"""Self-service: a person linked to a user account sees their own record and nothing of anyone
else's; a renewed document counts only once a personnel officer approves it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forcegen.personnel.models import Credential
from forcegen.personnel.tests.factories import PersonFactory, pdf_bytes
from forcegen.reminders import services
from forcegen.reminders.models import Reminder, RenewalRequest

from .conftest import passport

pytestmark = pytest.mark.django_db


def test_my_record_shows_my_own_record_only(login, api, orgs, peacekeeper):
    user, person = peacekeeper
    other = PersonFactory.create(organisation=orgs["la"], full_name="Someone Else")
    passport(person, datetime.date(2031, 5, 1), reference="P-MINE")
    passport(other, datetime.date(2031, 5, 2), reference="P-OTHER")
    html = login(user).get("/me/").content.decode()
    assert "Khamla Phommavong" in html
    assert "2031-05-01" in html
    assert "Someone Else" not in html
    assert "2031-05-02" not in html
    record = api(user).get("/api/v1/me/record/").json()
    assert record["full_name"] == "Khamla Phommavong"
    assert [c["valid_until"] for c in record["credentials"]] == ["2031-05-01"]
    # Without a membership the peacekeeper reads no register.
    assert "Someone Else" not in login(user).get("/personnel/").content.decode()
    assert api(user).get(f"/api/v1/personnel/{other.pk}/").status_code in (403, 404)


def test_without_a_linked_record(login, api, cast):
    assert (
        "not linked to a personnel record" in login(cast["la_admin"]).get("/me/").content.decode()
    )
    assert api(cast["la_admin"]).get("/api/v1/me/record/").status_code == 404


def test_own_certificate_downloads_and_anothers_is_404(login, orgs, peacekeeper):
    from forcegen.training.models import Certificate, Enrolment
    from forcegen.training.tests.factories import ClassFactory

    user, person = peacekeeper
    other = PersonFactory.create(organisation=orgs["la"])
    session = ClassFactory.create(organisation=orgs["vn"])
    certificates = []
    for index, holder in enumerate((person, other)):
        enrolment = Enrolment.objects.create(
            organisation=orgs["la"], session=session, person=holder, status="passed"
        )
        certificates.append(
            Certificate.objects.create(
                organisation=orgs["vn"],
                enrolment=enrolment,
                person=holder,
                course=session.course,
                serial=index + 1,
                number=f"VN-CPTM-{index}",
                verification_code=f"code{index}",
                issued_on=datetime.date(2026, 5, 1),
            )
        )
    client = login(user)
    mine = client.get(f"/me/certificates/{certificates[0].pk}/pdf/")
    assert mine["Content-Type"] == "application/pdf"
    assert mine.content.startswith(b"%PDF")
    assert client.get(f"/me/certificates/{certificates[1].pk}/pdf/").status_code == 404


def test_a_renewed_document_counts_after_approval(
    login, orgs, peacekeeper, la_personnel, vn_personnel, django_capture_on_commit_callbacks
):
    user, person = peacekeeper
    today = timezone.localdate()
    passport(person, today + datetime.timedelta(days=10))
    services.run(today=today)
    assert Reminder.objects.filter(user=user, state="open").count() == 1
    upload = SimpleUploadedFile("passport.pdf", pdf_bytes(), content_type="application/pdf")
    login(user).post(
        "/me/",
        {"kind": "passport", "reference": "P-NEW", "valid_until": "2036-01-01", "document": upload},
    )
    renewal = RenewalRequest.objects.get()
    assert renewal.state == "pending"
    assert Credential.objects.filter(person=person).count() == 1  # not yet counted
    # Another organisation's personnel officer cannot decide it.
    assert login(vn_personnel).post(f"/reminders/renewals/{renewal.pk}/approve/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        login(la_personnel).post(f"/reminders/renewals/{renewal.pk}/approve/")
    renewal.refresh_from_db()
    assert renewal.state == "approved"
    assert Credential.objects.get(person=person, reference="P-NEW").valid_until == datetime.date(
        2036, 1, 1
    )
    assert not Reminder.objects.filter(user=user, state="open").exists()
