"""CPU time and queries per request of the main pages and of the load benchmark's mix.

    .venv/bin/python benchmarks/pages.py [--runs 15] [--only PAGE ...] [--profile PAGE]

Runs in-process through Django's test client against the database in DATABASE_URL, which must
hold the demo (`manage.py seed_demo`, or `seed_demo --scale 50000`); a plan run of the hospital's
rotation 8 is made once if the database has none, for the plan review page. Prints, per page, the
median CPU time of this process (time.process_time: the view, templates, middleware and the
database driver; not the PostgreSQL server) and the least, the median wall time and the query
count. The machine is shared, so CPU time is the figure to compare; wall time is for reference.
`--profile PAGE` runs that page under cProfile and prints where its time goes. `--fresh` measures
every request as the first after a write: the pages run inside a transaction (rolled back), where
nothing is kept (`core.kept`), so each computes what it shows.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import count_queries


def plan_run_id() -> int:
    """The newest finished plan run, made (synchronously) if there is none."""
    from forcegen.core import jobs
    from forcegen.deployments.models import Rotation
    from forcegen.planning import tasks
    from forcegen.planning.models import PlanRun

    done = PlanRun.objects.in_status(PlanRun.Status.DONE).order_by("-pk").first()
    if done is not None:
        return done.pk
    rotation = Rotation.objects.select_related("organisation").get(
        unit__name="Level-2 Field Hospital — rotation 8"
    )
    run = tasks.record_run(
        organisation=rotation.organisation,
        user=None,
        rotations=[rotation],
        min_women_percent=Decimal(15),
    )
    jobs.run(run.job_id, tasks.plan_job)
    return run.pk


def pages() -> list[tuple[str, str, str, dict[str, str]]]:
    """(name, user, path, headers) for each page measured."""
    from forcegen.accounts.models import User
    from forcegen.accounts.services import issue_token
    from forcegen.core.keyset import encode
    from forcegen.core.registers import PAGE_SIZE
    from forcegen.deployments.models import Rotation
    from forcegen.personnel.models import Person
    from forcegen.personnel.registers import PEOPLE
    from forcegen.units.models import Unit

    person = Person.objects.filter(organisation__code="vn-dpko").order_by("pk").first()
    ordered = Person.objects.filter(organisation__code="vn-dpko").order_by(*PEOPLE.order)
    page_3 = encode(ordered.values_list(*PEOPLE.order)[2 * PAGE_SIZE - 1])
    deepest = encode(ordered.values_list(*PEOPLE.order)[max(ordered.count() - PAGE_SIZE - 1, 0)])
    last_page = max((ordered.count() + PAGE_SIZE - 1) // PAGE_SIZE, 1)  # the API's size too
    hospital = Unit.objects.get(name="Level-2 Field Hospital — rotation 8")
    rotation = Rotation.objects.filter(unit=hospital).first()
    _token, raw = issue_token(user=User.objects.get(username="vn-personnel"), name="pages")
    api = {"Authorization": f"Bearer {raw}"}
    assert person is not None
    assert rotation is not None
    return [
        ("home", "vn-planner", "/", {}),
        ("personnel list", "vn-personnel", "/personnel/", {}),
        ("personnel list p3", "vn-personnel", f"/personnel/?after={page_3}", {}),
        ("personnel list last", "vn-personnel", f"/personnel/?after={deepest}", {}),
        ("personnel search", "vn-personnel", "/personnel/?q=Nguyen", {}),
        ("person page", "vn-personnel", f"/personnel/{person.pk}/", {}),
        ("unit board", "vn-planner", "/units/", {}),
        ("unit page", "vn-planner", f"/units/{hospital.pk}/", {}),
        ("rotations", "vn-planner", "/deployments/rotations/", {}),
        ("rotation page", "vn-planner", f"/deployments/rotations/{rotation.pk}/", {}),
        ("deployments", "vn-planner", "/deployments/", {}),
        ("plan runs", "vn-planner", "/planning/", {}),
        ("plan review", "vn-planner", f"/planning/{plan_run_id()}/", {}),
        ("readyz", "", "/readyz", {}),
        ("api personnel", "", "/api/v1/personnel/", api),
        ("api personnel last", "", f"/api/v1/personnel/?after={deepest}", api),
        ("api personnel last#", "", f"/api/v1/personnel/?page={last_page}", api),
        ("api person", "", f"/api/v1/personnel/{person.pk}/", api),
        ("export csv", "vn-personnel", "/personnel/export.csv", {}),
    ]


def client_for(username: str, headers: dict[str, str]) -> Any:
    from django.test import Client

    from forcegen.accounts.models import User

    client = Client(headers=headers)
    if username:
        user = User.objects.get(username=username)
        client.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
    return client


def measure(get: Callable[[], Any], runs: int) -> tuple[float, float, float]:
    """Median and least CPU and median wall milliseconds of `get`, after a warm-up request
    (on a busy machine the least CPU time is the steadier figure: other processes only add
    cache misses)."""
    get()
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started = time.process_time(), time.perf_counter()
        get()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(cpu), min(cpu), statistics.median(wall)


def profile(get: Callable[[], Any], runs: int) -> None:
    get()
    profiler = cProfile.Profile(time.process_time)  # CPU, not waits on the database
    profiler.enable()
    for _ in range(runs):
        get()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", nargs="+", help="Measure only these pages (by name).")
    parser.add_argument("--profile", help="Profile this page (by name) instead of timing.")
    parser.add_argument("--fresh", action="store_true", help="Keep nothing between requests.")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from forcegen.personnel.models import Person

    settings.ALLOWED_HOSTS.append("testserver")
    chosen = [p for p in pages() if not args.only or p[0] in args.only]
    fresh = " (nothing kept)" if args.fresh else ""
    print(f"database: {connection.vendor}, {Person.objects.count():,} people{fresh}")
    if not args.fresh:
        run(chosen, args)
        return
    with transaction.atomic():
        run(chosen, args)
        transaction.set_rollback(True)


def run(chosen: list[tuple[str, str, str, dict[str, str]]], args: argparse.Namespace) -> None:
    from django.db import connection

    for name, username, path, headers in chosen:
        client = client_for(username, headers)

        def get(client: Any = client, path: str = path) -> Any:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if response.streaming:  # an export is written as it is read
                b"".join(response.streaming_content)
            return response

        if args.profile:
            if name == args.profile:
                profile(get, args.runs)
            continue
        if chosen.index((name, username, path, headers)) == 0:
            print(f"{'page':20} {'cpu ms':>8} {'cpu min':>8} {'wall ms':>8} {'queries':>8}  path")
        get()  # the first request of a session writes it
        queries = count_queries(connection, get)
        cpu, least, wall = measure(get, args.runs)
        print(f"{name:20} {cpu:8.1f} {least:8.1f} {wall:8.1f} {queries:8d}  {path}", flush=True)


if __name__ == "__main__":
    main()
