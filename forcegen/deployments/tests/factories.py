"""Builders for the deployments tests: missions, units with slots, rotations, tours."""

import datetime

from factory.declarations import SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from forcegen.deployments.models import Deployment, Mission, PersonnelType, Rotation
from forcegen.personnel.models import Credential, Requirement
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory
from forcegen.units.models import Slot, Unit


class MissionFactory(DjangoModelFactory[Mission]):
    class Meta:
        model = Mission
        django_get_or_create = ("acronym",)

    acronym = "UNMISS"
    name = "United Nations Mission in the Republic of South Sudan"
    is_active = True
    start_date = datetime.date(2011, 7, 9)


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name = Sequence(lambda n: f"Level-2 hospital {n}")
    kind = "level2_hospital"
    starts_on = datetime.date(2027, 3, 1)
    ends_on = datetime.date(2028, 2, 29)


class RotationFactory(DjangoModelFactory[Rotation]):
    class Meta:
        model = Rotation

    unit = SubFactory(UnitFactory, organisation=SelfAttribute("..organisation"))
    mission = SubFactory(MissionFactory)
    number = Sequence(lambda n: n + 1)
    planned_departure = datetime.date(2027, 3, 1)
    planned_return = datetime.date(2028, 2, 29)


class DeploymentFactory(DjangoModelFactory[Deployment]):
    """A tour as an individual staff officer (no rotation)."""

    class Meta:
        model = Deployment

    person = SubFactory(PersonFactory, organisation=SelfAttribute("..organisation"))
    organisation = SelfAttribute("person.organisation")
    mission = SubFactory(MissionFactory)
    personnel_type = PersonnelType.STAFF_OFFICER
    planned_start = datetime.date(2027, 3, 1)
    planned_end = datetime.date(2028, 2, 29)


def deployable(organisation, *, sex="M", passport_until=datetime.date(2035, 1, 1), **fields):
    """An active person with a passport valid to `passport_until`."""
    someone = PersonFactory.create(organisation=organisation, sex=sex, **fields)
    CredentialFactory.create(
        person=someone, kind=Credential.Kind.PASSPORT, valid_until=passport_until
    )
    return someone


def slot_for(unit, someone, *, title="Nurse", requirement=None):
    requirement = (
        requirement
        or Requirement.objects.get_or_create(organisation=unit.organisation, name="Any nurse")[0]
    )
    return Slot.objects.create(
        organisation=unit.organisation,
        unit=unit,
        title=title,
        sub_unit="Wards",
        requirement=requirement,
        person=someone,
    )
