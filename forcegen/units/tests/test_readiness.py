"""Acceptance 1 and 3: a unit made from a partner's shared template, filled and equipped, moves
its score and gap list as expected; an ineligible assignment is refused with its reasons; the
readiness of many units takes a number of queries that does not grow with the units."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from forcegen.logistics import services as inventory
from forcegen.logistics.models import InventoryItem
from forcegen.personnel.eligibility import Period, eligibility
from forcegen.personnel.models import Person, Requirement
from forcegen.units import services
from forcegen.units.models import EquipmentLine, ReadinessPolicy, Unit
from forcegen.units.readiness import explain_slots, readiness_for, requirement_children

from .conftest import PERIOD
from .factories import certify, person


def gap_texts(unit):
    return [gap.text for gap in readiness_for([unit])[unit.pk].gaps]


def lao_unit(orgs, mini):
    return services.create_unit(
        organisation=orgs["la"],
        template=mini,
        name="Lao Medical Team",
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )


def test_unit_from_a_shared_template_moves_score_and_gaps(orgs, mini, cptm, template_grant, cast):
    unit = lao_unit(orgs, mini)
    before = readiness_for([unit])[unit.pk]
    assert (before.slots, before.filled, before.score) == (5, 0, 0)
    assert before.components == {
        "staffing": 0.0,
        "qualified": 0.0,
        "training": None,  # nobody to train yet
        "women": None,
        "equipment": 0.0,
    }
    assert [g.text for g in before.gaps] == [
        "2 Anaesthetist slots empty",
        "2 Nurse slots empty",
        "1 Nurse (women) slot empty",
        "4 Ambulance missing (0 of 4 held)",
        "1 Field kitchen set missing (0 of 1 held)",
    ]

    anaesthetist = person(orgs["la"], "anaesthetist", rank="hoy-ek")  # OF-2
    certify(anaesthetist, cptm)
    nurse = person(orgs["la"], "nurse", rank="sip-ek", sex="F")
    certify(nurse, cptm)
    untrained = person(orgs["la"], "nurse", rank="sip-tho")  # no CPTM certificate
    slots = {s.title: s for s in unit.slots.order_by("-seat")}
    planner = cast["la_planner"]
    services.assign_slot(slot=slots["Anaesthetist"], person=anaesthetist, user=planner)
    services.assign_slot(slot=slots["Nurse (women)"], person=nurse, user=planner)

    with pytest.raises(ValidationError) as refused:
        services.assign_slot(slot=slots["Nurse"], person=untrained, user=planner)
    assert refused.value.message_dict["person"] == [
        f"{untrained.full_name} is not eligible for Nurse from 2027-03-01 to 2028-02-29; give a "
        "justification to assign them anyway.",
        "never passed CPTM",
    ]
    services.assign_slot(
        slot=slots["Nurse"],
        person=untrained,
        user=planner,
        justification="Nominated to the March CPTM class.",
    )

    ambulances = EquipmentLine.objects.get(unit=unit, item="Ambulance")
    kitchen = EquipmentLine.objects.get(unit=unit, item="Field kitchen set")
    for number in range(4):
        inventory.save_item(
            unit=unit, line=ambulances, serial=f"AMB-{number}", serviceable=number != 0
        )
    inventory.save_item(unit=unit, line=kitchen, serial="FK-1")

    after = readiness_for([unit])[unit.pk]
    assert (after.slots, after.filled, after.eligible, after.women) == (5, 3, 2, 1)
    assert after.components == pytest.approx(
        {
            "staffing": 3 / 5,
            "qualified": 2 / 5,
            "training": 2 / 3,
            "women": 1.0,  # a third of the holders against a 15% target
            "equipment": 4 / 5,
        }
    )
    # Default weights 20/30/15/10/25: 12 + 12 + 10 + 10 + 20.
    assert after.score == 64
    assert [g.text for g in after.gaps] == [
        "1 Anaesthetist slot empty",
        "1 Nurse slot empty",
        "1 person holds a slot without being eligible for it",
        "1 person lacks a valid certificate for CPTM",
        "1 of 4 Ambulance unserviceable",
    ]
    assert [g.text for g in after.top_gaps()] == [
        "1 Anaesthetist slot empty",
        "1 person lacks a valid certificate for CPTM",
        "1 of 4 Ambulance unserviceable",
    ]


def test_a_shared_template_gives_the_partner_its_own_requirements(orgs, mini, template_grant):
    unit = lao_unit(orgs, mini)
    lao = Requirement.objects.filter(organisation=orgs["la"]).order_by("name")
    assert [r.name for r in lao] == ["MINI · Anaesthetist", "MINI · Nurse", "MINI · Nurse (women)"]
    assert set(unit.slots.values_list("requirement__organisation__code", flat=True)) == {"la-pko"}
    source = Requirement.objects.get(organisation=orgs["vn"], name="MINI · Nurse (women)")
    copy = lao.get(name="MINI · Nurse (women)")
    assert copy.female_only
    assert copy.specialty_id == source.specialty_id
    for rel in requirement_children():  # credentials, languages and required courses
        accessor = rel.get_accessor_name()
        mine = [str(c) for c in getattr(copy, accessor).all()]
        assert mine == [str(c) for c in getattr(source, accessor).all()], accessor
    assert [str(c) for c in copy.courses.all()] == ["CPTM"]
    # The unit no longer depends on the partner's rows: editing them changes nothing here.
    source.credentials.all().delete()
    source.min_rank = "OF-5"
    source.save()
    assert copy.credentials.count() == 1
    # A second unit from the same template reuses the copies (same requirements, same queries).
    services.create_unit(
        organisation=orgs["la"],
        template=mini,
        name="Second",
        starts_on=PERIOD[0],
        ends_on=PERIOD[1],
    )
    assert Requirement.objects.filter(organisation=orgs["la"]).count() == 3


def test_a_template_that_is_not_shared_cannot_be_used(orgs, mini):
    with pytest.raises(ValidationError) as refused:
        lao_unit(orgs, mini)
    assert "not shared" in str(refused.value)


def test_sql_counts_agree_with_the_per_person_explanation(orgs, mini, cptm, cast):
    """The set-based eligible count and rule failures match `eligibility()` person by person."""
    unit = services.create_unit(
        organisation=orgs["vn"], template=mini, name="VN", starts_on=PERIOD[0], ends_on=PERIOD[1]
    )
    people = [
        person(orgs["vn"], "anaesthetist", rank="thieu-ta"),  # passport, no CPTM
        person(orgs["vn"], "anaesthetist", rank="thuong-uy", passport=False),  # OF-1, no passport
        person(orgs["vn"], "nurse", rank="trung-si", sex="F"),
        person(orgs["vn"], "nurse", rank="trung-si", status="reserve"),
        person(orgs["vn"], "surgeon", rank="trung-si", sex="F"),  # wrong specialty
    ]
    certify(people[2], cptm)
    certify(people[3], cptm)
    certify(people[4], cptm)
    for slot, someone in zip(unit.slots.order_by("pk"), people, strict=True):
        slot.person = someone  # as if their credentials lapsed after assignment
        slot.save()
    readiness = readiness_for([unit])[unit.pk]
    period = Period(*PERIOD)
    verdicts = [
        eligibility(
            Person.objects.for_eligibility().get(pk=s.person_id or 0), s.requirement, period
        )
        for s in unit.slots.select_related("requirement")
    ]
    in_sql = sum(
        Person.objects.filter(pk=s.person_id or 0).eligible_for(s.requirement, period).exists()
        for s in unit.slots.select_related("requirement")
    )
    assert readiness.eligible == sum(v.eligible for v in verdicts) == in_sql == 1
    assert readiness.not_eligible == 4
    slots = list(unit.slots.select_related("requirement"))
    failing = {slot.pk: v.failures for slot, v in zip(slots, verdicts, strict=True) if v.failures}
    assert len(failing) == 4
    assert explain_slots(readiness, slots) == failing  # the one eligible holder is not read again
    assert sorted(g.text for g in readiness.gaps if g.kind == "eligibility") == [
        "1 person is not on active status",
        "1 person is outside the rank range of the slot (Anaesthetist)",
        "1 person lacks a credential valid through the period: Passport",
        "1 person lacks the specialty of the slot (Nurse (women))",
        "2 people lack a valid certificate for CPTM",
    ]


def test_policy_weights_and_women_target_are_data(orgs, mini, cptm):
    unit = services.create_unit(
        organisation=orgs["vn"], template=mini, name="VN", starts_on=PERIOD[0], ends_on=PERIOD[1]
    )
    assert unit.women_target == 15
    nurse = person(orgs["vn"], "nurse", rank="trung-si")
    certify(nurse, cptm)
    slot = unit.slots.filter(title="Nurse")[0]
    slot.person = nurse
    slot.save()
    readiness = readiness_for([unit])[unit.pk]
    assert [g.text for g in readiness.gaps if g.kind == "women"] == [
        "Women hold 0% of the filled slots; the target is 15%"
    ]
    ReadinessPolicy.objects.create(
        organisation=orgs["vn"],
        weight_staffing=0,
        weight_qualified=0,
        weight_training=0,
        weight_women=0,
        weight_equipment=1,
    )
    InventoryItem.objects.create(
        organisation=orgs["vn"],
        unit=unit,
        line=EquipmentLine.objects.get(unit=unit, item="Ambulance"),
        category="Medical",
        item="Ambulance",
    )
    assert readiness_for([unit])[unit.pk].score == 20  # 1 of 5 items, equipment only


def units_from(mini, organisation, count, *, filled, prefix="Unit"):
    """`count` units of the template, each with its own period and some slots filled."""
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    made = []
    for number in range(count):
        start = datetime.date(2027, 1, 1) + datetime.timedelta(days=30 * number)
        unit = services.create_unit(
            organisation=organisation,
            template=mini,
            name=f"{prefix} {number}",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=364),
        )
        for slot, someone in zip(unit.slots.order_by("pk"), people[:filled], strict=False):
            slot.person = someone
            slot.save()
        made.append(unit)
    return made


def test_readiness_query_count_does_not_grow_with_units(orgs, mini, django_assert_num_queries):
    for number in range(3):
        person(orgs["vn"], "nurse", rank="trung-si", sex="F" if number else "M")
    few = units_from(mini, orgs["vn"], 2, filled=3)
    many = few + units_from(mini, orgs["vn"], 10, filled=3, prefix="More")
    # Policies 1, slot counts 1, requirements 1 + 3 children (credentials, languages, courses),
    # eligibility of every holder 1, equipment 1; on PostgreSQL also SET LOCAL jit = off and the
    # savepoint around it. Each unit has its own period: branches of the same query.
    expected = 8 + (3 if connection.vendor == "postgresql" else 0)
    for units in (few, many):
        fetched = list(Unit.objects.filter(pk__in=[u.pk for u in units]))
        with django_assert_num_queries(expected):
            result = readiness_for(fetched)
        assert len(result) == len(units)
        assert all(r.filled == 3 for r in result.values())


def filled_unit(orgs, mini, cptm):
    """A unit of the template with every slot held by a major of its specialty, CPTM-certified."""
    unit = services.create_unit(
        organisation=orgs["vn"], template=mini, name="VN", starts_on=PERIOD[0], ends_on=PERIOD[1]
    )
    for slot in unit.slots.select_related("requirement__specialty").order_by("pk"):
        specialty = slot.requirement.specialty
        assert specialty is not None
        slot.person = person(orgs["vn"], specialty.code, rank="thieu-ta")
        certify(slot.person, cptm)
        slot.save()
    return unit


def ask_nurses_for_cholera_vaccination(unit):
    from forcegen.personnel.models import Credential, RequiredCredential

    nurse = unit.slots.filter(title="Nurse")[0].requirement
    RequiredCredential.objects.create(
        requirement=nurse, kind=Credential.Kind.VACCINATION, detail="cholera"
    )


def test_an_edited_requirement_is_judged_by_its_new_conditions(orgs, mini, cptm):
    """Readiness keeps compiled conditions between requests; an edited requirement is not judged
    by what it asked before."""
    unit = filled_unit(orgs, mini, cptm)
    before = readiness_for([unit])[unit.pk].eligible
    ask_nurses_for_cholera_vaccination(unit)
    after = readiness_for([unit])[unit.pk]
    assert after.eligible == before - 2  # the two nurses hold no cholera vaccination
    assert any("Vaccination (cholera)" in gap.text for gap in after.gaps)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kept_readiness_follows_every_write(orgs, mini, cptm, second_read):
    """Between requests readiness is kept until anything is written (on PostgreSQL): read again
    with nothing written it costs one query and holds the caller's own unit; a requirement
    edited since is judged by its new conditions, on the board and in the slot explanations."""
    unit = filled_unit(orgs, mini, cptm)
    slots = list(unit.slots.order_by("pk"))
    before = readiness_for([unit])[unit.pk]
    assert not any("cholera" in r for found in explain_slots(before, slots).values() for r in found)
    fetched = Unit.objects.get(pk=unit.pk)
    again = second_read(lambda: readiness_for([fetched]))
    # PostgreSQL: only the database's write position is read; SQLite computes it again.
    assert (len(again) == 1) == (connection.vendor == "postgresql")
    kept = readiness_for([fetched])[unit.pk]
    assert kept.unit is fetched
    assert (kept.eligible, kept.score) == (before.eligible, before.score)

    ask_nurses_for_cholera_vaccination(unit)
    after = readiness_for([unit])[unit.pk]
    assert after.eligible == before.eligible - 2  # the two nurses hold no cholera vaccination
    nurses = {s.pk for s in slots if s.title == "Nurse"}
    reasons = explain_slots(after, slots)
    assert {pk for pk, found in reasons.items() if any("cholera" in r for r in found)} == nurses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_unit_page_reads_its_slots_once_until_a_write(
    orgs, mini, cptm, cast, login, second_read
):
    """Between requests a unit's slot table is kept (on PostgreSQL); a holder unassigned since
    leaves the table at once."""
    unit = filled_unit(orgs, mini, cptm)
    client = login(cast["vn_planner"])
    page = f"/units/{unit.pk}/"
    again = second_read(lambda: client.get(page))
    read = any('FROM "units_slot"' in q["sql"] for q in again)
    assert read == (connection.vendor != "postgresql")
    held = unit.slots.filter(person__isnull=False).select_related("person").first()
    name = held.person.full_name
    assert name in client.get(page).content.decode()
    services.unassign_slot(slot=held)
    assert name not in client.get(page).content.decode()
