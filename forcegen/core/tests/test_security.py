"""Security defaults: headers, throttling, no external URLs, a clean deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

REPO = Path(settings.BASE_DIR)
EXTERNAL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.IGNORECASE)


def ui_files():
    for folder in ("templates", "static"):
        for path in (REPO / "forcegen").glob(f"*/{folder}/**/*"):
            if path.suffix in {".html", ".css", ".js", ".svg"}:
                yield path


def test_no_template_or_static_file_references_an_external_url():
    files = list(ui_files())
    assert any(p.name == "base.html" for p in files)
    offenders = [str(p.relative_to(REPO)) for p in files if EXTERNAL.search(p.read_text("utf-8"))]
    assert offenders == []


def test_the_external_url_check_catches_one():
    assert EXTERNAL.search('<link href="https://cdn.example.org/x.css">')
    assert EXTERNAL.search("src: url(//fonts.example.org/a.woff2)")
    assert not EXTERNAL.search('<link href="/static/core/forcegen.css">')


@pytest.mark.django_db
def test_security_headers_on_every_page():
    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_debug_is_off_by_default():
    assert settings.DEBUG is False


def test_login_is_throttled_after_repeated_failures(cast):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "vn-admin", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "vn-admin", "password": "x-Strong-Pass-42"}
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_correct_password_logs_in(cast):
    response = Client().post(
        "/accounts/login/", {"username": "vn-planner", "password": "x-Strong-Pass-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FORCEGEN_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_secret_key_is_required_outside_demo_mode():
    result = run_manage("check")
    assert result.returncode != 0
    assert "FORCEGEN_SECRET_KEY is required" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FORCEGEN_SECRET_KEY="p" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        FORCEGEN_HTTPS="1",
        FORCEGEN_ALLOWED_HOSTS="forcegen.example.mil",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_locked_account_stays_locked_from_another_address(cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.0.0.1").post(
            "/accounts/login/", {"username": "vn-admin", "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="10.0.0.2").post(
        "/accounts/login/", {"username": "vn-admin", "password": "x-Strong-Pass-42"}
    )
    assert response.status_code == 429
    assert "ask an administrator" in response.content.decode()


def test_one_address_trying_many_accounts_is_locked(cast):
    for username in ["vn-admin", "vn-planner", "vn-viewer", "la-admin", "la-planner"]:
        Client(REMOTE_ADDR="10.0.0.9").post(
            "/accounts/login/", {"username": username, "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="10.0.0.9").post(
        "/accounts/login/", {"username": "adviser", "password": "x-Strong-Pass-42"}
    )
    assert response.status_code == 429


def test_an_administrator_unlocks_an_account(cast):
    from axes.utils import reset

    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/login/", {"username": "vn-planner", "password": "wrong"})
    reset(username="vn-planner")  # what deleting its access attempts in the admin does
    response = Client().post(
        "/accounts/login/", {"username": "vn-planner", "password": "x-Strong-Pass-42"}
    )
    assert response.status_code == 302
