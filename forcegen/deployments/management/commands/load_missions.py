from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.deployments.mission_file import DEFAULT_CORRECTIONS, load_missions, read_rows


class Command(BaseCommand):
    help = (
        "Load UN peacekeeping missions from the Peace and Security Data Hub CSV (DPPADPOSS-PKO), "
        "repairing its known quirks and reporting what was fixed or is doubtful. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--corrections",
            type=Path,
            default=DEFAULT_CORRECTIONS,
            help="CSV of known corrections (acronym, field, value, source).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in (options["file"], options["corrections"]):
            if not path.exists():
                raise CommandError(f"{path}: no such file.")
        try:
            load = load_missions(
                rows=read_rows(options["file"].read_bytes()),
                corrections=read_rows(options["corrections"].read_bytes()),
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"missions created: {load.created}, updated: {load.updated}, "
            f"unchanged: {load.unchanged}"
        )
        for line in load.fixed:
            self.stdout.write(f"fixed: {line}")
        for line in load.doubted:
            self.stdout.write(f"doubt: {line}")
