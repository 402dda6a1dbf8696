"""Viet Nam's deployment record in the demo: the month-end report reproduces the published and the
hand-computed stock and flow (data/demo-history.csv is the schedule the comments compute from)."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Model, Q
from django.utils import timezone

from forcegen.core.models import Organisation
from forcegen.deployments import demo, numbers
from forcegen.deployments.eligibility import MissionRequirements
from forcegen.deployments.models import (
    Deployment,
    DeploymentPolicy,
    Mission,
    MissionEvent,
    MissionRequirement,
    Rotation,
)
from forcegen.personnel.eligibility import CredentialsValid, Period
from forcegen.personnel.models import Credential, Person
from forcegen.units import demo as units_demo
from forcegen.units.models import ReadinessSnapshot, Slot, Unit

D = datetime.date
S = Deployment.Status


@pytest.fixture(scope="module")
def vn(django_db_setup, django_db_blocker):
    """The whole demo, seeded once for this module (it takes seconds) and rolled back after it;
    each test runs in its own savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield Organisation.objects.get(code="vn-dpko")
        transaction.set_rollback(True)


def tours(vn):
    return Deployment.objects.filter(organisation=vn)


def stock(vn, day):
    rows = numbers.by_mission_and_type(tours(vn).deployed_on(day))
    return {(r.mission, r.personnel_type): (r.female, r.male) for r in rows}


@pytest.mark.django_db
def test_stock_on_31_december_2023_is_the_published_274_with_36_women(vn):
    # In mission on 2023-12-31 (departed on or before, returning after), from the schedule:
    #   hospital rotation 6 (2023-11-15 → 2024-10-25)      UNMISS troops   63, 15 women
    #   engineers rotation 2 (2023-08-22 → 2024-09-24)     UNISFA troops  184, 15 women
    #   officers of the 2023 waves (the 2022 ones returned by 2023-11-18):
    #     UNISFA staff officers 2023-05-12                                 6,  1 woman
    #     UNMISS staff officers / observers 2023-09-01                 8 (2), 4 (1)
    #     MINUSCA staff officers / observers 2023-11-20                5 (1), 4 (1)
    #   63 + 184 + 6 + 8 + 4 + 5 + 4 = 274;  15 + 15 + 1 + 2 + 1 + 1 + 1 = 36 women
    assert stock(vn, D(2023, 12, 31)) == {
        ("MINUSCA", "expert_on_mission"): (1, 3),
        ("MINUSCA", "staff_officer"): (1, 4),
        ("UNISFA", "staff_officer"): (1, 5),
        ("UNISFA", "troops"): (15, 169),
        ("UNMISS", "expert_on_mission"): (1, 3),
        ("UNMISS", "staff_officer"): (2, 6),
        ("UNMISS", "troops"): (15, 48),
    }
    total = numbers.totals(numbers.by_mission_and_type(tours(vn).deployed_on(D(2023, 12, 31))))
    assert (total.total, total.female) == (274, 36)


@pytest.mark.django_db
def test_contribution_rows_for_december_2023_in_the_un_shape(vn):
    rows = numbers.contribution_rows(vn, tours(vn), D(2023, 12, 31))
    assert rows == [
        ["VNM", "Viet Nam", "MINUSCA", "Experts on Mission", 1, 3, 4, "2023-12-31"],
        ["VNM", "Viet Nam", "MINUSCA", "Staff Officer", 1, 4, 5, "2023-12-31"],
        ["VNM", "Viet Nam", "UNISFA", "Staff Officer", 1, 5, 6, "2023-12-31"],
        ["VNM", "Viet Nam", "UNISFA", "Troops", 15, 169, 184, "2023-12-31"],
        ["VNM", "Viet Nam", "UNMISS", "Experts on Mission", 1, 3, 4, "2023-12-31"],
        ["VNM", "Viet Nam", "UNMISS", "Staff Officer", 2, 6, 8, "2023-12-31"],
        ["VNM", "Viet Nam", "UNMISS", "Troops", 15, 48, 63, "2023-12-31"],
    ]


