"""End to end in headless Chromium: log in, switch language and organisation, meet the boundary."""

from pathlib import Path

import pytest
from django.conf import settings

# The live server needs committed data; serialized rollback restores the roles that migrations
# created after each test flushes the database.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e"


def test_login_language_and_organisation_switch(page, log_in):
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


def test_tenancy_boundary_in_the_browser(page, log_in):
    log_in(page, "la-planner")
    assert page.goto("/organisations/vn-dpko/").status == 200  # partner
    assert page.goto("/organisations/xx-out/").status == 404  # outsider
    page.goto("/accounts/members/")
    members = page.inner_text("main")
    assert "la-planner" in members
    assert "vn-planner" not in members


def test_api_docs_render_from_local_files_only(page, live_server, log_in):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "vn-planner")
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "forcegen API" in page.inner_text(".swagger-ui .info .title")
    outside = [u for u in requested if not u.startswith((live_server.url, "data:"))]
    assert outside == []
    assert page.csp_errors == []


def test_error_pages_keep_the_shell_and_switching_leaves_a_record_for_its_list(page, log_in, orgs):
    from forcegen.personnel.tests.factories import PersonFactory

    person = PersonFactory.create(organisation=orgs["vn"], full_name="Nguyen Van Record")
    log_in(page, "adviser")
    page.select_option("#language-switch", "lo")
    page.click("#language-switch + button")
    page.wait_for_selector("html[lang=lo]")

    page.goto(f"/personnel/{person.pk}/")
    assert "Nguyen Van Record" in page.inner_text("main")
    page.select_option("#org-switch", "la-pko")
    page.click("#org-switch + button")
    page.wait_for_load_state()
    assert page.url.endswith("/personnel/")  # the module's list, not the record's 404
    assert "Nguyen Van Record" not in page.inner_text("main")

    response = page.goto("/personnel/999999/")
    assert response is not None
    assert response.status == 404
    assert page.locator("nav.sidebar").is_visible()
    heading = page.inner_text("[data-testid=error] h1")
    assert any("\u0e80" <= ch <= "\u0eff" for ch in heading)  # in the user's language
    page.click("[data-testid=way-back] a[href='/']")
    page.wait_for_url("**/")
    assert page.locator("nav.sidebar").is_visible()
    assert page.csp_errors == []
