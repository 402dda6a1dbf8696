"""Fill the search words of the documents already registered, from their folded text."""

from typing import Any

from django.db import migrations

from forcegen.documents.search import words_of

BATCH = 500


def fill(apps: Any, schema_editor: Any) -> None:
    Document = apps.get_model("documents", "Document")
    changed = []
    for document in Document.objects.only("search_text").iterator(chunk_size=BATCH):
        document.search_words = words_of(document.search_text)
        changed.append(document)
        if len(changed) == BATCH:
            Document.objects.bulk_update(changed, ["search_words"])
            changed = []
    Document.objects.bulk_update(changed, ["search_words"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0011_document_search_words")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
