"""Delete uploaded files no record points to (left by a killed import or upload)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forcegen.core.files import orphan_files


class Command(BaseCommand):
    help = "Delete uploaded files that no record points to (left by a killed import or upload)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="Only files untouched this long (younger ones may be uploads in progress).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List, do not delete.")

    def handle(self, *args: Any, **options: Any) -> None:
        found = orphan_files(older_than=datetime.timedelta(minutes=options["min_age_minutes"]))
        for path in found:
            if not options["dry_run"]:
                path.unlink()
            self.stdout.write(str(path))
        verb = "found" if options["dry_run"] else "removed"
        self.stdout.write(f"{len(found)} orphan file(s) {verb}.")
