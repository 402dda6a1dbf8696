"""A Lao planner forms a unit from Viet Nam's shared template and fills a slot, in the browser."""

import pytest

from .factories import certify, person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def lao_people(orgs, mini, cptm, template_grant):
    anaesthetist = person(orgs["la"], "anaesthetist", rank="hoy-ek", full_name="Vilay Keomany")
    certify(anaesthetist, cptm)
    untrained = person(orgs["la"], "anaesthetist", rank="hoy-ek", full_name="Bounmy Sisouvanh")
    return anaesthetist, untrained


def test_planner_creates_a_unit_from_a_shared_template_and_assigns(lao_people, page, log_in):
    _eligible, untrained = lao_people
    log_in(page, "la-planner")
    page.goto("/units/")
    page.click("text=New unit from a template")
    page.select_option("#id_template", label="Mini hospital · vn-dpko")
    page.fill("#id_name", "Lao Medical Team")
    page.fill("#id_starts_on", "2027-03-01")
    page.fill("#id_ends_on", "2028-02-29")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("h1:has-text('Lao Medical Team')")
    assert "2 Anaesthetist slots empty" in page.inner_text("[data-testid=gaps]")

    page.click("[data-testid=slots] tr:has-text('Anaesthetist') >> a:has-text('Assign')")
    candidates = page.inner_text("[data-testid=candidates]")
    assert "Vilay Keomany" in candidates
    assert "Bounmy Sisouvanh" not in candidates  # no CPTM certificate

    page.fill("#id_service_number", untrained.service_number)
    page.click("[data-testid=assign-form] button[type=submit]")
    refusal = page.inner_text("[data-testid=assign-form]")
    assert "is not eligible for Anaesthetist from 2027-03-01 to 2028-02-29" in refusal
    assert "never passed CPTM" in refusal

    page.click("[data-testid=candidates] tr:has-text('Vilay Keomany') >> button")
    page.wait_for_selector("h1:has-text('Lao Medical Team')")
    slots = page.inner_text("[data-testid=slots]")
    assert "Vilay Keomany" in slots
    assert "Eligible" in slots
    assert "1 Anaesthetist slot empty" in page.inner_text("[data-testid=gaps]")
    assert page.csp_errors == []
