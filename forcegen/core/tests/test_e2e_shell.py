"""End to end in headless Chromium: log in, switch language and organisation, meet the boundary."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# The live server needs committed data; serialized rollback restores the roles that migrations
# created after each test flushes the database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "x-Strong-Pass-42"  # the cast's password, see conftest.py
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e"


@pytest.fixture
def browser(cast):
    """Started per test, after the database fixtures: while Playwright's event loop runs, the ORM
    sees a fresh connection object, which would miss the test database's restored roles."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made around it are
    # ordinary synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


def log_in(page, username):
    page.goto("/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/")


def test_login_language_and_organisation_switch(page):
    log_in(page, "adviser")
    assert "Cục Gìn giữ hòa bình Việt Nam" in page.inner_text("main")

    page.select_option("#language-switch", "lo")
    page.click("#language-switch + button")
    page.wait_for_selector("html[lang=lo]")
    # The shell now speaks Lao, rendered with the font shipped in the app.
    nav_text = page.inner_text("nav.sidebar")
    assert any("\u0e80" <= ch <= "\u0eff" for ch in nav_text)
    lao_fonts_loaded = page.evaluate(
        """async () => { await document.fonts.ready;
           return [...document.fonts].filter(f => f.family.includes('Noto Sans Lao')
                                                 && f.status === 'loaded').length; }"""
    )
    assert lao_fonts_loaded >= 1

    page.select_option("#org-switch", "la-pko")
    page.click("#org-switch + button")
    page.wait_for_load_state()
    assert "ກົມຮັກສາສັນຕິພາບ" in page.inner_text("main")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home-lao.png", full_page=True)
    assert page.csp_errors == []


def test_tenancy_boundary_in_the_browser(page):
    log_in(page, "la-planner")
    assert page.goto("/organisations/vn-dpko/").status == 200  # partner
    assert page.goto("/organisations/xx-out/").status == 404  # outsider
    page.goto("/accounts/members/")
    members = page.inner_text("main")
    assert "la-planner" in members
    assert "vn-planner" not in members


def test_api_docs_render_from_local_files_only(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "vn-planner")
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "forcegen API" in page.inner_text(".swagger-ui .info .title")
    outside = [u for u in requested if not u.startswith((live_server.url, "data:"))]
    assert outside == []
    assert page.csp_errors == []
