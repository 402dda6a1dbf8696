"""What the health and readiness checks ask of the database."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

# Once every migration is applied it stays so for this process's life: the check loads the
# migration graph (tens of milliseconds) only until it has passed once.
_migrations_seen_applied = False


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def unapplied_migrations() -> list[str]:
    """The migrations known to the code but not yet applied to the database, as app.name."""
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    _migrations_seen_applied = not pending
    return pending
