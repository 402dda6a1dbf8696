"""The rotation planner in the app: build the instance from the records, then solve, for the
184-slot engineering company against 5,000 and 20,000 people.

    .venv/bin/python benchmarks/planning.py [--people 5000 20000] [--runs 5] [--time-limit 10]

Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database). The benchmark makes one organisation with Viet Nam's rank table and
starter course catalogue, a unit from the starter engineering-company template (184 slots: passport,
medical, yellow fever, screening, English, CPTM, ages, ranks, rest period) and its rotation to
UNISFA (which requires yellow fever), then bulk-creates people: 60 % in the template's specialties,
the rest in others; ranks in the posts' ranges; credentials mostly valid, some expiring or
missing; English for three in four; CPTM certificates for two in three; past tours with returns
for three in ten, a tour overlapping the rotation for two in a hundred, unavailability for one in
twenty. It prints the median time (and queries) of `build_instance`, of `solve` (CP-SAT), of
the explanations of the empty slots and of accepting the plan (rolled back after each run), with
the plan's figures. Nothing is asserted: the target is a build well under a few seconds, in a
number of queries that does not grow with the people, and an acceptance of a few seconds whose
queries grow with the slots only by what each slot writes.

Accepting, 5,000 people, 168 of 184 slots filled, SQLite: 7,860 ms and 8,080 queries when each
person's fitness was read one by one (twice: for the slot, then for the tour); 1,984 ms and
2,452 queries reading it seat by seat for the plan's people together (`fitness.screening`).
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms

START = datetime.date(2027, 9, 1)
END = datetime.date(2028, 8, 31)
OTHER_SPECIALTIES = [
    "surgeon",
    "anaesthetist",
    "nurse",
    "laboratory-technician",
    "staff-officer",
    "military-observer",
    "deminer",
    "search-and-rescue",
]


def setup() -> tuple[Any, Any, dict[str, list[Any]], set[str]]:
    """The organisation, the rotation to plan, ranks by specialty, the template's specialties."""
    from forcegen.core.models import Organisation
    from forcegen.deployments.models import Mission, MissionRequirement
    from forcegen.deployments.services import create_rotation
    from forcegen.personnel.models import NATO_CODES, Credential, Rank
    from forcegen.personnel.services import load_demo_ranks
    from forcegen.training.catalogue_file import load_starter_catalogue
    from forcegen.units import services as units
    from forcegen.units import template_files
    from forcegen.units.models import UnitTemplate

    vn = Organisation.objects.create(
        code="vn-dpko",
        name_native="Cục Gìn giữ hòa bình Việt Nam",
        name_en="Vietnam Department of Peacekeeping Operations",
        country="VNM",
        kind=Organisation.Kind.NATIONAL_DEPARTMENT,
    )
    load_demo_ranks(vn, "VNM")
    load_starter_catalogue(vn)
    path = template_files.DATA_DIR / "engineering-company.json"
    documents = template_files.read_template_files([path])
    template_files.load_unit_templates(organisation=vn, documents=documents)
    template = UnitTemplate.objects.get(organisation=vn, code="engineering-company")
    unit = units.create_unit(
        organisation=vn, template=template, name="Engineering company", starts_on=START, ends_on=END
    )
    mission = Mission.objects.create(acronym="UNISFA", name="UN Interim Security Force for Abyei")
    MissionRequirement.objects.create(
        organisation=vn, mission=mission, kind=Credential.Kind.VACCINATION, detail="yellow-fever"
    )
    rotation = create_rotation(
        unit=unit, mission=mission, planned_departure=START, planned_return=END
    )
    ranks = list(Rank.objects.filter(organisation=vn))
    by_specialty: dict[str, list[Any]] = {}
    for position in template.positions.select_related("requirement__specialty"):
        needed = position.requirement
        assert needed.specialty is not None  # every post of the starter template has one
        low = NATO_CODES.index(needed.min_rank or "OR-1")
        high = NATO_CODES.index(needed.max_rank or "OF-10")
        fitting = [r for r in ranks if low <= NATO_CODES.index(r.nato_code) <= high]
        by_specialty.setdefault(needed.specialty.code, []).extend(fitting)
    engineering = set(by_specialty)
    officers = [r for r in ranks if r.nato_code in ("OR-6", "OR-7", "OF-1", "OF-2", "OF-3")]
    for code in OTHER_SPECIALTIES:
        by_specialty.setdefault(code, officers)
    return vn, rotation, by_specialty, engineering


