"""What the Django benchmarks share: a throw-away database folder, timing and query counting.

Import it first: it puts the project on the path and points Django at a temporary data folder.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("FORCEGEN_DEMO", "1")
os.environ.setdefault("FORCEGEN_DATA_DIR", tempfile.mkdtemp(prefix="forcegen-bench-"))


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst time in milliseconds, after one warm-up run."""
    action()  # warm caches and the connection
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def median_wall_and_cpu_ms(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median wall time, median CPU time of this process (Python, templates, the driver, and
    SQLite's queries, but not a PostgreSQL server's) and worst wall time, in milliseconds, after
    one warm-up run: on a shared machine the wall time swings with the other processes, the CPU
    time much less."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), max(walls)


def count_queries(connection: Any, action: Callable[[], object]) -> int:
    """How many SQL statements `action` runs; unlike query logging, this works with DEBUG off."""
    executed: list[str] = []

    def record(run: Callable[..., Any], sql: str, *rest: Any) -> Any:
        executed.append(sql)
        return run(sql, *rest)

    with connection.execute_wrapper(record):
        action()
    return len(executed)
