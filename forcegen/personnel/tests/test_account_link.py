"""A personnel officer gives a person a sign-in to their own record: links an account of the
organisation or creates one, and unlinks it; roles without personal-data rights are told who may."""

import pytest
from auditlog.models import LogEntry

from forcegen.accounts.models import User
from forcegen.personnel.models import Person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("vn-personnel", ("vn", "personnel_officer"))


@pytest.fixture
def soldier(orgs):
    return PersonFactory.create(
        organisation=orgs["vn"], full_name="Nguyen Van Hung", full_name_native="Nguyễn Văn Hùng"
    )


def url(person):
    return f"/personnel/{person.pk}/account/"


def test_an_officer_creates_a_sign_in_that_opens_the_own_record_only(login, officer, soldier, orgs):
    PersonFactory.create(organisation=orgs["vn"], full_name="Someone Else")
    client = login(officer)
    response = client.post(
        url(soldier),
        {"action": "create", "username": "hung", "password": "Ha-Noi-2014-South-Sudan"},
    )
    assert response.status_code == 302
    soldier.refresh_from_db()
    assert soldier.user is not None
    assert soldier.user.username == "hung"
    assert soldier.user.full_name_native == "Nguyễn Văn Hùng"
    assert not soldier.user.memberships.exists()
    own = login(soldier.user).get("/me/")
    assert "Nguyen Van Hung" in own.content.decode()
    assert "Someone Else" not in own.content.decode()
    assert "Someone Else" not in login(soldier.user).get("/personnel/").content.decode()
    entry = LogEntry.objects.get_for_object(soldier).first()
    assert entry is not None
    assert entry.actor == officer
    assert "user" in entry.changes_dict


def test_a_weak_or_taken_name_or_password_is_refused_on_its_field(
    login, officer, soldier, make_user
):
    make_user("hung")
    client = login(officer)
    taken = client.post(url(soldier), {"action": "create", "username": "HUNG", "password": "x"})
    assert "The user name HUNG is taken." in taken.context["create_form"].errors["username"]
    weak = client.post(url(soldier), {"action": "create", "username": "hung2", "password": "123"})
    assert weak.context["create_form"].errors["password"]
    assert not User.objects.filter(username="hung2").exists()
    assert Person.objects.get(pk=soldier.pk).user is None


def test_linking_offers_only_unlinked_accounts_of_the_organisation(
    login, officer, soldier, make_user, orgs
):
    staff = make_user("vn-staff", ("vn", "viewer"))
    claimed = make_user("vn-claimed", ("vn", "viewer"))
    PersonFactory.create(organisation=orgs["vn"], user=claimed)
    lao = make_user("la-someone", ("la", "viewer"))
    client = login(officer)
    offered = set(client.get(url(soldier)).context["link_form"].fields["user"].queryset)
    assert {staff, officer} <= offered
    assert not {claimed, lao} & offered
    refused = client.post(url(soldier), {"action": "link", "user": lao.pk})
    assert refused.context["link_form"].errors["user"]
    assert client.post(url(soldier), {"action": "link", "user": staff.pk}).status_code == 302
    assert Person.objects.get(pk=soldier.pk).user == staff


def test_unlinking_switches_off_an_account_made_only_for_the_record(
    login, officer, soldier, make_user, orgs
):
    own = make_user("hung")
    soldier.user = own
    soldier.save()
    assert login(officer).post(url(soldier), {"action": "unlink"}).status_code == 302
    own.refresh_from_db()
    assert Person.objects.get(pk=soldier.pk).user is None
    assert own.is_active is False

    staff = make_user("vn-staff", ("vn", "viewer"))
    other = PersonFactory.create(organisation=orgs["vn"], user=staff)
    login(officer).post(url(other), {"action": "unlink"})
    staff.refresh_from_db()
    assert staff.is_active is True  # still a member: keeps signing in to their work


def test_roles_without_personal_data_rights_are_told_who_may(login, cast, officer, soldier):
    assert login(cast["vn_planner"]).get(url(soldier)).status_code == 403
    page = login(cast["vn_planner"]).get(f"/personnel/{soldier.pk}/").content.decode()
    assert "vn-personnel" in page
    assert f"/personnel/{soldier.pk}/account/" not in page
    assert (
        f"/personnel/{soldier.pk}/account/"
        in login(officer).get(f"/personnel/{soldier.pk}/").content.decode()
    )


def test_outsiders_get_404(login, cast, soldier):
    assert login(cast["outsider"]).get(url(soldier)).status_code == 404
    assert login(cast["la_admin"]).post(url(soldier), {"action": "unlink"}).status_code == 404
