from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.models import Organisation
from forcegen.core.org_export import write_organisation_export


class Command(BaseCommand):
    help = "Write one organisation's records (CSV) and documents, and nothing else, to a ZIP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The organisation's code, e.g. la-pko.")
        parser.add_argument("file", type=Path, help="The ZIP file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the code {options['org']!r}.")
        with options["file"].open("wb") as target:
            rows = write_organisation_export(organisation, target)
        self.stdout.write(f"{options['file']}: {rows} rows of {organisation.code}")
