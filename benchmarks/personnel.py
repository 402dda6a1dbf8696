"""Personnel registry figures at 50,000 people: list page, API list, "all eligible" query.

    .venv/bin/python benchmarks/personnel.py [--people 50000] [--runs 15]

Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database). Prints medians; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from forcegen.accounts.models import User
    from forcegen.accounts.services import issue_token
    from forcegen.personnel.eligibility import Period
    from forcegen.personnel.models import Person, Requirement

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=args.people, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-loaded tables have no statistics yet
    total = Person.objects.count()
    print(f"seeded {total:,} people in {time.perf_counter() - started:.1f} s")

    user = User.objects.get(username="vn-personnel")
    browser = Client()
    browser.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
    _token, raw = issue_token(user=user, name="benchmark")
    machine = Client(headers={"Authorization": f"Bearer {raw}"})

    cases: list[tuple[str, Callable[[], object]]] = [
        ("list page 1", lambda: browser.get("/personnel/")),
        ("list page 400", lambda: browser.get("/personnel/?page=400")),
        ("list search 'nguyen'", lambda: browser.get("/personnel/?q=nguyen")),
        ("list filter specialty+sex", lambda: browser.get("/personnel/?specialty=nurse&sex=F")),
        ("list expiring in 60 days", lambda: browser.get("/personnel/?expiring_within=60")),
        ("API list page 1", lambda: machine.get("/api/v1/personnel/")),
        ("API list page 400", lambda: machine.get("/api/v1/personnel/?page=400")),
        ("API list filter", lambda: machine.get("/api/v1/personnel/?specialty=surgeon")),
    ]
    print(f"\n{'case':32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, action in cases:
        count = count_queries(connection, action)
        median, worst = median_ms(action, args.runs)
        print(f"{name:32} {median:10.1f} {worst:8.1f} {count:8d}")

    period = Period(datetime.date(2027, 3, 1), datetime.date(2028, 2, 29))
    print(f"\n{'all eligible for':32} {'median ms':>10} {'max ms':>8} {'eligible':>8}")
    for requirement in Requirement.objects.filter(organisation__code="vn-dpko").prefetch_related(
        "credentials", "languages"
    ):
        eligible = Person.objects.filter(organisation__code="vn-dpko").eligible_for(
            requirement, period
        )

        def ids(query: object = eligible) -> list[int]:
            return list(query.values_list("pk", flat=True))  # type: ignore[attr-defined]

        median, worst = median_ms(ids, args.runs)
        print(f"{requirement.name:32} {median:10.1f} {worst:8.1f} {len(ids()):8d}")


if __name__ == "__main__":
    main()
