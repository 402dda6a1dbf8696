"""Cooperation fixtures: officers of each organisation (and an outsider's), and a joint 2025
plan kept by Viet Nam with items on both sides, one activity and its commitments."""

import datetime

import pytest
from django.utils import translation

from forcegen.cooperation.models import (
    Activity,
    Agreement,
    Area,
    Checklist,
    ChecklistStep,
    Commitment,
    Partner,
    Plan,
    PlanItem,
    Side,
)
from forcegen.core.models import Partnership

D = datetime.date


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def officers(make_user):
    return {
        "vn": make_user("vn-coop", ("vn", "cooperation_officer")),
        "la": make_user("la-coop", ("la", "cooperation_officer")),
        "la_viewer": make_user("la-look", ("la", "viewer")),
        "out": make_user("out-coop", ("out", "cooperation_officer")),
    }


@pytest.fixture
def joint(orgs, officers):
    vn, la = orgs["vn"], orgs["la"]
    partner = Partner.objects.create(
        organisation=vn,
        code="la-pko",
        kind=Partner.Kind.TENANT,
        name_en="Lao PKO",
        partnership=Partnership.objects.get(source=vn, target=la),
        counterpart=la,
    )
    protocol = Agreement.objects.create(
        organisation=vn,
        partner=partner,
        kind=Agreement.Kind.PROTOCOL,
        title="Protocol 2025–2029",
        effective_from=D(2025, 1, 1),
        effective_to=D(2029, 12, 31),
        status=Agreement.Status.IN_FORCE,
    )
    plan = Plan.objects.create(
        organisation=vn, partner=partner, agreement=protocol, year=2025, title="2025 plan"
    )
    vn_item = PlanItem.objects.create(
        plan=plan,
        organisation=vn,
        area=Area.TRAINING,
        title="Train Lao officers in Viet Nam",
        side=Side.OWNER,
        target_on=D(2025, 12, 31),
        target_trainees=10,
    )
    la_item = PlanItem.objects.create(
        plan=plan,
        organisation=vn,
        area=Area.LEGAL,
        title="Draft the decree",
        side=Side.PARTNER,
        target_on=D(2025, 12, 31),
    )
    visit = Activity.objects.create(
        organisation=vn,
        partner=partner,
        kind=Activity.Kind.VISIT_IN,
        title="Working session of 31 March",
        place="Hà Nội",
        starts_on=D(2025, 3, 31),
        ends_on=D(2025, 3, 31),
    )
    promise = Commitment.objects.create(
        activity=visit,
        organisation=vn,
        side=Side.PARTNER,
        description="Send the list of units",
        due_on=D(2025, 9, 30),
    )
    return {
        "partner": partner,
        "agreement": protocol,
        "plan": plan,
        "vn_item": vn_item,
        "la_item": la_item,
        "visit": visit,
        "commitment": promise,
    }


@pytest.fixture
def checklist(orgs):
    template = Checklist.objects.create(organisation=orgs["vn"], name="Before deploying")
    for task, agency, offset in (
        ("Decision to deploy", "Office of the President", -120),
        ("Passports", "Ministry of Public Security", -90),
        ("Insurance", "Ministry of National Defence", -30),
    ):
        ChecklistStep.objects.create(
            template=template, organisation=orgs["vn"], task=task, agency=agency, offset_days=offset
        )
    return template
