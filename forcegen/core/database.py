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


def refresh_statistics() -> None:
    """After loading many rows at once (the demo, a restore), have PostgreSQL count them now:
    it plans queries from table statistics that autovacuum gathers only minutes later, and
    until then the home page's count of 85,000 overdue commitments, planned for 18 rows, took
    0.6 s instead of 0.1 s."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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


class Joined(models.Subquery):
    """The one column `queryset` selects (`.values(field)`), in its order, as one string joined
    by `separator`; empty when there are no rows. An export reads a person's specialty codes
    this way: a prefetch built a model instance per code and took half the export's time."""

    def __init__(self, queryset: models.QuerySet[Any], separator: str) -> None:
        super().__init__(queryset, output_field=models.TextField())
        self.separator = separator

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        """SQLite (3.40 has no ORDER BY inside group_concat): joined over the subquery as a
        table, whose ORDER BY SQLite keeps for an aggregate over it."""
        rows, params = super().as_sql(compiler, connection, *args, **extra)
        (column,) = self.query.values_select
        joined = f"group_concat({connection.ops.quote_name(column)}, %s)"
        sql = f"(SELECT coalesce({joined}, '') FROM {rows})"  # noqa: S608 (compiled; values are parameters)
        return sql, (self.separator, *params)

    def as_postgresql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        rows, params = super().as_sql(compiler, connection, *args, **extra)
        return f"array_to_string(ARRAY{rows}, %s)", (*params, self.separator)
