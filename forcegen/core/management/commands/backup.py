from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forcegen.core.backup import write_backup


class Command(BaseCommand):
    help = "Write the whole database and the uploaded documents to one archive (tar.gz)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The archive to write, e.g. backup.tar.gz.")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        summary = write_backup(target)
        self.stdout.write(
            f"{target}: {summary.rows} rows in {summary.models} tables, {summary.files} files"
        )
