"""An administrator sets up two-factor sign-in in the browser, then signs in with it."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from forcegen.accounts import two_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def password_step(page, username):
    page.goto("/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.card button[type=submit]")


def test_administrator_enrols_then_signs_in_with_a_recovery_code(page, cast):
    password_step(page, "la-admin")
    page.wait_for_url("**/accounts/two-factor/enrol/")
    assert page.locator("[data-testid=qr] svg").is_visible()
    secret = page.inner_text("[data-testid=totp-secret]")
    device = TOTPDevice.objects.get(user=cast["la_admin"], confirmed=False)
    assert secret == two_factor.secret_base32(device)

    page.fill("#id_code", two_factor.current_code(device))
    page.click("form.card button[type=submit]")
    codes = page.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    page.click("text=Continue")
    page.wait_for_url("**/")
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/")

    password_step(page, "la-admin")
    page.wait_for_url("**/accounts/login/code/")
    page.fill("#id_code", "000000")
    page.click("form.card button[type=submit]")
    assert page.locator(".errorlist, [role=alert]").first.is_visible()
    StaticDevice.objects.update(throttling_failure_count=0)  # django-otp's own 1-second back-off
    page.fill("#id_code", codes[0])
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/")
    assert page.locator("[data-testid=active-org]").inner_text().endswith("la-pko")
    assert page.csp_errors == []
