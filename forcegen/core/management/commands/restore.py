from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database: every record and "
        "document, or nothing. A damaged archive or one from a newer version is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The archive written by `backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(options["file"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Restored {summary.rows} rows in {summary.models} tables and {summary.files} files."
        )
