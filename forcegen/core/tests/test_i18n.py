"""The shell speaks English, Lao, Vietnamese and French."""

import pytest
from django.test import Client
from django.utils import translation

SHELL_STRINGS = ["Home", "Log out", "Organisation", "Modules", "Personnel", "Language"]


@pytest.mark.parametrize("language", ["lo", "vi", "fr"])
def test_every_shell_string_is_translated(language):
    with translation.override(language):
        untranslated = [s for s in SHELL_STRINGS if translation.gettext(s) == s]
    assert untranslated == []


def test_switching_language_renders_lao_script(cast, login):
    client = login(cast["la_planner"])
    client.post("/i18n/setlang/", {"language": "lo", "next": "/"})
    html = client.get("/").content.decode()
    with translation.override("lo"):
        home = translation.gettext("Home")
    assert '<html lang="lo">' in html
    assert home in html
    assert any("\u0e80" <= ch <= "\u0eff" for ch in home)


def test_vietnamese_login_page(db):
    client = Client(headers={"Accept-Language": "vi"})
    html = client.get("/accounts/login/").content.decode()
    with translation.override("vi"):
        assert translation.gettext("Log in to forcegen") in html
    assert '<html lang="vi">' in html


def test_lao_font_ships_with_the_app(db):
    css = Client().get("/static/core/forcegen.css")
    assert b"NotoSansLao-400.woff2" in css.getvalue()
    font = Client().get("/static/core/fonts/NotoSansLao-400.woff2")
    assert font.status_code == 200
    assert font.getvalue()[:4] == b"wOF2"
