"""Error pages (404, 403, 500, CSRF failure, lock-out) are in the shell: navigation, the user's
language and a way back; switching organisation on a record's page lands on the module's list."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation

from forcegen.core import errors
from forcegen.core.modules import after_switch
from forcegen.personnel.tests.factories import PersonFactory


def lao(client):
    client.post("/i18n/setlang/", {"language": "lo", "next": "/"})
    return client


def in_lao(message):
    with translation.override("lo"):
        return str(translation.gettext(message))


def test_404_is_in_the_shell_in_the_users_language_with_a_way_back(cast, login):
    client = lao(login(cast["vn_planner"]))
    response = client.get("/personnel/999999/", headers={"referer": "http://testserver/units/"})
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="lo">' in html
    assert '<nav class="sidebar"' in html  # the modules, as on every page
    assert in_lao("Page not found") in html
    assert in_lao(str(errors.NOT_FOUND)) in html
    assert in_lao("Page not found") != "Page not found"
    assert '<a href="http://testserver/units/">' in html  # back where the user came from
    assert 'href="/"' in html


def test_a_way_back_never_leads_off_the_site(cast, login):
    response = login(cast["vn_planner"]).get(
        "/personnel/999999/", headers={"referer": "https://evil.example/"}
    )
    html = response.content.decode()
    assert "evil.example" not in html
    assert 'data-testid="way-back"' in html


def test_403_says_who_may_do_it(cast, login):
    request = RequestFactory().get("/anything/")
    request.user = cast["vn_viewer"]
    request.session = SessionStore()
    response = errors.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not allowed" in html
    assert "An administrator of your organisation can give you a role" in html
    assert '<nav class="sidebar"' in html


def test_500_renders_in_the_shell_and_falls_back_to_plain_text(cast, monkeypatch):
    request = RequestFactory().get("/")
    request.user = cast["vn_planner"]
    request.session = SessionStore()
    response = errors.server_error(request)
    assert response.status_code == 500
    assert '<nav class="sidebar"' in response.content.decode()

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(errors, "render", broken)
    plain = errors.server_error(request)
    assert plain.status_code == 500
    assert plain["Content-Type"].startswith("text/plain")
    assert "nothing was changed" in plain.content.decode()


def test_unhandled_error_gets_the_500_page(cast, login, monkeypatch):
    from forcegen.core import views

    def explode(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", lambda *a, **k: explode(None))
    client = login(cast["vn_planner"])
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Server error" in response.content.decode()


def test_csrf_failure_explains_and_leads_back(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["vn_planner"], backend="forcegen.accounts.backends.PasswordBackend")
    response = client.post("/accounts/organisation/switch/", {"organisation": "vn-dpko"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be sent" in html
    assert "nothing was saved" in html
    assert '<nav class="sidebar"' in html


def test_lock_out_page_has_a_way_back(cast):
    client = Client(headers={"Accept-Language": "vi"})
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "vn-admin", "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="vi">' in html
    with translation.override("vi"):
        assert translation.gettext("Too many failed logins") in html
    assert 'href="/accounts/login/"' in html


@pytest.mark.parametrize(
    ("path", "landing"),
    [
        ("/personnel/12/", "/personnel/"),
        ("/deployments/rotations/7/", "/deployments/rotations/"),
        ("/units/3/", "/units/"),
        ("/personnel/?q=lan", "/personnel/?q=lan"),  # a list stays as it is
        ("/organisations/vn-dpko/", "/"),
        ("/no/such/page/", "/"),
    ],
)
def test_switching_on_a_record_lands_on_its_modules_list(path, landing):
    assert after_switch(path) == landing


def test_switching_organisation_on_a_person_page_does_not_end_on_a_404(cast, login, orgs):
    person = PersonFactory.create(organisation=orgs["vn"])
    client = login(cast["adviser"])
    assert client.get(f"/personnel/{person.pk}/").status_code == 200
    response = client.post(
        "/accounts/organisation/switch/",
        {"organisation": "la-pko", "next": f"/personnel/{person.pk}/"},
    )
    assert response["Location"] == "/personnel/"
    assert client.get(response["Location"]).status_code == 200