def add_people(
    organisation: Any, count: int, first: int, ranks: dict[str, list[Any]], engineering: set[str]
) -> None:
    """Bulk-create `count` people with credentials, certificates, tours and unavailability."""
    from forcegen.deployments.models import Deployment, Mission, PersonnelType
    from forcegen.personnel.models import Availability, Credential, Person, Specialty
    from forcegen.training.models import Certificate, ClassSession, Course, Enrolment

    rng = random.Random(first)
    specialties = {s.code: s.pk for s in Specialty.objects.all()}
    own = sorted(engineering)
    people, chosen = [], []
    for n in range(first, first + count):
        code = rng.choice(own) if rng.random() < 0.6 else rng.choice(OTHER_SPECIALTIES)
        medical = code in {"surgeon", "anaesthetist", "nurse", "physician"}
        female = rng.random() < (0.4 if medical else 0.08)
        back = START - datetime.timedelta(days=rng.randint(90, 2500))
        people.append(
            Person(
                organisation=organisation,
                service_number=f"B{n:06d}",
                full_name=f"Bench Person {n}",
                sex="F" if female else "M",
                date_of_birth=datetime.date(rng.randint(1975, 2003), rng.randint(1, 12), 15),
                rank=rng.choice(ranks[code]),
                last_mission_return=back if rng.random() < 0.3 else None,
            )
        )
        chosen.append(code)
    Person.objects.bulk_create(people, batch_size=2000)
    Person.specialties.through.objects.bulk_create(
        [
            Person.specialties.through(person_id=p.pk, specialty_id=specialties[code])
            for p, code in zip(people, chosen, strict=True)
        ],
        batch_size=5000,
    )
    credentials, tours, away = [], [], []
    mission = Mission.objects.get(acronym="UNISFA")
    for person in people:

        def credential(kind: str, detail: str = "", level: int | None = None, **dates: Any) -> Any:
            return Credential(
                organisation=organisation,
                person=person,  # noqa: B023 (used at once)
                kind=kind,
                detail=detail,
                level=level,
                **dates,
            )

        if rng.random() < 0.95:
            until = datetime.date(2032, 1, 1) if rng.random() < 0.9 else datetime.date(2028, 1, 1)
            credentials.append(credential(Credential.Kind.PASSPORT, valid_until=until))
        if rng.random() < 0.85:
            credentials.append(
                credential(Credential.Kind.MEDICAL, "fit", valid_until=datetime.date(2029, 6, 1))
            )
        if rng.random() < 0.7:
            credentials.append(credential(Credential.Kind.VACCINATION, "yellow-fever"))
        if rng.random() < 0.85:
            credentials.append(
                credential(
                    Credential.Kind.SCREENING, "cleared", valid_until=datetime.date(2029, 12, 31)
                )
            )
        if rng.random() < 0.75:
            credentials.append(credential(Credential.Kind.LANGUAGE, "en", rng.choice([2, 3, 3, 4])))
        if person.last_mission_return:
            back = person.last_mission_return
            tours.append(
                Deployment(
                    organisation=organisation,
                    person=person,
                    mission=mission,
                    personnel_type=PersonnelType.STAFF_OFFICER,
                    status=Deployment.Status.RETURNED,
                    planned_start=back - datetime.timedelta(days=364),
                    planned_end=back,
                    departed_on=back - datetime.timedelta(days=364),
                    returned_on=back,
                )
            )
        elif rng.random() < 0.02:
            tours.append(
                Deployment(
                    organisation=organisation,
                    person=person,
                    mission=mission,
                    personnel_type=PersonnelType.STAFF_OFFICER,
                    planned_start=START - datetime.timedelta(days=100),
                    planned_end=START + datetime.timedelta(days=200),
                )
            )
        if rng.random() < 0.05:
            begins = START + datetime.timedelta(days=rng.randint(-30, 300))
            away.append(
                Availability(
                    organisation=organisation,
                    person=person,
                    kind=Availability.Kind.LEAVE,
                    starts_on=begins,
                    ends_on=begins + datetime.timedelta(days=20),
                )
            )
    Credential.objects.bulk_create(credentials, batch_size=5000)
    Deployment.objects.bulk_create(tours, batch_size=5000)
    Availability.objects.bulk_create(away, batch_size=5000)
    cptm = Course.objects.get(organisation=organisation, code="CPTM")
    session = ClassSession.objects.create(
        organisation=organisation,
        course=cptm,
        reference=f"CPTM-BENCH-{first}",
        starts_on=datetime.date(2026, 1, 5),
        ends_on=datetime.date(2026, 1, 16),
        venue="Hanoi",
        capacity=30000,
        status=ClassSession.Status.COMPLETED,
    )
    trained = [p for p in people if rng.random() < 2 / 3]
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                organisation=organisation, session=session, person=p, status=Enrolment.Status.PASSED
            )
            for p in trained
        ],
        batch_size=5000,
    )
    Certificate.objects.bulk_create(
        [
            Certificate(
                organisation=organisation,
                enrolment=e,
                person_id=e.person_id,
                course=cptm,
                serial=first + i,
                number=f"BENCH-{first + i}",
                verification_code=f"bench-{first + i}",
                issued_on=session.ends_on,
                valid_until=datetime.date(2029, 1, 16),
            )
            for i, e in enumerate(enrolments)
        ],
        batch_size=5000,
    )


