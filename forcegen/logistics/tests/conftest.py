"""The logistics cast: Viet Nam's engineering company in UNISFA, rotation 1 from 1 June 2018,
with three members, an MOU (3 bulldozers wet lease, catering by the contributor), test rates."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from forcegen.deployments.models import Deployment, PersonnelType, Rotation
from forcegen.deployments.tests.factories import MissionFactory, RotationFactory, UnitFactory
from forcegen.logistics import services
from forcegen.logistics.models import (
    CoeCategory,
    CoeItem,
    CoeRate,
    MissionFactor,
    Mou,
    MouEquipment,
    MouPersonnel,
    MouSelfSustainment,
)
from forcegen.personnel.tests.factories import PersonFactory

DEPARTED = datetime.date(2018, 6, 1)
RETURN = datetime.date(2019, 6, 1)
TEST_SOURCE = "test figure, not a UN rate"


@pytest.fixture(autouse=True)
def english():
    """The estimate's notes are worded in the active language: these tests read English."""
    with translation.override("en"):
        yield


@pytest.fixture
def immediate(settings):
    """Tasks run inline (django-tasks' immediate backend), so a test sees the job's end."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mission(db):
    return MissionFactory.create(acronym="UNISFA", name="UN Interim Security Force for Abyei")


@pytest.fixture
def rotation(orgs, mission) -> Rotation:
    unit = UnitFactory.create(
        organisation=orgs["vn"],
        name="Engineering company",
        kind="engineering_company",
        starts_on=DEPARTED,
        ends_on=RETURN,
    )
    return RotationFactory.create(
        organisation=orgs["vn"],
        unit=unit,
        mission=mission,
        number=1,
        status=Rotation.Status.DEPLOYED,
        planned_departure=DEPARTED,
        planned_return=RETURN,
        departed_on=DEPARTED,
    )


def member(rotation, *, returned_on=None):
    someone = PersonFactory.create(organisation=rotation.organisation)
    ended = returned_on is not None
    return Deployment.objects.create(
        organisation=rotation.organisation,
        person=someone,
        mission=rotation.mission,
        rotation=rotation,
        personnel_type=PersonnelType.TROOPS,
        status=Deployment.Status.REPATRIATED if ended else Deployment.Status.DEPLOYED,
        repatriation_reason=Deployment.RepatriationReason.MEDICAL if ended else "",
        planned_start=DEPARTED,
        planned_end=RETURN,
        departed_on=DEPARTED,
        returned_on=returned_on,
    )


@pytest.fixture
def members(rotation):
    """Two members for the whole tour; a third repatriated on 15 July (present to 14 July)."""
    return [
        member(rotation),
        member(rotation),
        member(rotation, returned_on=datetime.date(2018, 7, 15)),
    ]


@pytest.fixture
def bulldozer(db):
    engineering = CoeCategory.objects.get(code="major-engineering")
    return CoeItem.objects.create(
        category=engineering,
        code="bulldozer-medium",
        name_en="Bulldozer, medium",
        source=TEST_SOURCE,
    )


@pytest.fixture
def mou(rotation, bulldozer):
    """3 bulldozers (wet), catering by the contributor, 3 people; 1,000 US$ a bulldozer-month,
    20 US$ a person-month for catering, 5% extreme-environment factor (test figures)."""
    mou = Mou.objects.create(
        organisation=rotation.organisation,
        unit=rotation.unit,
        mission=rotation.mission,
        in_force_from=datetime.date(2018, 5, 1),
    )
    MouPersonnel.objects.create(mou=mou, category="other_ranks", rank="OR-3", strength=3)
    MouEquipment.objects.create(mou=mou, item=bulldozer, quantity=3, lease_type="wet")
    catering = CoeCategory.objects.get(code="catering")
    MouSelfSustainment.objects.create(mou=mou, category=catering)
    MouSelfSustainment.objects.create(
        mou=mou, category=CoeCategory.objects.get(code="tentage"), provided_by="un"
    )
    common = {
        "effective_from": datetime.date(2017, 7, 1),
        "source": TEST_SOURCE,
        "manual_edition": "test",
    }
    CoeRate.objects.create(item=bulldozer, lease_type="wet", monthly_rate=Decimal(1000), **common)
    CoeRate.objects.create(item=bulldozer, lease_type="dry", monthly_rate=Decimal(700), **common)
    CoeRate.objects.create(category=catering, monthly_rate=Decimal(20), **common)
    CoeRate.objects.create(
        category=CoeCategory.objects.get(code="tentage"), monthly_rate=Decimal(99), **common
    )
    MissionFactor.objects.create(
        mission=rotation.mission,
        kind=MissionFactor.Kind.EXTREME_ENVIRONMENT,
        percent=Decimal(5),
        effective_from=datetime.date(2017, 1, 1),
        source=TEST_SOURCE,
    )
    return mou


@pytest.fixture
def bulldozers(rotation, bulldozer):
    return [
        services.save_item(
            unit=rotation.unit,
            coe_item=bulldozer,
            category="Engineering",
            item="Bulldozer",
            serial=f"BD-{n}",
            weight_kg=Decimal("18000"),
            volume_m3=Decimal("45"),
        )
        for n in range(1, 4)
    ]


def inspect(rotation, items, on, kind="arrival", unserviceable=()):
    return services.record_inspection(
        unit=rotation.unit,
        rotation=rotation,
        kind=kind,
        on=on,
        findings=[
            services.FindingIn(
                item=i,
                serviceable=i not in unserviceable,
                deficiency="Hydraulics" if i in unserviceable else "",
            )
            for i in items
        ],
    )
