"""Results computed from the database, kept until anything is written to it.

Readiness is computed from thousands of rows (slots, holders, their credentials and courses,
equipment) and read on every board, unit page and dashboard, far more often than anything
changes. PostgreSQL's write-ahead log position moves with every row written and every commit or
abort, in any table: a result stored with the position it was computed at is still exact for as
long as the position has not moved. The position is read in one query; a write anywhere makes
every kept result stale at once, so nothing has to know which writes matter.

Nothing is kept on SQLite (its change counter is per connection, and the demo's data is small),
nor inside a transaction (what it has written is not committed, and could be rolled back).
Each process keeps its own results, a bounded number of them, newest first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

V = TypeVar("V")


def database_version() -> str | None:
    """The write-ahead log's insert position, or None when results cannot be kept."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        # The insert position moves as soon as a commit is recorded, before others see it.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return str(cursor.fetchone()[0])


class KeptUntilWrite(Generic[V]):
    """`get(key, compute)` returns what `compute()` returned for the same key, language and day
    while nothing has been written since; else computes it again. Callers must not change what
    they get: later requests share it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.results: OrderedDict[Hashable, V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        version = database_version()
        if version is None:
            return compute()
        full = (version, get_language(), timezone.localdate(), key)
        with self.lock:
            if full in self.results:
                self.results.move_to_end(full)
                return self.results[full]
        result = compute()
        with self.lock:
            self.results[full] = result
            while len(self.results) > self.size:
                self.results.popitem(last=False)
        return result
