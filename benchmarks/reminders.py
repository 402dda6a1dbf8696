"""Reminder figures: the daily run over 50,000 people, 500,000 credentials and 200 units, and the
inbox page.

    .venv/bin/python benchmarks/reminders.py [--people 50000] [--credentials 10] [--units 200]
                                             [--small 5000] [--runs 15]

Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database). On top of the demo organisations it bulk-creates the people (with
`--credentials` each: passports, medicals, vaccinations, languages, licences, screenings, some
renewed, expiry dates spread over eight years), the units (half of them pledged, one UN visit in
four), a rotation per five units departing within six months with 50 planned members each, and
open classes; the units are made once, with the small roster, and the roster then grows to
`--people`. It prints the first run (which raises everything), a second run (which raises
nothing new) and their number of queries, at `--small` people and then at `--people`, so that
the count can be compared; then the inbox page of the user with the most reminders. Nothing is
asserted: the targets are a daily run of at most 30 s at a number of queries that does not grow
with the data, and an inbox of at most 50 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms

KINDS = [
    "passport",
    "medical",
    "vaccination",
    "language",
    "driving_licence",
    "professional_licence",
    "screening",
    "security_clearance",
]


def add_people(count: int, credentials: int, start: int, rng: random.Random) -> list[int]:
    """`count` people of vn-dpko with `credentials` each; returns their ids."""
    from forcegen.core.models import Organisation
    from forcegen.personnel.models import Credential, Person, Rank

    vn = Organisation.objects.get(code="vn-dpko")
    rank = Rank.objects.filter(organisation=vn).first()
    today = datetime.date.today()
    people = Person.objects.bulk_create(
        [
            Person(
                organisation=vn,
                service_number=f"BR{start + n:07d}",
                full_name=f"Bench Person {start + n}",
                sex="F" if n % 5 == 0 else "M",
                date_of_birth=datetime.date(1980 + n % 20, 1 + n % 12, 1 + n % 28),
                rank=rank,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    rows = []
    for person in people:
        for index in range(credentials):
            kind = KINDS[index % len(KINDS)]
            until = today + datetime.timedelta(days=rng.randint(-400, 2600))
            rows.append(
                Credential(
                    organisation=vn,
                    person=person,
                    kind=kind,
                    detail="en" if kind == "language" else ("yellow-fever" if index == 2 else ""),
                    level=4 if kind == "language" else None,
                    valid_until=until,
                )
            )
        if len(rows) >= 20_000:
            Credential.objects.bulk_create(rows, batch_size=2000)
            rows = []
    Credential.objects.bulk_create(rows, batch_size=2000)
    return [p.pk for p in people]


def add_units(units: int, people: list[int], start: int, rng: random.Random) -> None:
    """Units (half pledged, a visit in four), a rotation per five units departing within six
    months with 50 planned members each, and an open class per ten units."""
    from forcegen.core.models import Organisation
    from forcegen.deployments.models import Deployment, Mission, PersonnelType, Rotation
    from forcegen.training.models import ClassSession, Course
    from forcegen.units.models import PcrsLevel, Unit, Visit

    vn = Organisation.objects.get(code="vn-dpko")
    mission = Mission.objects.get(acronym="UNMISS")
    course = Course.objects.filter(organisation=vn).first()
    today = datetime.date.today()
    made = Unit.objects.bulk_create(
        [
            Unit(
                organisation=vn,
                name=f"Bench unit {start + n}",
                kind="level2_hospital",
                starts_on=today + datetime.timedelta(days=30 + n % 150),
                ends_on=today + datetime.timedelta(days=395 + n % 150),
                pcrs_level=PcrsLevel.LEVEL_1 if n % 2 else PcrsLevel.NONE,
                pledged_on=today - datetime.timedelta(days=300 + n % 100) if n % 2 else None,
            )
            for n in range(units)
        ]
    )
    Visit.objects.bulk_create(
        Visit(organisation=vn, unit=u, kind="aav", on=u.starts_on - datetime.timedelta(days=20))
        for u in made[::4]
    )
    rotations = Rotation.objects.bulk_create(
        Rotation(
            organisation=vn,
            unit=u,
            mission=mission,
            number=1,
            planned_departure=u.starts_on,
            planned_return=u.ends_on,
        )
        for u in made[::5]
    )
    members = rng.sample(people, 50 * len(rotations))
    Deployment.objects.bulk_create(
        [
            Deployment(
                organisation=vn,
                person_id=members[index * 50 + m],
                mission=mission,
                rotation=rotation,
                personnel_type=PersonnelType.TROOPS,
                planned_start=rotation.planned_departure,
                planned_end=rotation.planned_return,
            )
            for index, rotation in enumerate(rotations)
            for m in range(50)
        ],
        batch_size=2000,
    )
    if course is not None:
        ClassSession.objects.bulk_create(
            ClassSession(
                organisation=vn,
                course=course,
                starts_on=today + datetime.timedelta(days=5 + n),
                ends_on=today + datetime.timedelta(days=10 + n),
                venue="Ha Noi",
                capacity=30,
                status="open",
            )
            for n in range(max(units // 10, 1))
        )


def timed_run(connection: Any) -> tuple[float, int, str]:
    from django.utils import timezone

    from forcegen.reminders import delivery, services

    result: list[str] = []

    def run() -> None:
        summary = services.run(today=timezone.localdate())
        sent = delivery.send()
        result.append(f"{summary}; {sent} e-mails")

    started = time.perf_counter()
    queries = count_queries(connection, run)
    return time.perf_counter() - started, queries, result[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--credentials", type=int, default=10)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from forcegen.accounts.models import User
    from forcegen.reminders.models import Reminder

    settings.ALLOWED_HOSTS.append("testserver")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rng = random.Random(19)
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.2f}")
    people: list[int] = []
    done_units = 0
    for size in (args.small, args.people):
        started = time.perf_counter()
        people += add_people(size - len(people), args.credentials, len(people), rng)
        if not done_units:  # the units stay the same: the data that grows is the people's
            add_units(args.units, people, 0, rng)
            done_units = args.units
        print(
            f"\n{len(people):,} people, {len(people) * args.credentials:,} credentials, "
            f"{done_units} units (built in {time.perf_counter() - started:.0f} s)"
        )
        for label in ("first run", "second run"):
            seconds, queries, summary = timed_run(connection)
            print(f"  daily run, {label}: {seconds:.1f} s, {queries} queries ({summary})")

    user_id = (
        Reminder.objects.values("user_id").annotate(n=django.db.models.Count("pk")).order_by("-n")
    )[0]["user_id"]
    user = User.objects.get(pk=user_id)
    client = Client()
    client.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
    assert client.get("/reminders/").status_code == 200
    median, worst = median_ms(lambda: client.get("/reminders/"), args.runs)
    queries = count_queries(connection, lambda: client.get("/reminders/"))
    print(
        f"\ninbox of {user.username} ({user.open_reminders:,} open; the page shows the 50 due "
        f"soonest): median {median:.0f} ms, worst {worst:.0f} ms, {queries} queries"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f} (2 cores shared)")


if __name__ == "__main__":
    main()
