"""On PostgreSQL, a trigram index serves the inventory's item and serial-number search
(`icontains` compares UPPER(column) LIKE '%WORD%') instead of a scan of every item. SQLite scans
the table, which stays fast at a ministry's scale."""

from django.db import migrations

from forcegen.core.database import on_postgresql

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS inventory_search_trgm ON logistics_inventoryitem USING gin "
    "(UPPER(item::text) gin_trgm_ops, UPPER(serial::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS inventory_search_trgm"]


class Migration(migrations.Migration):
    dependencies = [("logistics", "0008_coe_item_names_as_vocabulary")]

    operations = [on_postgresql(CREATE, DROP)]
