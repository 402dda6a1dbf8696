from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.models import Organisation
from forcegen.logistics.imports import import_inventory


class Command(BaseCommand):
    help = (
        "Import inventory items (.csv or .xlsx with the columns of the import template) into an "
        "organisation's units. Every row is checked first: one bad row and nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="Organisation code, e.g. vn-dpko.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with code {options['org']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            count = import_inventory(
                organisation=organisation, data=path.read_bytes(), filename=path.name
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{path.name} refused; nothing was stored.") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {count} items from {path.name}."))
