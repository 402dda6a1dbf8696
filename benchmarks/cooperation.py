"""The cooperation registers at a realistic size: ten years of two-way cooperation are a few
hundred activities; the default doubles that to 2,000 activities with 4,000 commitments and
2,000 plan items in one plan. Prints the list pages, the partner's plan page and the API lists
(median, worst, query count); nothing is asserted.

    .venv/bin/python benchmarks/cooperation.py [--activities 2000] [--runs 7]

Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database).

Measured 2026-12-06 (2 shared cores): the full commitments CSV export (4,006 rows, 4 queries)
took 600 ms on SQLite and 447 ms on PostgreSQL while it built the activity, its partner and both
organisations for each row; reading one row per commitment with the rest computed by the
database, 95 ms and 91 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries, median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from forcegen.accounts.models import User
    from forcegen.cooperation.models import Activity, Commitment, Plan, PlanItem

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from forcegen.cooperation import demo

    demo.seed(scale=args.activities)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-loaded tables have no statistics yet
    print(
        f"built {Activity.objects.count():,} activities, {Commitment.objects.count():,} "
        f"commitments, {PlanItem.objects.count():,} plan items in "
        f"{time.perf_counter() - started:.1f} s"
    )
    plan = Plan.objects.get(year=2025)
    clients = {}
    for username in ("vn-cooperation", "la-cooperation"):
        client = Client()
        client.force_login(
            User.objects.get(username=username),
            backend="forcegen.accounts.backends.PasswordBackend",
        )
        clients[username] = client
    vn, la = clients["vn-cooperation"], clients["la-cooperation"]
    cases: list[tuple[str, Any]] = [
        ("overview page (vn)", lambda: vn.get("/cooperation/")),
        ("activities page (50 of all)", lambda: vn.get("/cooperation/activities/")),
        ("commitments page, overdue only", lambda: vn.get("/cooperation/commitments/?overdue=on")),
        ("plans page", lambda: la.get("/cooperation/plans/")),
        (
            f"plan page as the partner ({plan.items.count():,} items)",
            lambda: la.get(f"/cooperation/plans/{plan.pk}/"),
        ),
        ("API activities/ (page of 50)", lambda: la.get("/api/v1/cooperation/activities/")),
        ("API commitments/ (page of 50)", lambda: la.get("/api/v1/cooperation/commitments/")),
        (
            "API plans/{id}/items/ (page of 50)",
            lambda: la.get(f"/api/v1/cooperation/plans/{plan.pk}/items/"),
        ),
        ("calendar month", lambda: vn.get("/cooperation/calendar/?month=2026-03")),
        ("commitments export (CSV, all)", lambda: b"".join(vn.get("/cooperation/commitments.csv"))),
    ]
    print(f"\n{'case':44} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, action in cases:
        queries = count_queries(connection, action)
        median, worst = median_ms(action, args.runs)
        print(f"{label:44} {median:10.1f} {worst:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
