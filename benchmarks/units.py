"""Readiness figures: 200 units x 300 slots over a 50,000-person roster.

    .venv/bin/python benchmarks/units.py [--people 50000] [--units 200] [--slots 300]
                                         [--periods 8] [--fill 0.75] [--runs 7]

Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database). The roster comes from `seed_demo --scale` (as benchmarks/personnel.py
does); the benchmark then bulk-creates 20 eligibility requirements shaped like the starter
templates' (specialty, rank range, ages, passport, medical, yellow fever, screening, English and,
with the training app, CPTM), a 300-seat template of 20 positions, the units (their readiness
periods spread over `--periods` rotation dates), one slot per seat filled to `--fill` with distinct
people of the right specialty, and ten equipment lines per unit with items. It prints the median
time of the readiness of all units (score, breakdown and gap list of each) and its number of
queries, with every unit in the same readiness period and with the units spread over `--periods`
rotation dates; then the board page (25 units) and the daily snapshot command. Nothing is
asserted: the target is at most 1 s in a number of queries that does not grow with the units.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms

# (position title, specialty, min rank, max rank, seats): 300 seats in the roster's proportions.
POSITIONS = [
    ("Surgeon", "surgeon", "OF-2", "OF-4", 20),
    ("Anaesthetist", "anaesthetist", "OF-2", "OF-4", 10),
    ("Physician", "physician", "OF-1", "OF-4", 13),
    ("Ward physician", "physician", "OF-1", "OF-4", 12),
    ("Theatre nurse", "nurse", "OR-4", "OF-2", 20),
    ("Ward nurse", "nurse", "OR-4", "OF-2", 20),
    ("Nurse (women)", "nurse", "OR-4", "OF-2", 18),
    ("Laboratory technician", "laboratory-technician", "OR-4", "OF-1", 8),
    ("Sapper, 1st platoon", "combat-engineer", "OR-2", "OR-7", 20),
    ("Sapper, 2nd platoon", "combat-engineer", "OR-2", "OR-7", 20),
    ("Sapper, 3rd platoon", "combat-engineer", "OR-2", "OR-7", 20),
    ("Sapper, 4th platoon", "combat-engineer", "OR-2", "OR-7", 14),
    ("Excavator operator", "plant-operator", "OR-3", "OR-7", 17),
    ("Grader operator", "plant-operator", "OR-3", "OR-7", 16),
    ("Operations officer", "staff-officer", "OF-2", "OF-4", 15),
    ("Liaison officer", "staff-officer", "OF-2", "OF-4", 14),
    ("Military observer", "military-observer", "OF-2", "OF-3", 8),
    ("Patrol observer", "military-observer", "OF-2", "OF-3", 8),
    ("Driver", "driver", "OR-2", "OR-7", 21),
    ("Interpreter", "interpreter", "OF-1", "OF-2", 6),
]
EQUIPMENT = [
    ("major", "Medical", "Ambulance (4x4)"),
    ("major", "Vehicles", "Utility vehicle (4x4)"),
    ("major", "Vehicles", "Cargo truck (5 t)"),
    ("major", "Earthmoving", "Excavator (tracked)"),
    ("major", "Earthmoving", "Grader"),
    ("major", "Power", "Generator 60 kVA"),
    ("major", "Water", "Water purification unit"),
    ("self_sustainment", "Catering", "Field kitchen set"),
    ("self_sustainment", "Communications", "VHF/HF radio set"),
    ("self_sustainment", "Accommodation", "Personnel tent (10 persons)"),
]


def rotation_start(number: int, periods: int) -> datetime.date:
    """Unit `number`'s readiness period starts on one of `periods` quarterly rotation dates."""
    return datetime.date(2027, 1, 1) + datetime.timedelta(days=91 * (number % periods))