@pytest.mark.django_db
def test_stock_on_other_month_ends(vn):
    # 2025-03-31: hospital rotation 7 (63, 20 women), engineers rotation 3 (184, 18 women), the
    # 2024 waves: UNISFA 6 (2), UNMISS 8 (2) + 4 (1), MINUSCA 4 (1) + 3 (1) → 272, 45 women.
    assert stock(vn, D(2025, 3, 31)) == {
        ("MINUSCA", "expert_on_mission"): (1, 2),
        ("MINUSCA", "staff_officer"): (1, 3),
        ("UNISFA", "staff_officer"): (2, 4),
        ("UNISFA", "troops"): (18, 166),
        ("UNMISS", "expert_on_mission"): (1, 3),
        ("UNMISS", "staff_officer"): (2, 6),
        ("UNMISS", "troops"): (20, 43),
    }
    # 2022-12-31: hospital rotation 5 (63, 19), engineers rotation 1 (184, 17) less the engineer
    # repatriated on 2022-11-20 → 183, the 2022 waves: UNISFA 2, UNMISS 3 (1) + 2, MINUSCA
    # 2 (1) + 1 → 256 in all.
    december = stock(vn, D(2022, 12, 31))
    assert december[("UNISFA", "troops")] == (17, 166)
    assert december[("UNMISS", "troops")] == (19, 44)
    assert sum(f + m for f, m in december.values()) == 256
    # 2019-06-30, before the engineers: hospital rotation 1 (63, 10 women), UNMISS officers of
    # June 2019 (2 + 2; the 2018 ones returned on 2019-06-16), MINUSCA 2018 waves (2 + 1).
    assert stock(vn, D(2019, 6, 30)) == {
        ("MINUSCA", "expert_on_mission"): (0, 1),
        ("MINUSCA", "staff_officer"): (0, 2),
        ("UNMISS", "expert_on_mission"): (0, 2),
        ("UNMISS", "staff_officer"): (1, 1),
        ("UNMISS", "troops"): (10, 53),
    }


@pytest.mark.django_db
def test_flow_to_march_2025_is_nearly_1100_with_over_16_percent_women(vn):
    # Departed up to 2025-03-31: hospital rotations 1–7 (7 × 63 = 441), engineers 1–3
    # (3 × 184 = 552), officers 2014–2024 (2 + 4 + 4 + 4 + 6 + 6 + 5 + 7 + 10 + 27 + 25 = 100)
    # = 1,093. Women: 10+13+15+17+19+15+20 = 109, 17+15+18 = 50, officers 21 → 180 (16.5 %).
    flow = tours(vn).departed_between(D(2014, 1, 1), D(2025, 3, 31))
    rows = numbers.by_mission_and_type(flow)
    total = numbers.totals(rows)
    assert (total.total, total.female) == (1093, 180)
    assert 1050 <= total.total <= 1100
    assert total.women_share is not None
    assert total.women_share > 16
    by_mission: Counter[str] = Counter()
    for row in rows:
        by_mission[row.mission] += row.total
    # Officers per mission, year by year from 2014: UNMISS 2+2+2+2+3+4+3+4+5+12+12 = 51,
    # MINUSCA (from 2015) 2+2+2+3+2+2+3+3+9+7 = 35, UNISFA (from 2022) 2+6+6 = 14.
    assert by_mission == {"UNMISS": 441 + 51, "UNISFA": 552 + 14, "MINUSCA": 35}
    # Each tour counts once, however many tours its person made.
    assert flow.values("person").distinct().count() < total.total


@pytest.mark.django_db
def test_no_person_has_overlapping_tours_or_too_little_rest(vn):
    rest = DeploymentPolicy.objects.for_organisation(vn.pk).rest_days
    spans = tours(vn).live().order_by("person_id", "departed_on")
    back: dict[int, datetime.date] = {}
    repeats = 0
    for person, start, returned, planned in spans.values_list(
        "person_id", "departed_on", "returned_on", "planned_end"
    ):
        assert start is not None
        if person in back:
            repeats += 1
            assert (start - back[person]).days >= rest, person
        back[person] = returned or planned
    assert repeats > 100  # veterans serve again, so the rule is exercised
    # An early return only ever shortens a tour.
    assert not tours(vn).filter(returned_on__gt=F("planned_end")).exists()


