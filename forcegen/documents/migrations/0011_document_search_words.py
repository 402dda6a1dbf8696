"""The distinct words of the folded search text (runs of a–z and 0–9), for "a word of the
document starts with …" (`search.StartWords`).

On PostgreSQL the database also keeps them as a tsvector (`search_vector`, a generated column
Django does not manage), which a GIN index answers exactly: the trigram index's candidates for
a common word were most of the register, and rechecking their texts was most of a search's
time (10,000 documents: ~60 of ~100 ms). The tsvector is kept in the row (MAIN): a search that
matches most of the register reads it for every row, and from the TOAST table that was three
page reads a row. The trigram index stays, for words matched anywhere (Lao, numbers with
slashes)."""

from django.db import migrations, models

from forcegen.core.database import on_postgresql

VECTOR = "array_to_tsvector(string_to_array(btrim(search_words), ' '))"
CREATE = [
    f"ALTER TABLE documents_document ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR}) STORED, ALTER COLUMN search_vector SET STORAGE MAIN",
    "CREATE INDEX document_search_words ON documents_document USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS document_search_words",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("documents", "0010_search_text_lz4")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_words",
            field=models.TextField(default="", editable=False),
        ),
        on_postgresql(CREATE, DROP),
    ]