def build(args: argparse.Namespace) -> list[Any]:
    """The requirements, template, units, slots (filled) and equipment, in bulk."""
    from django.apps import apps

    from forcegen.core.models import Organisation
    from forcegen.logistics.models import InventoryItem
    from forcegen.personnel.models import (
        Credential,
        Person,
        RequiredCredential,
        RequiredLanguage,
        Requirement,
        Specialty,
    )
    from forcegen.units.models import (
        EquipmentLine,
        Slot,
        TemplatePosition,
        Unit,
        UnitTemplate,
    )

    vn = Organisation.objects.get(code="vn-dpko")
    specialties = {s.code: s for s in Specialty.objects.all()}
    requirements = Requirement.objects.bulk_create(
        Requirement(
            organisation=vn,
            name=f"BENCH · {title}",
            specialty=specialties[code],
            min_rank=low,
            max_rank=high,
            min_age=21,
            max_age=55,
            min_rest_days=365,
            female_only=title.endswith("(women)"),
        )
        for title, code, low, high, _seats in POSITIONS
    )
    needed = [
        (Credential.Kind.PASSPORT, ""),
        (Credential.Kind.MEDICAL, "fit"),
        (Credential.Kind.VACCINATION, "yellow-fever"),
        (Credential.Kind.SCREENING, "cleared"),
    ]
    RequiredCredential.objects.bulk_create(
        RequiredCredential(requirement=r, kind=kind, detail=detail)
        for r in requirements
        for kind, detail in needed
    )
    RequiredLanguage.objects.bulk_create(
        RequiredLanguage(requirement=r, language="en", min_level=2) for r in requirements
    )
    if apps.is_installed("forcegen.training"):
        course = apps.get_model("training", "Course")._default_manager.get(
            organisation=vn, code="CPTM"
        )
        required = apps.get_model("training", "RequiredCourse")
        required._default_manager.bulk_create(
            required(requirement=r, course=course) for r in requirements
        )
    template = UnitTemplate.objects.create(
        organisation=vn,
        code="bench",
        name="Benchmark composite unit",
        short_name="BENCH",
        kind="other",
        source="benchmarks/units.py",
    )
    TemplatePosition.objects.bulk_create(
        TemplatePosition(
            template=template, order=i, title=p[0], requirement=requirements[i], count=p[4]
        )
        for i, p in enumerate(POSITIONS)
    )
    rotations = [rotation_start(i, args.periods) for i in range(args.units)]
    units = Unit.objects.bulk_create(
        Unit(
            organisation=vn,
            name=f"BENCH unit {i:03d}",
            template=template,
            kind="other",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=364),
        )
        for i, start in enumerate(rotations)
    )
    pools: dict[str, list[int]] = {}
    for code in {p[1] for p in POSITIONS}:
        people = Person.objects.filter(organisation=vn, specialties__code=code)
        pools[code] = list(people.order_by("pk").values_list("pk", flat=True))
    women = set(
        Person.objects.filter(organisation=vn, sex=Person.Sex.FEMALE).values_list("pk", flat=True)
    )
    scale = args.slots / sum(p[4] for p in POSITIONS)
    slots = []
    for unit in units:
        for order, (title, code, _low, _high, seats) in enumerate(POSITIONS):
            count = max(1, round(seats * scale))
            filled = round(count * args.fill)
            pool = pools[code]
            if title.endswith("(women)"):
                picked = [pk for pk in pool[: filled * 8] if pk in women][:filled]
                pools[code] = [pk for pk in pool if pk not in set(picked)]
            else:
                picked, pools[code] = pool[:filled], pool[filled:]
            for seat in range(count):
                slots.append(
                    Slot(
                        organisation=vn,
                        unit=unit,
                        order=order,
                        title=title,
                        seat=seat + 1,
                        requirement=requirements[order],
                        person_id=picked[seat] if seat < len(picked) else None,
                    )
                )
    Slot.objects.bulk_create(slots, batch_size=5000)
    lines = EquipmentLine.objects.bulk_create(
        EquipmentLine(
            organisation=vn, unit=unit, order=i, kind=kind, category=category, item=item, quantity=4
        )
        for unit in units
        for i, (kind, category, item) in enumerate(EQUIPMENT)
    )
    InventoryItem.objects.bulk_create(
        (
            InventoryItem(
                organisation=vn,
                unit_id=line.unit_id,
                line=line,
                annex=line.kind,
                category=line.category,
                item=line.item,
                serial=f"{line.pk}-{n}",
                serviceable=n != 0,
            )
            for line in lines
            for n in range(3)
        ),
        batch_size=5000,
    )
    return units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--slots", type=int, default=300)
    parser.add_argument("--periods", type=int, default=8, help="distinct readiness periods")
    parser.add_argument("--fill", type=float, default=0.75)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from forcegen.accounts.models import User
    from forcegen.personnel.models import Person
    from forcegen.units.models import Slot, Unit
    from forcegen.units.readiness import readiness_for

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=args.people, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seeded {Person.objects.count():,} people in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    made = build(args)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-loaded tables have no statistics yet
    slots = Slot.objects.filter(unit__in=made)
    print(
        f"built {len(made)} units, {slots.count():,} slots ({slots.exclude(person=None).count():,} "
        f"filled), {args.periods} readiness periods in {time.perf_counter() - started:.1f} s"
    )

    def spread(periods: int) -> list[Any]:
        """Give the units `periods` readiness periods (quarterly rotation dates)."""
        units = list(Unit.objects.filter(name__startswith="BENCH unit").order_by("pk"))
        for number, unit in enumerate(units):
            unit.starts_on = rotation_start(number, periods)
            unit.ends_on = unit.starts_on + datetime.timedelta(days=364)
        Unit.objects.bulk_update(units, ["starts_on", "ends_on"])
        return units

    print(f"\n{'case':44} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for periods in sorted({1, args.periods}):
        units = spread(periods)

        def readiness(chosen: list[Any] = units) -> list[Any]:
            result = readiness_for(chosen)
            return [(r.score, r.components, r.gaps) for r in result.values()]

        queries = count_queries(connection, readiness)
        median, worst = median_ms(readiness, args.runs)
        label = f"readiness of {len(units)} units, {periods} period(s)"
        print(f"{label:44} {median:10.1f} {worst:8.1f} {queries:8d}")
        if periods == 1:
            half = units[: len(units) // 2]

            def half_readiness(chosen: list[Any] = half) -> list[Any]:
                return readiness(chosen)

            queries = count_queries(connection, half_readiness)
            median, worst = median_ms(half_readiness, args.runs)
            label = f"readiness of {len(half)} units, 1 period"
            print(f"{label:44} {median:10.1f} {worst:8.1f} {queries:8d}")

    units = spread(args.periods)
    user = User.objects.get(username="vn-planner")
    browser = Client()
    browser.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
    queries = count_queries(connection, lambda: browser.get("/units/"))
    median, worst = median_ms(lambda: browser.get("/units/"), args.runs)
    label = f"board page (25 units), {args.periods} periods"
    print(f"{label:44} {median:10.1f} {worst:8.1f} {queries:8d}")
    started = time.perf_counter()
    call_command("snapshot_readiness", stdout=open(os.devnull, "w"))  # noqa: SIM115
    elapsed = (time.perf_counter() - started) * 1000
    print(f"{'snapshot_readiness (all units), once':44} {elapsed:10.1f}")

    sample = readiness_for(units[:1])[units[0].pk]
    print(
        f"\nunit 1: score {sample.score}, {sample.filled}/{sample.slots} filled, "
        f"{sample.eligible} eligible; top gaps: " + "; ".join(g.text for g in sample.top_gaps())
    )


if __name__ == "__main__":
    main()
