"""Database settings a query needs, whatever the app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, migrations, models, transaction
from django.db.models import Q


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


def flag(condition: Q) -> models.Case:
    """A yes/no column computed by the database: never NULL, even where the condition reads a
    NULL column (a draft has no effective date, and `NULL <= day` is unknown, not false)."""
    return models.Case(
        models.When(condition, then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )


def on_postgresql(forwards: list[str], backwards: list[str]) -> migrations.RunPython:
    """A migration step run on PostgreSQL only: indexes and storage settings SQLite has no use
    for (a trigram index, a table's TOAST target)."""

    def run(statements: list[str]) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forwards), run(backwards))
