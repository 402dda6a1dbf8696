"""Database settings a query needs, whatever the app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL would spend seconds JIT-compiling a wide eligibility query to save milliseconds
    (the daily reminder run took 83 s with JIT, 3.3 s without): switch JIT off for the enclosed
    queries (SET LOCAL ends with the transaction)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield
