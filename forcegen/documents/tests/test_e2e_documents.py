"""The mentee's flow in the browser, in Lao: open a shared Vietnamese law, start a Lao draft from
it, take it through consultation (a Vietnamese adviser comments) to in force, cite it in an
eligibility requirement, and see the coverage report move."""

import pytest

from forcegen.personnel.models import Requirement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _in_lao(page):
    page.select_option("select[name=language]", "lo")
    page.locator("select[name=language]").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state()


def _move(page, target):
    page.select_option("[data-testid=move] select[name=target]", target)
    page.click("[data-testid=move] button[type=submit]")
    page.wait_for_load_state()


def test_a_lao_draft_from_a_shared_law_to_in_force(graph, shared, legal, orgs, page, log_in):
    Requirement.objects.create(organisation=orgs["la"], name="Platoon commander")
    log_in(page, "la-legal")
    _in_lao(page)
    page.goto("/documents/coverage/")
    assert "ມີຜົນສັກສິດ 0 ໃນ 7" in page.inner_text("[data-testid=coverage-summary]")
    page.goto("/documents/")
    page.click("text=92/2025/QH15")
    page.click("[data-testid=adapt]")
    page.select_option("select[name=type]", label="ດຳລັດ")
    page.select_option("select[name=issuer]", label="ນາຍົກລັດຖະມົນຕີ (PM)")
    page.fill("input[name=title]", "ດຳລັດ ວ່າດ້ວຍການເຂົ້າຮ່ວມຮັກສາສັນຕິພາບ")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    draft_url = page.url
    _move(page, "consultation")

    page.context.clear_cookies()
    log_in(page, "adviser")
    page.goto(draft_url)
    page.fill("[data-testid=comment] textarea[name=text]", "Điều 1: thêm phạm vi áp dụng.")
    page.click("[data-testid=comment] button[type=submit]")
    page.wait_for_load_state()
    assert "Điều 1: thêm phạm vi áp dụng." in page.inner_text("main")

    page.context.clear_cookies()
    log_in(page, "la-legal")
    _in_lao(page)
    page.goto(draft_url)
    _move(page, "appraisal")
    page.click("form[action$='/approve/'] button")
    page.wait_for_load_state()
    _move(page, "approved")
    page.goto(draft_url + "edit/")
    page.fill("input[name=number]", "12/PM")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    _move(page, "promulgated")
    _move(page, "in_force")
    assert "12/PM" in page.inner_text("h1")
    page.goto(draft_url + "cite/")
    # "Platoon commander" is a position of the shared vocabulary: a Lao reader reads it in Lao.
    page.select_option("select[name=record]", label="ຫົວໜ້າໝວດ")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "ຫົວໜ້າໝວດ" in page.inner_text("[data-testid=cited-by]")
    page.goto("/documents/coverage/")
    assert "ມີຜົນສັກສິດ 1 ໃນ 7" in page.inner_text("[data-testid=coverage-summary]")
    assert page.csp_errors == []
