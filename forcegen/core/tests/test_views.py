"""The UI shell: home, organisation pages, sharing, audit history, modules, health."""

import json

import pytest
from django.test import Client

from forcegen.core.models import Organisation, SharingGrant


def test_login_required_everywhere(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


HOME_QUERIES = 17  # the shell's 5, and the national dashboard's panel (insights)


def test_home_shows_the_active_organisation_role_and_partners(
    cast, login, django_assert_num_queries
):
    client = login(cast["la_planner"])
    with django_assert_num_queries(HOME_QUERIES):
        html = client.get("/").content.decode()
    assert "ກົມຮັກສາສັນຕິພາບ" in html
    assert "You are working as Planner." in html
    assert 'href="/organisations/vn-dpko/"' in html
    assert "xx-out" not in html


def test_home_query_count_does_not_grow_with_partners(
    cast, login, orgs, add_partners, django_assert_num_queries
):
    add_partners(orgs["la"], 5)
    client = login(cast["la_planner"])
    with django_assert_num_queries(HOME_QUERIES):
        html = client.get("/").content.decode()
    assert html.count('href="/organisations/p-') == 5


def test_organisation_page_keeps_a_constant_query_count(
    cast, login, orgs, constant_queries, add_partners
):
    html = constant_queries(
        login(cast["vn_admin"]), "/organisations/vn-dpko/", lambda: add_partners(orgs["vn"], 4)
    )
    assert html.count("vn-dpko → p-") == 4  # partnerships
    assert html.count("/revoke/") == 4  # grants the admin may revoke


def test_partner_organisation_page_is_visible_outsider_is_404(cast, login):
    client = login(cast["la_planner"])
    assert (
        "Vietnam Department of Peacekeeping Operations"
        in client.get("/organisations/vn-dpko/").content.decode()
    )
    assert client.get("/organisations/xx-out/").status_code == 404
    assert login(cast["outsider"]).get("/organisations/vn-dpko/").status_code == 404


def test_admin_edit_is_audited_and_shown_on_the_record_page(cast, login):
    client = login(cast["vn_admin"])
    response = client.post(
        "/organisations/vn-dpko/edit/",
        {"name_native": "Cục Gìn giữ hòa bình", "name_en": "VN DPKO", "is_training_centre": "on"},
    )
    assert response.status_code == 302
    page = client.get("/organisations/vn-dpko/").content.decode()
    assert "Change history" in page
    assert "vn-admin" in page
    # The field by its label, the values as a person reads them (not the field's name).
    assert (
        "<strong>Name (English)</strong>: Vietnam Department of Peacekeeping Operations → VN DPKO"
        in page
    )
    assert "name_en" not in page.split('id="history-title"')[1]


def test_edit_refuses_bad_input_with_the_field_error(cast, login):
    response = login(cast["vn_admin"]).post(
        "/organisations/vn-dpko/edit/", {"name_native": "", "name_en": ""}
    )
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2
    assert (
        Organisation.objects.get(code="vn-dpko").name_en
        == "Vietnam Department of Peacekeeping Operations"
    )


def test_history_is_for_admins_only(cast, login):
    page = login(cast["vn_viewer"]).get("/organisations/vn-dpko/").content.decode()
    assert "Change history" not in page
    assert (
        login(cast["vn_viewer"]).post("/organisations/vn-dpko/edit/", {"name_en": "X"}).status_code
        == 403
    )


def test_partner_cannot_edit_another_organisation(cast, login):
    assert login(cast["la_admin"]).get("/organisations/vn-dpko/edit/").status_code == 404


def test_grant_and_revoke_in_the_ui(cast, login, orgs):
    client = login(cast["vn_admin"])
    client.post("/sharing/grant/", {"grantee": orgs["la"].pk, "scope": "units.templates"})
    grant = SharingGrant.objects.active().get()
    assert (grant.grantor.code, grant.grantee.code) == ("vn-dpko", "la-pko")
    assert (
        "Unit templates"
        in login(cast["la_planner"]).get("/organisations/vn-dpko/").content.decode()
    )

    assert login(cast["la_admin"]).post(f"/sharing/{grant.pk}/revoke/").status_code == 404
    client.post(f"/sharing/{grant.pk}/revoke/")
    assert not SharingGrant.objects.active().exists()


def test_grant_to_a_non_partner_is_refused(cast, login, orgs):
    response = login(cast["vn_admin"]).post(
        "/sharing/grant/", {"grantee": orgs["out"].pk, "scope": "units.templates"}, follow=True
    )
    html = response.content.decode()
    # The message names the field in words, not as escaped error-list markup.
    assert "The grant was not saved: Share with: Select a valid choice." in html
    assert "errorlist" not in html
    assert not SharingGrant.objects.exists()


def test_viewer_cannot_grant(cast, login, orgs):
    response = login(cast["vn_viewer"]).post(
        "/sharing/grant/", {"grantee": orgs["la"].pk, "scope": "units.templates"}
    )
    assert response.status_code == 403
    assert not SharingGrant.objects.exists()


def test_modules_not_yet_built_say_coming(cast, login):
    client = login(cast["vn_planner"])
    assert "This module is coming" in client.get("/modules/logistics/").content.decode()
    assert client.get("/modules/nonsense/").status_code == 404


def test_members_page_lists_only_own_organisation(
    cast, login, make_user, django_assert_num_queries
):
    for i in range(12):
        make_user(f"la-extra-{i}", ("la", "viewer"))
    client = login(cast["la_planner"])
    with django_assert_num_queries(5):
        html = client.get("/accounts/members/").content.decode()
    assert "la-admin" in html
    assert "la-planner" in html
    assert "la-extra-11" in html
    assert "vn-admin" not in html
    assert "out-admin" not in html


@pytest.mark.django_db
def test_healthz_checks_the_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
