"""The units cast: Viet Nam's templates shared with Laos, people of both rosters, a CPTM course."""

import datetime

import pytest

from forcegen.core.models import Partnership, SharingGrant
from forcegen.personnel.services import load_demo_ranks

from .factories import MINI, load

PERIOD = (datetime.date(2027, 3, 1), datetime.date(2028, 2, 29))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ranks(orgs):
    load_demo_ranks(orgs["vn"], "VNM")
    load_demo_ranks(orgs["la"], "LAO")


@pytest.fixture
def cptm(orgs):
    from forcegen.training.tests.factories import CourseFactory

    return CourseFactory.create(organisation=orgs["vn"])


def share(orgs, scope, grantor="vn", grantee="la"):
    return SharingGrant.objects.create(
        partnership=Partnership.objects.get(source=orgs["vn"], target=orgs["la"]),
        grantor=orgs[grantor],
        grantee=orgs[grantee],
        scope=scope,
    )


@pytest.fixture
def template_grant(orgs):
    return share(orgs, SharingGrant.Scope.UNIT_TEMPLATES)


@pytest.fixture
def mini(orgs, cptm, ranks):
    """Viet Nam's small test template: 2 anaesthetists, 2 nurses, 1 nurse seat reserved for
    women; 4 ambulances and a field kitchen."""
    return load(orgs["vn"], MINI)
