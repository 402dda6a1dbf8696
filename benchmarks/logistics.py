"""Logistics figures: the inventory list at 50,000 items over 200 units, and the reimbursement
estimate of a 184-person rotation over 12 months with 2,000 items.

    .venv/bin/python benchmarks/logistics.py [--units 200] [--items 50000] [--members 184]
                                             [--unit-items 2000] [--months 12] [--runs 7]
                                             [--reuse]

Uses a fresh SQLite file in a temporary folder (FORCEGEN_DATA_DIR names a kept one), or the
database in DATABASE_URL (give a dedicated, empty database). With --reuse it times the data a
previous run left there, so two versions of the code are compared on the same rows.

After `seed_demo` (organisations, users, ranks, missions), it bulk-creates the units with their
items, then one rotation whose unit holds `--unit-items` catalogued items of 20 COE items on its
MOU (annex B, rates entered), 10 self-sustainment categories with rates (annex C), two mission
factors, `--members` members (two of them leave mid-month) and one inspection a month with a
finding per item (a few unserviceable). It prints the median wall time, the median CPU time of
this process and the number of queries of the inventory page and API list, and of the estimate
over 3 and over `--months` months (the same number of queries is the point). Nothing is asserted:
the targets are ≤ 100 ms for the list and ≤ 300 ms for the estimate.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms

START = datetime.date(2026, 1, 1)
SOURCE = "benchmark figure, not a UN rate"


def build_inventory(args: argparse.Namespace, vn: Any) -> list[Any]:
    from forcegen.logistics.models import InventoryItem
    from forcegen.units.models import Unit

    units = Unit.objects.bulk_create(
        Unit(
            organisation=vn,
            name=f"BENCH unit {n:03d}",
            kind="engineering_company",
            starts_on=START,
            ends_on=START + datetime.timedelta(days=364),
        )
        for n in range(args.units)
    )
    per_unit = max(1, args.items // args.units)
    InventoryItem.objects.bulk_create(
        (
            InventoryItem(
                organisation=vn,
                unit=unit,
                annex="major" if n % 3 else "self_sustainment",
                category="Vehicles",
                item=f"Item type {n % 40}",
                serial=f"{unit.pk}-{n:05d}",
                serviceable=n % 17 != 0,
            )
            for unit in units
            for n in range(per_unit)
        ),
        batch_size=5000,
    )
    return units


def build_rotation(args: argparse.Namespace, vn: Any, unit: Any) -> Any:
    """The estimated rotation: MOU, rates, factors, members, items and monthly inspections."""
    from forcegen.core.dates import add_months
    from forcegen.deployments.models import Deployment, Mission, Rotation
    from forcegen.logistics.models import (
        CoeCategory,
        CoeItem,
        CoeRate,
        Finding,
        Inspection,
        InventoryItem,
        MissionFactor,
        Mou,
        MouEquipment,
        MouPersonnel,
        MouSelfSustainment,
    )
    from forcegen.personnel.models import Person, Rank

    mission = Mission.objects.get(acronym="UNISFA")
    end = add_months(START, args.months)
    rotation = Rotation.objects.create(
        organisation=vn, unit=unit, mission=mission, number=1, status="deployed",
        planned_departure=START, planned_return=end, departed_on=START,
    )  # fmt: skip
    rank = Rank.objects.filter(organisation=vn).first()
    people = Person.objects.bulk_create(
        Person(
            organisation=vn, service_number=f"BENCH-{n:04d}", full_name=f"Bench {n}", sex="M",
            date_of_birth=datetime.date(1990, 1, 1), rank=rank,
        )
        for n in range(args.members)
    )  # fmt: skip
    leaves = START + datetime.timedelta(days=45)  # mid-February
    Deployment.objects.bulk_create(
        Deployment(
            organisation=vn, person=person, mission=mission, rotation=rotation,
            personnel_type="troops", status="repatriated" if n < 2 else "deployed",
            repatriation_reason="medical" if n < 2 else "", planned_start=START,
            planned_end=end, departed_on=START, returned_on=leaves if n < 2 else None,
        )
        for n, person in enumerate(people)
    )  # fmt: skip
    engineering = CoeCategory.objects.get(code="major-engineering")
    items = CoeItem.objects.bulk_create(
        CoeItem(category=engineering, code=f"bench-{n}", name_en=f"Bench item {n}", source=SOURCE)
        for n in range(20)
    )
    categories = list(CoeCategory.objects.filter(annex="self_sustainment", parent=None)[:10])
    common = {"source": SOURCE, "manual_edition": "bench", "effective_from": START}
    CoeRate.objects.bulk_create(
        [CoeRate(item=i, lease_type="wet", monthly_rate=100 + n, **common)
         for n, i in enumerate(items)]
        + [CoeRate(category=c, monthly_rate=10 + n, **common) for n, c in enumerate(categories)]
    )  # fmt: skip
    for kind, percent in (("extreme_environment", 2), ("incremental_transport", "1.5")):
        MissionFactor.objects.create(
            mission=mission,
            kind=kind,
            percent=Decimal(percent),
            effective_from=START,
            source=SOURCE,
        )
    mou = Mou.objects.create(organisation=vn, unit=unit, mission=mission, in_force_from=START)
    MouPersonnel.objects.create(mou=mou, category="other_ranks", rank="OR-3", strength=args.members)
    per_item = args.unit_items // len(items)
    MouEquipment.objects.bulk_create(
        MouEquipment(mou=mou, item=i, quantity=per_item) for i in items
    )
    MouSelfSustainment.objects.bulk_create(
        MouSelfSustainment(mou=mou, category=c) for c in categories
    )
    inventory = InventoryItem.objects.bulk_create(
        InventoryItem(
            organisation=vn, unit=unit, coe_item=items[n % len(items)], category="Engineering",
            item=f"Bench item {n % len(items)}", serial=f"R-{n:05d}",
        )
        for n in range(per_item * len(items))
    )  # fmt: skip
    for month in range(args.months):
        inspection = Inspection.objects.create(
            organisation=vn, unit=unit, rotation=rotation, kind="monthly",
            on=add_months(START, month) + datetime.timedelta(days=4),
        )  # fmt: skip
        Finding.objects.bulk_create(
            (
                Finding(inspection=inspection, item=item, serviceable=(n + month) % 97 != 0)
                for n, item in enumerate(inventory)
            ),
            batch_size=5000,
        )
    return rotation


def cpu_ms(action: Any, runs: int) -> float:
    """The median CPU time of this process (Python, templates, the driver; not the database
    server's): on a shared machine the wall time swings with the other processes, this less."""
    timings = []
    for _ in range(runs):
        started = time.process_time()
        action()
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=184)
    parser.add_argument("--unit-items", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the data a previous run left in DATABASE_URL (to compare code on the same data)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from forcegen.accounts.models import User
    from forcegen.core.dates import add_months
    from forcegen.core.models import Organisation
    from forcegen.logistics.models import InventoryItem
    from forcegen.logistics.reimbursement import estimate

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from forcegen.deployments.models import Rotation
    from forcegen.units.models import Unit

    built = list(Unit.objects.filter(name__startswith="BENCH unit").order_by("name"))
    if args.reuse and built:
        units = built
        rotation = Rotation.objects.get(unit=units[0], number=1)
    else:
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        vn = Organisation.objects.get(code="vn-dpko")
        units = build_inventory(args, vn)
        rotation = build_rotation(args, vn, units[0])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Bulk-loaded tables have no statistics yet, and no visibility map: until a vacuum
            # (autovacuum, in production) every count reads the table's rows again (the
            # inventory count: 12-25 ms before, 3 ms after).
            cursor.execute("VACUUM ANALYZE")
    print(
        f"built {len(units)} units and {InventoryItem.objects.count():,} items (demo included) "
        f"in {time.perf_counter() - started:.1f} s"
    )

    browser = Client()
    browser.force_login(
        User.objects.get(username="vn-logistics"),
        backend="forcegen.accounts.backends.PasswordBackend",
    )
    cases: list[tuple[str, Any]] = [
        ("inventory page (50 of all items)", lambda: browser.get("/logistics/")),
        (
            "inventory page, one unit, unserviceable",
            lambda: browser.get(f"/logistics/?unit={units[1].pk}&serviceable=no"),
        ),
        ("API items/ (page of 50)", lambda: browser.get("/api/v1/logistics/items/")),
    ]
    for months in sorted({3, args.months}):
        end = add_months(START, months) - datetime.timedelta(days=1)
        cases.append(
            (
                f"estimate, {args.members} people, {months} months",
                lambda end=end: estimate(rotation=rotation, start=START, end=end),
            )
        )
    end = add_months(START, args.months) - datetime.timedelta(days=1)
    cases.append(
        (
            f"API reimbursement/, {args.months} months",
            lambda: browser.get(
                f"/api/v1/logistics/reimbursement/?rotation={rotation.pk}&from={START}&to={end}"
            ),
        )
    )
    print(f"\n{'case':44} {'median ms':>10} {'max ms':>8} {'CPU ms':>7} {'queries':>8}")
    for label, action in cases:
        queries = count_queries(connection, action)
        median, worst = median_ms(action, args.runs)
        print(
            f"{label:44} {median:10.1f} {worst:8.1f} {cpu_ms(action, args.runs):7.1f} {queries:8d}"
        )
    result = estimate(rotation=rotation, start=START, end=end)
    print(
        f"\nestimate: personnel {result.personnel}, major equipment {result.major_equipment}, "
        f"self-sustainment {result.self_sustainment}, total {result.total} USD"
    )


if __name__ == "__main__":
    main()
