import datetime

import pytest

from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory

TODAY = datetime.date(2027, 1, 10)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def la_personnel(make_user):
    return make_user("la-personnel", ("la", "personnel_officer"))


@pytest.fixture
def vn_personnel(make_user):
    return make_user("vn-personnel", ("vn", "personnel_officer"))


@pytest.fixture
def peacekeeper(make_user, orgs):
    """A Lao person whose record is linked to a user account without any membership."""
    user = make_user("la-peacekeeper")
    person = PersonFactory.create(organisation=orgs["la"], full_name="Khamla Phommavong", user=user)
    return user, person


def passport(person, until, **fields):
    return CredentialFactory.create(person=person, valid_until=until, **fields)
