"""The issue's scenario in the browser: a Vietnamese cooperation officer records the 31 March
visit with two commitments; the Lao officer, in Lao, updates a Lao item of the shared plan and
cannot change a Vietnamese one (the reason is shown); a third organisation gets 404."""

import pytest

from forcegen.cooperation.models import Activity, PlanItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _in_lao(page):
    page.select_option("select[name=language]", "lo")
    page.locator("select[name=language]").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state()


def test_a_visit_its_commitments_and_the_partners_scoped_write(joint, officers, page, log_in):
    log_in(page, "vn-coop")
    page.goto("/cooperation/activities/new/")
    page.select_option("#id_partner", label="Lao PKO")
    page.select_option("#id_kind", "visit_in")
    page.fill("#id_title", "Lao delegation, 31 March 2025")
    page.fill("#id_starts_on", "2025-03-31")
    page.fill("#id_ends_on", "2025-03-31")
    page.fill("#id_place", "Hà Nội")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    for side, what in (("owner", "Share legal instruments"), ("partner", "Send the unit list")):
        form = page.locator("[data-testid=commitment-form]")
        form.locator("[name=side]").select_option(side)
        form.locator("[name=description]").fill(what)
        form.locator("[name=due_on]").fill("2025-06-30")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    table = page.inner_text("[data-testid=commitments]")
    assert "Share legal instruments" in table
    assert "Send the unit list" in table
    visit = Activity.objects.get(title="Lao delegation, 31 March 2025")
    assert visit.commitments.count() == 2

    page.context.clear_cookies()
    log_in(page, "la-coop")
    _in_lao(page)
    page.goto(f"/cooperation/plans/{joint['plan'].pk}/")
    vietnamese = page.locator(f"[data-testid=item-{joint['vn_item'].pk}]")
    assert vietnamese.locator("form").count() == 0
    assert "ລາຍການນີ້ເປັນຂອງຝ່າຍ vn-dpko" in vietnamese.inner_text()
    lao = page.locator(f"[data-testid=item-{joint['la_item'].pk}]")
    lao.locator("select[name=status]").select_option("in_progress")
    lao.locator("textarea[name=evidence]").fill("ຮ່າງສະບັບທີ 1")
    lao.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "ປັບປຸງລາຍການແລ້ວ." in page.inner_text("main")
    assert PlanItem.objects.get(pk=joint["la_item"].pk).evidence == "ຮ່າງສະບັບທີ 1"

    page.context.clear_cookies()
    log_in(page, "out-coop")
    response = page.goto(f"/cooperation/plans/{joint['plan'].pk}/")
    assert response is not None
    assert response.status == 404
