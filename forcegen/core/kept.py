"""Results computed from the database, kept until anything is written to it.

Readiness is computed from thousands of rows (slots, holders, their credentials and courses,
equipment) and read on every board, unit page and dashboard, far more often than anything
changes. PostgreSQL's write-ahead log position moves with every row written and every commit or
abort, in any table: a result stored with the position it was computed at is still exact for as
long as the position has not moved. The position is read in one query; a write anywhere makes
every kept result stale at once, so nothing has to know which writes matter.

Kept this way: who is signed in (`accounts.sessions`, `accounts.backends`, an API token), a
list's page and its filters' options (`core.registers`), a model select's options
(`core.forms`), readiness and a unit's slots (`units`), a rotation's members and the rotations
due for planning (`deployments`), a plan's review (`planning`), and the home figures
(`insights.dashboard`). A request reads the position once (`one_version_per_request`).

Nothing is kept on SQLite (its change counter is per connection, and the demo's data is small),
nor inside a transaction (what it has written is not committed, and could be rolled back).
Each process keeps its own results, a bounded number of them, newest first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

V = TypeVar("V")


def keeping() -> bool:
    """Whether results can be kept here (not on SQLite, nor inside a transaction)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def database_version() -> str | None:
    """The write-ahead log's insert position, or None when results cannot be kept. A request
    reads it once (see `one_version_per_request`)."""
    if not keeping():
        return None
    version: str | None = getattr(_request, "version", None)
    if version is None:
        with connection.cursor() as cursor:
            # The insert position moves as soon as a commit is recorded, before others see it.
            cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
            version = str(cursor.fetchone()[0])
        if getattr(_request, "open", False):
            _request.version = version
    return version


_request = threading.local()


@contextmanager
def one_version_per_request() -> Iterator[None]:
    """Within a request, the write position is read once and used for every kept result: the
    request then sees the database as it was when it first asked, as a transaction would (a
    result kept under that position is never older than it). A statement of the request's own
    that may write makes it read the position again."""
    _request.open, _request.version = True, None
    try:
        with connection.execute_wrapper(_forget_on_write):
            yield
    finally:
        _request.open, _request.version = False, None


def _forget_on_write(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
    if sql.lstrip()[:6].upper() != "SELECT":
        _request.version = None
    return execute(sql, *args)


def query_key(rows: QuerySet[Any]) -> tuple[str, str] | None:
    """What identifies the rows a queryset reads (its SQL and parameters: scope and filters
    included), to key a result computed from them; None when it reads none by construction."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, repr(params)


class KeptUntilWrite(Generic[V]):
    """`get(key, compute)` returns what `compute()` returned for the same key, language and day
    while nothing has been written since; else computes it again. Callers must not change what
    they get: later requests share it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.results: OrderedDict[Hashable, V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable | None, compute: Callable[[], V]) -> V:
        """A key of None keeps nothing (see `query_key`)."""
        version = database_version() if key is not None else None
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
