from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.models import Organisation
from forcegen.personnel.imports import RosterRejected, import_roster_file


class Command(BaseCommand):
    help = (
        "Import a personnel roster (.csv or .xlsx, see docs/roster-import.md) into an "
        "organisation. Every row is checked first: one bad row and nothing is stored. People are "
        "matched by service number, so importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="Organisation code, e.g. la-pko.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; store nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with code {options['org']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            plan = import_roster_file(
                organisation=organisation, path=path, dry_run=options["dry_run"]
            )
        except RosterRejected as exc:
            for error in exc.rows:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(exc.rows)} error(s) in {path.name}; nothing was stored."
            ) from exc
        counts = plan.counts
        summary = ", ".join(f"{key}: {counts[key]}" for key in ("created", "updated", "unchanged"))
        if options["dry_run"]:
            self.stdout.write(f"Dry run, nothing stored. {path.name} would give {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {summary}."))
