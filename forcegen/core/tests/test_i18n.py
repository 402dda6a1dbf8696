"""The UI speaks English, Lao, Vietnamese and French: every string, compiled and served."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

APPS = Path(settings.BASE_DIR) / "forcegen"


def catalogs(language):
    """Every app keeps its own catalog in <app>/locale."""
    return sorted(APPS.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))


def po_entries(language):
    """(msgctxt, msgid, msgstr, fuzzy) for each entry of every app's catalog, headers excluded."""
    for catalog in catalogs(language):
        yield from catalog_entries(catalog)


def catalog_entries(catalog):
    text = catalog.read_text("utf-8")
    for block in text.split("\n\n"):
        fields, current, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
                current, _, literal = line.partition(" ")
                fields[current] = ast.literal_eval(literal)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            yield fields.get("msgctxt"), fields["msgid"], msgstr, fuzzy


@pytest.mark.parametrize("language", ["lo", "vi", "fr"])
def test_every_string_is_translated_and_compiled(language):
    entries = list(po_entries(language))
    assert len(entries) > 100
    assert [msgid for _, msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []
    with translation.override(language):
        stale = [
            msgid
            for context, msgid, msgstr, _ in entries
            if (translation.pgettext(context, msgid) if context else translation.gettext(msgid))
            != msgstr
        ]
    assert stale == [], "run `make messages` to compile the catalogs"


@pytest.mark.parametrize("language", ["lo", "vi", "fr"])
def test_each_app_has_a_catalog_and_one_msgid_has_one_translation(language):
    apps = {path.parent.name for path in APPS.glob("*/apps.py")}
    assert {catalog.parents[3].name for catalog in catalogs(language)} == apps
    seen: dict[tuple[str | None, str], str] = {}
    clashes = []
    for context, msgid, msgstr, _ in po_entries(language):
        if seen.setdefault((context, msgid), msgstr) != msgstr:
            clashes.append(msgid)
    # Django serves one translation per msgid, whichever app's catalog it finds first.
    assert clashes == []


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
