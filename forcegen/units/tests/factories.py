"""Builders for the units tests: a small template, people who pass or fail it, certificates."""

import copy
import datetime
from decimal import Decimal

from django.utils import timezone

from forcegen.personnel.models import Credential, Rank
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory
from forcegen.units import template_files
from forcegen.units.models import UnitTemplate

MINI = {
    "code": "mini-hospital",
    "name": "Mini hospital",
    "short_name": "MINI",
    "kind": "level2_hospital",
    "effective_from": "2025-01-01",
    "source": "test data [U]",
    "defaults": {"credentials": [{"kind": "passport"}], "courses": ["CPTM"]},
    "positions": [
        {
            "sub_unit": "Surgical team",
            "title": "Anaesthetist",
            "specialty": "anaesthetist",
            "min_rank": "OF-2",
            "max_rank": "OF-4",
            "count": 2,
        },
        {"sub_unit": "Wards", "title": "Nurse", "specialty": "nurse", "count": 2},
        {
            "sub_unit": "Wards",
            "title": "Nurse (women)",
            "specialty": "nurse",
            "count": 1,
            "women_only": True,
        },
    ],
    "equipment": [
        {"kind": "major", "category": "Medical", "item": "Ambulance", "quantity": 4},
        {
            "kind": "self_sustainment",
            "category": "Catering",
            "item": "Field kitchen set",
            "quantity": 1,
        },
    ],
}


def document(**changes):
    doc = copy.deepcopy(MINI)
    doc.update(changes)
    return doc


def load(organisation, doc):
    template_files.load_unit_templates(organisation=organisation, documents=[("test.json", doc)])
    return UnitTemplate.objects.get(organisation=organisation, code=doc["code"])


def person(organisation, specialty, *, rank="dai-uy", sex="M", passport=True, **fields):
    """Someone of the organisation's rank table (load its ranks first) with a valid passport."""
    found = Rank.objects.get(organisation=organisation, code=rank)
    someone = PersonFactory.create(
        organisation=organisation, rank=found, sex=sex, specialties=[specialty], **fields
    )
    if passport:
        CredentialFactory.create(
            person=someone, kind=Credential.Kind.PASSPORT, valid_until=datetime.date(2032, 1, 1)
        )
    return someone


def certify(someone, course, ended=None):
    """Pass a class of `course` (a certificate valid for the course's validity)."""
    from forcegen.training import services as training
    from forcegen.training.models import Enrolment
    from forcegen.training.tests.factories import ClassFactory, present_every_day

    ended = ended or timezone.localdate() - datetime.timedelta(days=3)
    session = ClassFactory.create(
        organisation=course.organisation,
        course=course,
        starts_on=ended - datetime.timedelta(days=4),
        ends_on=ended,
        status="running",
        capacity=50,
    )
    enrolment = Enrolment.objects.create(
        organisation=someone.organisation, session=session, person=someone, status="accepted"
    )
    present_every_day(session)
    return training.record_result(enrolment=enrolment, score=Decimal(90)).certificate
