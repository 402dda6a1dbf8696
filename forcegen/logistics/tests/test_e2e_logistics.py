"""A logistics officer's month in the browser: import the unit's equipment (a job followed on
My jobs), record the arrival inspection with one unserviceable item, see exactly that item-month
left out of the estimate, then read the serviceability report in Lao and print the MOU."""

import pytest

from forcegen.logistics.models import InventoryItem

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ITEMS = (
    "unit,category,item,serial,coe_item,location,weight_kg\n"
    + "".join(
        f"Engineering company,Engineering,Bulldozer,BD-{n},bulldozer-medium,in_transit,18000\n"
        for n in (1, 2, 3)
    )
).encode()


def _in_lao(page):
    page.select_option("select[name=language]", "lo")
    page.locator("select[name=language]").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state()


def test_import_inspect_and_see_what_is_reimbursed(
    rotation, members, mou, immediate, make_user, page, log_in
):
    make_user("vn-logistics", ("vn", "logistics_officer"))
    log_in(page, "vn-logistics")
    page.goto("/logistics/import/")
    page.set_input_files(
        "input[name=file]", files=[{"name": "items.csv", "mimeType": "text/csv", "buffer": ITEMS}]
    )
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/jobs/")
    assert "items.csv: 3 items imported." in page.inner_text("main")

    broken = InventoryItem.objects.get(serial="BD-2")
    page.goto(f"/logistics/units/{rotation.unit_id}/inspections/new/")
    page.select_option("#id_kind", "arrival")
    page.fill("#id_on", "2018-06-05")
    page.select_option("#id_rotation", str(rotation.pk))
    page.select_option(f"#id_found_{broken.pk}", "unserviceable")
    page.fill(f"#id_deficiency_{broken.pk}", "Hydraulic leak")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=Inspection recorded.")

    page.goto(f"/logistics/rotations/{rotation.pk}/reimbursement/?start=2018-07-01&end=2018-07-31")
    notes = page.inner_text("main")
    assert "1 of 3 × Bulldozer, medium not reimbursed" in notes
    assert "-1050.00" in notes  # one bulldozer-month: 1,000 × 1.05

    _in_lao(page)
    page.goto("/logistics/serviceability/?month=2018-07")
    assert "ລາຍງານ" in page.inner_text("h1")
    assert "Hydraulic leak" in page.inner_text("[data-testid=deficiencies]")
    answer = page.request.get(f"/logistics/mou/{mou.pk}/mou.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    assert b"NotoSansLao" in answer.body()
    assert InventoryItem.objects.get(serial="BD-2").serviceable is False
    assert page.csp_errors == []
