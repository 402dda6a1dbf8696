"""On PostgreSQL, the folded search copy is compressed with LZ4 instead of pglz: a search that
matches most of the register rechecks every candidate's text, and decompressing pglz was most
of that work (10,000 documents, 11 MB of folded text: 200 → 100 ms for a three-word search).
Servers built without LZ4 (or older than PostgreSQL 14) keep pglz."""

from django.db import migrations

from forcegen.core.database import on_postgresql

HAS_LZ4 = (
    "EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
    "AND 'lz4' = ANY(enumvals))"
)


def _if_lz4(*statements: str) -> str:
    body = " ".join(f"{statement};" for statement in statements)
    return f"DO $$ BEGIN IF {HAS_LZ4} THEN {body} END IF; END $$"


LZ4 = [
    _if_lz4(
        "ALTER TABLE documents_document ALTER COLUMN search_text SET COMPRESSION lz4",
        # Rewrite the stored values: a column's compression applies to values written after.
        "UPDATE documents_document SET search_text = search_text || ''",
    )
]
PGLZ = [
    _if_lz4("ALTER TABLE documents_document ALTER COLUMN search_text SET COMPRESSION pglz"),
]


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_fill_stops_on")]

    operations = [on_postgresql(LZ4, PGLZ)]
