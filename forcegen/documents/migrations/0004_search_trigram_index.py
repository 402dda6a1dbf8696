"""On PostgreSQL, a trigram index serves the register's search (LIKE '%word%' on the folded
text); SQLite scans the column, which is fast enough at a ministry's scale."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS document_search_trgm ON documents_document "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS document_search_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_role_permissions")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
