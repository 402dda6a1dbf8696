"""The training cast: Viet Nam's centre shares its catalogue with Laos and opens a class to it."""

import datetime

import pytest

from forcegen.core.models import Partnership, SharingGrant
from forcegen.personnel.tests.factories import PersonFactory, RankFactory

from .factories import ClassFactory, CourseFactory


@pytest.fixture
def grant(orgs):
    return SharingGrant.objects.create(
        partnership=Partnership.objects.get(source=orgs["vn"], target=orgs["la"]),
        grantor=orgs["vn"],
        grantee=orgs["la"],
        scope=SharingGrant.Scope.COURSE_CATALOGUE,
    )


@pytest.fixture
def centre(make_user):
    """The Vietnamese centre's training officer."""
    return make_user("vn-training", ("vn", "training_officer"))


@pytest.fixture
def la_officer(make_user):
    """Laos's training officer."""
    return make_user("la-training", ("la", "training_officer"))


@pytest.fixture
def cptm(orgs):
    return CourseFactory.create(organisation=orgs["vn"])


@pytest.fixture
def shared_class(orgs, grant, cptm):
    """An open CPTM class of the Vietnamese centre, opened to Laos: two seats."""
    session = ClassFactory.create(
        organisation=orgs["vn"], course=cptm, reference="CPTM-2027-01", capacity=2
    )
    session.shared_with.add(orgs["la"])
    return session


@pytest.fixture
def private_class(orgs, grant, cptm):
    """Another open CPTM class of the centre, not opened to anyone."""
    return ClassFactory.create(
        organisation=orgs["vn"],
        course=cptm,
        reference="CPTM-2027-02",
        starts_on=datetime.date(2027, 5, 3),
    )


@pytest.fixture
def lao_people(orgs):
    rank = RankFactory.create(
        organisation=orgs["la"], code="hoy-ek", name_native="ຮ້ອຍເອກ", name_en="Captain"
    )
    return [
        PersonFactory.create(
            organisation=orgs["la"],
            rank=rank,
            service_number=f"LA00000{n}",
            full_name=latin,
            full_name_native=native,
            sex=sex,
        )
        for n, (latin, native, sex) in enumerate(
            [
                ("Somphone Keomany", "ສົມພອນ ແກ້ວມະນີ", "M"),
                ("Manivone Phommachanh", "ມະນີວອນ ພົມມະຈັນ", "F"),
                ("Bounmy Sisouvanh", "ບຸນມີ ສີສຸວັນ", "M"),
            ],
            start=1,
        )
    ]


@pytest.fixture
def vn_person(orgs):
    return PersonFactory.create(
        organisation=orgs["vn"],
        service_number="VN000001",
        full_name="Tran Thi Lan",
        full_name_native="Trần Thị Lan",
        sex="F",
        specialties=["nurse"],
    )
