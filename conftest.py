"""Shared test fixtures: the permission cast (organisations, users per role, an outsider)."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

PASSWORD = "x-Strong-Pass-42"
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request activates its reader's language in the test's
    thread and leaves it there for whatever runs next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def orgs(db):
    """vn-dpko mentors la-pko; xx-out is an unrelated organisation."""
    import datetime

    from forcegen.core.models import Organisation, Partnership

    vn = Organisation.objects.create(
        code="vn-dpko",
        name_native="Cục Gìn giữ hòa bình Việt Nam",
        name_en="Vietnam Department of Peacekeeping Operations",
        country="VNM",
        kind=Organisation.Kind.NATIONAL_DEPARTMENT,
        is_training_centre=True,
    )
    la = Organisation.objects.create(
        code="la-pko",
        name_native="ກົມຮັກສາສັນຕິພາບ",
        name_en="Lao Peacekeeping Department",
        country="LAO",
        kind=Organisation.Kind.NATIONAL_DEPARTMENT,
    )
    out = Organisation.objects.create(
        code="xx-out",
        name_native="Outsider",
        name_en="Outsider Ministry",
        country="XXX",
        kind=Organisation.Kind.OTHER,
    )
    Partnership.objects.create(source=vn, target=la, started_on=datetime.date(2025, 1, 1))
    return {"vn": vn, "la": la, "out": out}


@pytest.fixture
def make_user(db, orgs) -> Callable[..., object]:
    from forcegen.accounts.models import User
    from forcegen.accounts.services import set_membership

    def make(username: str, *memberships: tuple[str, str]):
        user = User.objects.create_user(username=username, password=PASSWORD)
        for org_key, role in memberships:
            set_membership(user=user, organisation=orgs[org_key], role=role)
        return user

    return make


@pytest.fixture
def cast(make_user):
    """One user per part in the tenancy story."""
    return {
        "vn_admin": make_user("vn-admin", ("vn", "admin")),
        "vn_planner": make_user("vn-planner", ("vn", "planner")),
        "vn_viewer": make_user("vn-viewer", ("vn", "viewer")),
        "la_admin": make_user("la-admin", ("la", "admin")),
        "la_planner": make_user("la-planner", ("la", "planner")),
        "outsider": make_user("out-admin", ("out", "admin")),
        "adviser": make_user("adviser", ("vn", "cooperation_officer"), ("la", "viewer")),
    }


@pytest.fixture
def login() -> Callable[..., Client]:
    def as_user(user) -> Client:
        client = Client()
        client.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
        return client

    return as_user


@pytest.fixture
def api() -> Callable[..., Client]:
    """A client that authenticates with a fresh bearer token of the given user."""
    from forcegen.accounts.services import issue_token

    def as_user(user, organisation: str | None = None) -> Client:
        _token, raw = issue_token(user=user, name="test")
        headers = {"Authorization": f"Bearer {raw}"}
        if organisation:
            headers["X-Organisation"] = organisation
        return Client(headers=headers)

    return as_user


@pytest.fixture
def constant_queries() -> Callable[..., str]:
    """Check that a page's query count stays the same when `grow()` adds rows; return the page
    (a download, e.g. an XLSX export, is not returned: read it with the client)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def check(client: Client, url: str, grow: Callable[[], object]) -> str:
        client.get(url)  # the first request of a session writes it
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        grow()
        with CaptureQueriesContext(connection) as after:
            response = client.get(url)
        assert response.status_code == 200
        assert len(after.captured_queries) == len(before.captured_queries), [
            q["sql"] for q in after.captured_queries
        ]
        if response.get("Content-Disposition", "").startswith("attachment"):
            return ""
        return response.content.decode()

    return check


@pytest.fixture
def second_read() -> Callable[..., object]:
    """The queries of the second of two reads of `read()` with nothing written between them.
    Kept results (`core.kept`) last until the server's write position moves, and another
    database on the server may move it at any time: the pair is read again until it did not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forcegen.core.kept import database_version

    def check(read: Callable[[], object]) -> CaptureQueriesContext:
        for _attempt in range(10):
            version = database_version()
            read()
            with CaptureQueriesContext(connection) as second:
                read()
            if database_version() == version:
                return second
        pytest.fail("the database server never stood still for two reads")

    return check


# --- Browser tests (marked e2e): Playwright driving Debian's chromium against the live server ---
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


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


@pytest.fixture
def log_in() -> Callable[..., None]:
    """Log a cast member in through the real login form."""

    def submit(page, username) -> None:
        from forcegen.accounts import two_factor
        from forcegen.accounts.models import User

        user = User.objects.get(username=username)
        # Administrators sign in with a second factor: give them an authenticator to type from.
        device = two_factor.enrol_with_key(user, TOTP_KEY) if two_factor.is_required(user) else None
        page.goto("/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("form.card button[type=submit]")
        if device is not None:
            page.wait_for_url("**/accounts/login/code/")
            page.fill("#id_code", two_factor.current_code(device))
            page.click("form.card button[type=submit]")
        page.wait_for_url("**/")

    return submit
