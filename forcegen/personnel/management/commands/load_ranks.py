from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.models import Organisation
from forcegen.personnel.services import load_ranks, read_csv


class Command(BaseCommand):
    help = (
        "Create or update an organisation's rank table from a CSV file with the columns "
        "code, name_native, name_en, nato_code, source. All rows or none are stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="Organisation code, e.g. vn-dpko.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with code {options['org']!r}.")
        if not options["file"].exists():
            raise CommandError(f"{options['file']}: no such file.")
        try:
            counts = load_ranks(organisation=organisation, rows=read_csv(options["file"]))
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(", ".join(f"{state}: {n}" for state, n in counts.items()))
