"""A planner runs the planner on a forming rotation and accepts the optimal plan, in Lao, in the
browser: the plan the optimiser proposes is accepted as it is, moves inside the unit included."""

import pytest

from forcegen.planning.models import PlanRun

from .factories import slot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_run_and_accept_a_plan_in_lao(immediate, team, page, log_in):
    # Anh already holds a nurse seat: the optimum may move her to another seat of the unit, and
    # acceptance must take the plan as it is.
    held = slot(team.rotation, "Nurse", 1)
    held.person = team.anh
    held.save()
    log_in(page, "vn-planner")
    page.select_option("#language-switch", "lo")
    page.click("form.inline-form button[type=submit]")
    page.goto("/planning/new/")
    page.check(f"input[name=rotations][value='{team.rotation.pk}']")
    page.fill("#id_min_women_percent", "0")
    page.fill("#id_time_limit", "5")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("[data-testid=accept-form]")
    assert page.locator("html").get_attribute("lang") == "lo"
    # The empty surgeon seat is explained in Lao, its title from the shared vocabulary.
    assert page.locator("[data-testid=why-empty]").all_inner_texts() == [
        "ບໍ່ມີໃຜໃນບັນຊີລາຍຊື່ມີໜ້າທີ່ ແພດຜ່າຕັດ."
    ]

    page.click("[data-testid=accept-form] button[type=submit]")
    page.wait_for_load_state()
    run = PlanRun.objects.get()
    assert run.status == PlanRun.Status.ACCEPTED
    assert "Accepted by" not in page.inner_text("main")  # said in Lao
    assert "vn-planner" in page.inner_text("main")
    nurses = {slot(team.rotation, "Nurse", seat).person for seat in (1, 2)}
    assert None not in nurses
    assert nurses <= {team.anh, team.binh, team.chi}
    assert team.rotation.members.count() >= 3
    assert page.csp_errors == []
