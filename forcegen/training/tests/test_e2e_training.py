"""Training in the browser: a Lao training officer nominates a Lao officer into the class the
Vietnamese centre opened to Laos."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_lao_officer_nominates_into_the_shared_class(
    la_officer, shared_class, private_class, lao_people, page, log_in
):
    log_in(page, "la-training")
    page.click("nav.sidebar >> text=Training")
    listing = page.inner_text("main")
    assert "CPTM-2027-01" in listing
    assert "CPTM-2027-02" not in listing  # not opened to Laos
    page.click("tr:has-text('CPTM-2027-01') a")
    assert page.inner_text("[data-testid=class-status]") == "Open for nomination"
    page.fill("#id_service_numbers", "LA000001")
    page.click("#nominate-form button[type=submit]")
    assert "Nominated Somphone Keomany." in page.inner_text("ul.messages")
    row = page.inner_text("#enrolments tbody")
    assert "Somphone Keomany" in row
    assert "ສົມພອນ ແກ້ວມະນີ" in row
    assert "Nominated" in row
    page.fill("#id_service_numbers", "LA000001")
    page.click("#nominate-form button[type=submit]")
    assert "already on this class (nominated)" in page.inner_text("ul.messages")
    assert page.csp_errors == []
