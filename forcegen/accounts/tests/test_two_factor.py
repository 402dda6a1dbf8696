"""Two-factor sign-in: required for administrators, optional for others, counted by the lock-out."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from forcegen.accounts import two_factor

KEY = "3132333435363738393031323334353637383930"


def password_step(username: str) -> tuple[Client, Any]:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return client, response


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_an_administrator_is_not_logged_in_by_the_password_alone(cast):
    client, response = password_step("vn-admin")
    assert response["Location"] == "/accounts/login/code/"
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/two-factor/enrol/"
    assert not is_logged_in(client)
    assert client.get("/api/v1/me/").status_code == 401


def test_an_administrator_enrols_with_a_locally_drawn_qr_code_then_is_logged_in(cast):
    client, _response = password_step("la-admin")
    page = client.get("/accounts/two-factor/enrol/").content.decode()
    device = TOTPDevice.objects.get(user=cast["la_admin"], confirmed=False)
    assert "<svg" in page
    assert two_factor.secret_base32(device) in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )

    wrong = client.post("/accounts/two-factor/enrol/", {"code": "000000"})
    assert "not right" in wrong.content.decode()
    assert not is_logged_in(client)
    # django-otp also slows down guessing on the device itself: a second later it accepts again.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    done = client.post("/accounts/two-factor/enrol/", {"code": two_factor.current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert codes[0] in done.content.decode()
    assert is_logged_in(client)
    assert two_factor.is_enrolled(cast["la_admin"])


def test_an_enrolled_user_signs_in_with_a_code_or_a_recovery_code_once(cast):
    device = two_factor.enrol_with_key(cast["vn_admin"], KEY)
    client, _response = password_step("vn-admin")
    response = client.post("/accounts/login/code/", {"code": two_factor.current_code(device)})
    assert response["Location"] == "/"
    assert is_logged_in(client)

    (code,) = two_factor.new_recovery_codes(cast["vn_admin"])[:1]
    for attempt in range(2):
        client, _response = password_step("vn-admin")
        client.post("/accounts/login/code/", {"code": code})
        assert is_logged_in(client) is (attempt == 0)


def test_refused_codes_count_toward_the_lock_out(cast):
    device = two_factor.enrol_with_key(cast["vn_admin"], KEY)
    client, _response = password_step("vn-admin")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/code/", {"code": "123456"})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/accounts/login/code/", {"code": two_factor.current_code(device)})
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert password_step("vn-admin")[1].status_code == 429


def test_a_password_alone_never_replaces_an_enrolled_factor(cast):
    two_factor.enrol_with_key(cast["vn_admin"], KEY)
    client, _response = password_step("vn-admin")
    assert client.get("/accounts/two-factor/enrol/")["Location"] == "/accounts/login/code/"
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


def test_two_factor_is_optional_for_others_and_then_asked(cast, login):
    client, response = password_step("vn-planner")
    assert response["Location"] == "/"
    assert is_logged_in(client)
    assert "Set up two-factor sign-in" in client.get("/accounts/two-factor/").content.decode()

    two_factor.enrol_with_key(cast["vn_planner"], KEY)
    _client, response = password_step("vn-planner")
    assert response["Location"] == "/accounts/login/code/"


def test_api_tokens_are_unaffected(cast, api):
    two_factor.enrol_with_key(cast["vn_admin"], KEY)
    response = api(cast["vn_admin"]).get("/api/v1/me/")
    assert response.status_code == 200


def test_the_admin_site_signs_in_through_the_same_two_steps(cast):
    response = Client().get("/admin/login/?next=/admin/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_secrets_never_enter_the_audit_log(cast):
    device = two_factor.enrol_with_key(cast["vn_admin"], KEY)
    codes = two_factor.new_recovery_codes(cast["vn_admin"])
    logged = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert device.key not in logged
    assert not any(code in logged for code in codes)
    assert not LogEntry.objects.filter(content_type__app_label__startswith="otp_").exists()


def test_the_code_command_works_only_on_a_demo_database(cast, settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo"):
        call_command("totp_code", "vn-admin")
