"""On PostgreSQL, a trigram index serves the register's search (LIKE '%word%' on the folded
text); SQLite scans the column, which is fast enough at a ministry's scale."""

from django.db import migrations

from forcegen.core.database import on_postgresql

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS document_search_trgm ON documents_document "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS document_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_role_permissions")]

    operations = [on_postgresql(CREATE, DROP)]