def measure(rotation: Any, runs: int, time_limit: float) -> None:
    from django.db import connection

    from forcegen import planner
    from forcegen.personnel.models import Person
    from forcegen.planning import instance, services, tasks

    run = tasks.record_run(
        organisation=rotation.organisation,
        user=None,
        rotations=[rotation],
        min_women_percent=Decimal(15),
        time_limit=round(time_limit),
    )
    built = instance.build_instance(run)
    queries = count_queries(connection, lambda: instance.build_instance(run))
    build_ms, build_worst = median_ms(lambda: instance.build_instance(run), runs)
    plan = planner.solve(built.instance, time_limit=time_limit)
    solve_ms, solve_worst = median_ms(
        lambda: planner.solve(built.instance, time_limit=time_limit), runs
    )
    notes_queries = count_queries(connection, lambda: services.gap_notes(built, plan))
    notes_ms, notes_worst = median_ms(lambda: services.gap_notes(built, plan), runs)
    total = Person.objects.filter(organisation_id=rotation.organisation_id).count()
    print(
        f"\n{total:,} people, {len(built.seats)} slots: {len(built.data['people']):,} candidates "
        f"(eligible for at least one slot), {plan.reduction['eligible_pairs']:,} eligible pairs, "
        f"{plan.reduction['flow_variables']} flow variables"
    )
    print(f"{'step':34} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    print(f"{'build_instance':34} {build_ms:10.1f} {build_worst:8.1f} {queries:8d}")
    print(f"{'solve (cp-sat)':34} {solve_ms:10.1f} {solve_worst:8.1f} {0:8d}")
    print(f"{'explain the empty slots':34} {notes_ms:10.1f} {notes_worst:8.1f} {notes_queries:8d}")
    print(f"{'build + solve':34} {build_ms + solve_ms:10.1f}")
    share = "—" if plan.female_share is None else f"{plan.female_share:.0%}"
    print(
        f"plan: {plan.status}, {plan.filled}/{plan.slots} filled, women {share}, "
        f"experienced {plan.experienced}, fairness cost {plan.fairness_cost}, "
        f"{len(plan.unfilled)} empty"
    )
    if plan.unfilled:
        print(f"first empty slot: {plan.unfilled[0].reason.as_dict()}")
    measure_acceptance(run, built, plan, runs)


def measure_acceptance(run: Any, built: Any, plan: Any, runs: int) -> None:
    """Accepting the plan (assign every slot, make everyone a member, each checked for
    fitness and audited), rolled back after each run."""
    from django.db import connection, transaction

    from forcegen.accounts.models import User
    from forcegen.core import jobs
    from forcegen.planning import services

    services.store_plan(run, built, plan, services.gap_notes(built, plan))
    jobs.succeed(run.job)  # ready for review
    user = User.objects.create(username=f"planner-{run.pk}")

    def accept() -> None:
        with transaction.atomic():
            services.accept_plan(run=run, user=user)
            transaction.set_rollback(True)

    queries = count_queries(connection, accept)
    started = time.process_time()
    accept_ms, accept_worst = median_ms(accept, runs)
    cpu_ms = (time.process_time() - started) * 1000 / (runs + 1)
    print(f"{'accept the plan':34} {accept_ms:10.1f} {accept_worst:8.1f} {queries:8d}")
    print(f"{'accept the plan (cpu, mean)':34} {cpu_ms:10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    organisation, rotation, ranks, engineering = setup()
    have = 0
    for size in sorted(args.people):
        started = time.perf_counter()
        add_people(organisation, size - have, have, ranks, engineering)
        have = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # bulk-loaded tables have no statistics yet
        print(f"\nadded people up to {size:,} in {time.perf_counter() - started:.1f} s")
        measure(rotation, args.runs, args.time_limit)


if __name__ == "__main__":
    main()
