"""Follow the graph once for the documents already registered, so that "in force on a date",
now read from `stops_on`, answers for them as it did when it followed the graph on every read."""

from typing import Any

from django.db import migrations

from forcegen.documents.models import stops_on_from_graph


def follow_graph(apps: Any, schema_editor: Any) -> None:
    Document = apps.get_model("documents", "Document")
    Relation = apps.get_model("documents", "Relation")
    Transition = apps.get_model("documents", "Transition")
    Document.objects.update(stops_on=stops_on_from_graph(Relation, Transition))


class Migration(migrations.Migration):
    dependencies = [("documents", "0008_in_force_follows_graph_on_write")]

    operations = [migrations.RunPython(follow_graph, migrations.RunPython.noop)]
