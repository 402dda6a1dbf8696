from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from forcegen.documents.reference import DATA, load


class Command(BaseCommand):
    help = "Load or refresh document types, issuing bodies, the framework checklist and subjects."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DATA), help="A reference JSON file.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = load(lambda name: apps.get_model("documents", name), Path(options["path"]))
        self.stdout.write(", ".join(f"{key}: {count}" for key, count in counts.items()))
