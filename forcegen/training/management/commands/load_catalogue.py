from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.models import Organisation
from forcegen.personnel.services import read_csv
from forcegen.training.catalogue_file import CATALOGUE_CSV, load_catalogue


class Command(BaseCommand):
    help = (
        "Create an organisation's course catalogue from a CSV file (default: the starter "
        "catalogue in forcegen/training/data/catalogue.csv, whose columns it documents). "
        "Courses that exist are kept as edited unless --update. All rows or none are stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", default=CATALOGUE_CSV)
        parser.add_argument("--org", required=True, help="Organisation code, e.g. vn-dpko.")
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing courses from the file."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with code {options['org']!r}.")
        if not options["file"].exists():
            raise CommandError(f"{options['file']}: no such file.")
        try:
            counts = load_catalogue(
                organisation=organisation,
                rows=read_csv(options["file"]),
                update_existing=options["update"],
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(", ".join(f"{state}: {n}" for state, n in counts.items()))
