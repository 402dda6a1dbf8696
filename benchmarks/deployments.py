"""Deployment figures over ten years of history at 50,000 people: the month-end contributions
report (targets ≤ 1 s) and one person's history (≤ 100 ms).

    .venv/bin/python benchmarks/deployments.py [--people 50000] [--years 10] [--runs 15]

Seeds the demo with `--people` synthetic people, then writes the history in bulk: 40 units of
250 rotating every year and 500 individual officers a year, each person touring at most every
third year (more than a year's rest between tours), a UN medal per tour. Uses a fresh SQLite
file in a temporary folder, or the database in DATABASE_URL (give a dedicated, empty database).
Prints medians and query counts; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms

MISSIONS = ["UNMISS", "UNISFA", "MINUSCA", "UNIFIL", "MONUSCO", "MINURSO", "UNFICYP", "UNDOF"]
UNITS, UNIT_SIZE, OFFICERS_A_YEAR = 40, 250, 500
TOUR_DAYS = 364
COHORTS = 3  # people tour in one year of three, so every tour is followed by over a year's rest
MONTH_ENDS = ["2018-12-31", "2020-06-30", "2023-12-31", "2025-03-31"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from forcegen.core.models import Organisation
    from forcegen.deployments.models import Deployment, MissionEvent

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=args.people, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seeded the demo and {args.people:,} people in {time.perf_counter() - started:.1f} s")

    vn = Organisation.objects.get(code="vn-dpko")
    started = time.perf_counter()
    generate(vn, args.years)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-loaded tables have no statistics yet
    print(
        f"wrote {Deployment.objects.count():,} tours and {MissionEvent.objects.count():,} events "
        f"over {args.years} years in {time.perf_counter() - started:.1f} s"
    )
    report(connection, vn, args.runs)


def _years(first: datetime.date, years: int) -> Iterator[tuple[int, datetime.date]]:
    for year in range(years):
        yield year, first.replace(year=first.year + year)


def generate(vn: Any, years: int) -> None:
    """Units, their yearly rotations and individual officers, in bulk. The people are split
    into cohorts touring in turn, each year taking the next slice of its cohort."""
    from django.db.models import F
    from django.utils import timezone

    from forcegen.deployments.models import (
        Deployment,
        Mission,
        MissionEvent,
        PersonnelType,
        Rotation,
    )
    from forcegen.personnel.models import Person
    from forcegen.units.models import Unit

    today = timezone.localdate()
    first = datetime.date(today.year - years, 3, 1)  # each year's tours leave from 1 March
    missions = list(Mission.objects.filter(acronym__in=MISSIONS).order_by("acronym"))
    people = list(
        Person.objects.filter(organisation=vn, service_number__startswith="SYN")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = len(people) // COHORTS
    per_year = UNITS * UNIT_SIZE + OFFICERS_A_YEAR
    if per_year > size:
        raise SystemExit(f"needs at least {COHORTS * per_year:,} people")
    units = Unit.objects.bulk_create(
        Unit(
            organisation=vn,
            name=f"Benchmark unit {n:02d}",
            kind="engineering_company" if n % 2 else "level2_hospital",
            status=Unit.Status.DEPLOYED,
            starts_on=first,
            ends_on=first + datetime.timedelta(days=365 * years),
        )
        for n in range(UNITS)
    )

    def span(departs: datetime.date) -> dict[str, Any]:
        returns = departs + datetime.timedelta(days=TOUR_DAYS)
        over = returns <= today
        return {
            "planned_start": departs,
            "planned_end": returns,
            "departed_on": departs,
            "returned_on": returns if over else None,
            "status": Deployment.Status.RETURNED if over else Deployment.Status.DEPLOYED,
        }

    for year, departs in _years(first, years):
        cohort = people[(year % COHORTS) * size : (year % COHORTS + 1) * size]
        start = (year // COHORTS) * per_year
        chosen = [cohort[(start + i) % size] for i in range(per_year)]
        rotations = Rotation.objects.bulk_create(
            Rotation(
                organisation=vn,
                unit=unit,
                mission=missions[n % len(missions)],
                number=year + 1,
                status=Rotation.Status.DEPLOYED,
                planned_departure=departs + datetime.timedelta(days=n),
                planned_return=departs + datetime.timedelta(days=n + TOUR_DAYS),
                departed_on=departs + datetime.timedelta(days=n),
            )
            for n, unit in enumerate(units)
        )
        tours = [
            Deployment(
                organisation=vn,
                person_id=chosen[n * UNIT_SIZE + i],
                mission_id=rotation.mission_id,
                rotation=rotation,
                personnel_type=PersonnelType.TROOPS,
                role="Member",
                **span(departs + datetime.timedelta(days=n)),
            )
            for n, rotation in enumerate(rotations)
            for i in range(UNIT_SIZE)
        ]
        tours += [
            Deployment(
                organisation=vn,
                person_id=chosen[UNITS * UNIT_SIZE + i],
                mission=missions[i % len(missions)],
                personnel_type=(
                    PersonnelType.STAFF_OFFICER if i % 3 else PersonnelType.EXPERT_ON_MISSION
                ),
                role="Staff officer" if i % 3 else "Military observer",
                **span(departs + datetime.timedelta(days=i % 60)),
            )
            for i in range(OFFICERS_A_YEAR)
        ]
        Deployment.objects.bulk_create(tours, batch_size=2000)
        MissionEvent.objects.bulk_create(
            (
                MissionEvent(
                    organisation=vn,
                    deployment=tour,
                    kind=MissionEvent.Kind.MEDAL,
                    occurred_on=tour.planned_start + datetime.timedelta(days=120),
                )
                for tour in tours
                if tour.planned_start + datetime.timedelta(days=120) <= today
            ),
            batch_size=2000,
        )
        Rotation.objects.filter(pk__in=[r.pk for r in rotations], planned_return__lte=today).update(
            status=Rotation.Status.RETURNED, returned_on=F("planned_return")
        )


def report(connection: Any, vn: Any, runs: int) -> None:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from forcegen.accounts.models import User
    from forcegen.deployments import numbers
    from forcegen.deployments.models import Deployment

    browser = Client()
    browser.force_login(
        User.objects.get(username="vn-planner"),
        backend="forcegen.accounts.backends.PasswordBackend",
    )
    tours = Deployment.objects.filter(organisation=vn)
    veteran = tours.values("person").annotate(n=Count("pk")).order_by("-n", "person")[0]
    person_id: int = veteran["person"]

    def history() -> list[Any]:
        return list(
            tours.filter(person_id=person_id)
            .select_related("mission", "rotation__unit")
            .prefetch_related("events")
            .order_by("planned_start", "pk")
        )

    cases: list[tuple[str, Callable[[], object]]] = [
        (f"contribution rows {day}", partial(numbers.contribution_rows, vn, tours, day))
        for day in (datetime.date.fromisoformat(text) for text in MONTH_ENDS)
    ]
    contributions = reverse("deployments:contributions")
    cases += [
        (
            f"contributions.csv {text[:7]}",
            partial(_get, browser, f"{contributions}?month={text[:7]}"),
        )
        for text in MONTH_ENDS[-2:]
    ]
    cases.append((f"person history ({veteran['n']} tours)", history))
    cases.append(
        ("person page", partial(_get, browser, reverse("deployments:person", args=[person_id])))
    )
    print(f"\n{'case':36} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, action in cases:
        count = count_queries(connection, action)
        median, worst = median_ms(action, runs)
        print(f"{name:36} {median:10.1f} {worst:8.1f} {count:8d}")
    stock = numbers.totals(
        numbers.by_mission_and_type(tours.deployed_on(datetime.date(2023, 12, 31)))
    )
    print(f"\nstock on 2023-12-31: {stock.total:,} ({stock.female:,} women)")


def _get(browser: Any, address: str) -> object:
    response = browser.get(address)
    if response.status_code != 200:
        raise SystemExit(f"{address} answered {response.status_code}")
    return response


if __name__ == "__main__":
    main()
