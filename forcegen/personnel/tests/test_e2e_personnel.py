"""The personnel registry in the browser: find a person, check eligibility, see what is hidden."""

import datetime

import pytest

from forcegen.personnel.models import Credential, Requirement, Specialty

from .factories import CredentialFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def roster(cast, orgs):
    nurse = PersonFactory.create(
        organisation=orgs["vn"],
        full_name="Tran Thi Lan",
        full_name_native="Trần Thị Lan",
        sex="F",
        specialties=["nurse"],
    )
    CredentialFactory.create(
        person=nurse, reference="C2468013", valid_until=datetime.date(2027, 5, 1)
    )
    requirement = Requirement.objects.create(
        organisation=orgs["vn"], name="L2H nurse", specialty=Specialty.objects.get(code="nurse")
    )
    requirement.credentials.create(kind=Credential.Kind.PASSPORT)
    return nurse


def test_search_check_eligibility_and_privacy(roster, page, log_in):
    log_in(page, "vn-admin")
    page.goto("/personnel/")
    page.fill("#id_q", "Trần")
    page.click("form.filters button[type=submit]")
    page.click("text=Tran Thi Lan")
    assert "C2468013" in page.inner_text("main")  # admins see passport numbers

    page.select_option("#id_requirement", label="L2H nurse")
    page.fill("#id_start", "2027-03-01")
    page.fill("#id_end", "2027-09-30")
    page.click("#eligibility-title ~ form button[type=submit]")
    verdict = page.inner_text("#eligibility-title ~ ul.failures")
    assert "Passport expires 2027-05-01, before the end of the period 2027-09-30" in verdict

    page.click("text=Log out")
    log_in(page, "vn-viewer")
    page.goto(f"/personnel/{roster.pk}/")
    assert "C2468013" not in page.inner_text("main")
    assert "restricted" in page.inner_text("main")
