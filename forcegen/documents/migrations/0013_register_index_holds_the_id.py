"""The register's index also holds the id, so that PostgreSQL picks a page of ids from the index
alone instead of reading every document's row (SQLite's indexes carry the row id anyway)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0012_fill_search_words")]

    operations = [
        migrations.RemoveIndex(model_name="document", name="document_register_in_force"),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=[
                    "organisation",
                    "type",
                    "signed_on",
                    "is_shared",
                    "status",
                    "effective_from",
                    "effective_to",
                    "stops_on",
                    "id",
                ],
                name="document_register_in_force",
            ),
        ),
    ]