@pytest.mark.django_db
def test_rotations_have_the_published_sizes_dates_and_statuses(vn):
    today = timezone.localdate()
    rotations = {
        (r.unit.name, r.number): r
        for r in Rotation.objects.filter(
            organisation=vn, unit__name__in=(demo.HOSPITAL, demo.ENGINEERS)
        ).select_related("unit", "predecessor")
    }
    sizes = {
        (row["unit__name"], row["number"]): (row["size"], row["women"])
        for row in Rotation.objects.filter(organisation=vn)
        .values("unit__name", "number")
        .annotate(size=Count("members"), women=Count("members", filter=Q(members__person__sex="F")))
    }
    hospital = [rotations[(demo.HOSPITAL, n)] for n in range(1, 8)]
    engineers = [rotations[(demo.ENGINEERS, n)] for n in range(1, 5)]
    assert len(rotations) == 11
    assert {size for (unit, _n), (size, _w) in sizes.items() if unit == demo.HOSPITAL} == {63}
    assert {size for (unit, _n), (size, _w) in sizes.items() if unit == demo.ENGINEERS} == {184}
    assert hospital[0].departed_on == D(2018, 10, 20)
    assert sizes[(demo.HOSPITAL, 1)] == (63, 10)
    assert hospital[-1].returned_on == D(2025, 9, 26)
    assert [r.departed_on for r in engineers[::2]] == [D(2022, 4, 27), D(2024, 9, 24)]
    assert engineers[3].departed_on == D(2025, 9, 22)
    assert sizes[(demo.ENGINEERS, 3)] == (184, 18)
    assert all(r.predecessor == p for r, p in zip(hospital[1:], hospital, strict=False))
    assert {r.status for r in hospital + engineers[:3]} == {Rotation.Status.RETURNED}
    last = engineers[3]
    deployed = today < last.planned_return
    assert last.status == (Rotation.Status.DEPLOYED if deployed else Rotation.Status.RETURNED)
    assert set(last.members.values_list("status", flat=True)) == {
        S.DEPLOYED if deployed else S.RETURNED
    }
    unit = Unit.objects.get(organisation=vn, name=demo.ENGINEERS)
    assert unit.status == (Unit.Status.DEPLOYED if deployed else Unit.Status.STOOD_DOWN)
    # Members hold the seats of the unit's table of organisation.
    assert not last.members.filter(Q(slot=None) | ~Q(slot__unit=unit)).exists()


@pytest.mark.django_db
def test_medals_after_the_medal_days_and_one_medical_repatriation(vn):
    medal_days = DeploymentPolicy.objects.for_organisation(vn.pk).medal_days
    medals = MissionEvent.objects.filter(organisation=vn, kind=MissionEvent.Kind.MEDAL)
    assert medals.count() > 1000
    for event in medals.select_related("deployment"):
        assert event.deployment.days_in_mission(event.occurred_on) >= medal_days
    repatriated = tours(vn).get(status=S.REPATRIATED)
    assert (repatriated.repatriation_reason, repatriated.returned_on) == (
        "medical",
        D(2022, 11, 20),
    )
    assert repatriated.events.filter(kind=MissionEvent.Kind.MEDEVAC).exists()
    assert MissionEvent.objects.filter(organisation=vn, kind="commendation").count() == 2
    for event in MissionEvent.objects.filter(organisation=vn).select_related("deployment"):
        tour = event.deployment
        assert tour.departed_on is not None
        assert tour.departed_on <= event.occurred_on <= (tour.returned_on or timezone.localdate())


@pytest.mark.django_db
def test_each_tour_is_a_person_of_the_record_with_the_latest_return_on_file(vn):
    people = Person.objects.filter(organisation=vn, deployments__isnull=False).distinct()
    assert not people.exclude(service_number__startswith=demo.SERVICE_PREFIX).exists()
    assert not people.exclude(rank__organisation=vn).exists()
    sample = people.order_by("service_number")[0]
    assert sample.full_name_native != sample.full_name  # Vietnamese script and Latin letters
    latest = people.annotate(
        back=Max("deployments__returned_on", filter=Q(deployments__status__in=Deployment.ENDED))
    ).values_list("pk", "back", "last_mission_return")
    assert [pk for pk, back, recorded in latest if back != recorded] == []
    # Everyone deployed on the record held a passport on departure.
    assert not people.exclude(credentials__kind=Credential.Kind.PASSPORT).exists()


@pytest.mark.django_db
def test_mission_requirements_ask_nothing_the_demo_slots_do_not(vn):
    unmiss, unisfa, minusca = (
        Mission.objects.get(acronym=a) for a in ("UNMISS", "UNISFA", "MINUSCA")
    )
    for mission in (unmiss, unisfa, minusca):
        kinds = MissionRequirement.objects.applying_to(vn.pk, mission.pk, D(2027, 1, 1))
        assert set(kinds.values_list("kind", "detail")) == {
            ("passport", ""),
            ("medical", "fit"),
            ("vaccination", "yellow-fever"),
        }
    # The units demo's rotations in formation: whoever holds a seat's credentials also meets the
    # mission's requirements, so planning their tours is no harder than filling the seats.
    missions = {
        "Level-2 Field Hospital — rotation 8": unmiss,
        "Engineering Company — rotation 5": unisfa,
    }
    checked = 0
    for unit in Unit.objects.filter(name__in=missions):
        period = Period(unit.starts_on, unit.ends_on, missions[unit.name].pk)
        for slot in Slot.objects.filter(unit=unit, person__isnull=False).select_related(
            "requirement"
        ):
            holder = Person.objects.filter(unit_slots=slot)
            if holder.filter(CredentialsValid().condition(slot.requirement, period)).exists():
                checked += 1
                assert holder.filter(
                    MissionRequirements().condition(slot.requirement, period)
                ).exists()
    assert checked > 100


@pytest.mark.django_db
def test_seeding_again_changes_nothing(vn):
    models: list[type[Model]] = [
        Person,
        Credential,
        Unit,
        Slot,
        ReadinessSnapshot,
        Rotation,
        Deployment,
        MissionEvent,
        MissionRequirement,
    ]
    before = {m.__name__: m._default_manager.count() for m in models}
    returns = dict(Person.objects.filter(organisation=vn).values_list("pk", "last_mission_return"))
    assert "deployment record: already there" in demo.seed()
    call_command("seed_demo", stdout=StringIO())
    assert {m.__name__: m._default_manager.count() for m in models} == before
    assert (
        dict(Person.objects.filter(organisation=vn).values_list("pk", "last_mission_return"))
        == returns
    )
    assert {u.name for u in Unit.objects.all()} == {u.name for u in units_demo.UNITS} | set(
        demo.UNIT_TEMPLATES
    )


@pytest.mark.django_db
def test_units_in_formation_become_the_next_rotations(vn):
    forming = {
        r.unit.name: r
        for r in Rotation.objects.filter(
            organisation=vn, status=Rotation.Status.FORMING
        ).select_related("unit", "predecessor__unit", "mission")
    }
    hospital = forming["Level-2 Field Hospital — rotation 8"]
    engineers = forming["Engineering Company — rotation 5"]
    assert (hospital.number, hospital.mission.acronym) == (8, "UNMISS")
    assert hospital.predecessor is not None
    assert engineers.predecessor is not None
    assert (hospital.predecessor.unit.name, hospital.predecessor.number) == (demo.HOSPITAL, 7)
    assert (engineers.predecessor.unit.name, engineers.predecessor.number) == (demo.ENGINEERS, 4)
    assert (engineers.planned_departure, engineers.planned_return) == (
        engineers.unit.starts_on,
        engineers.unit.ends_on,
    )
    # Relieved, the deployed engineers' rotation 4 is no longer due for planning.
    due = Rotation.objects.filter(organisation=vn).due_for_planning(D(2026, 11, 22), 180)
    assert engineers.predecessor not in due
