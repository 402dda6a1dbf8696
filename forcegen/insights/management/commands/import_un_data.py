from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.insights.un_files import import_un_file


class Command(BaseCommand):
    help = (
        "Import a UN peacekeeping file (monthly contributions by sex, monthly ranking, or the IPI "
        "wide file; the format is detected). All or nothing; the same file twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            try:
                result = import_un_file(name=path.name, data=path.read_bytes())
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            except ValidationError as exc:
                raise CommandError(
                    f"{path}: nothing imported.\n" + "\n".join(exc.messages)
                ) from exc
            source = result.file
            if result.created:
                self.stdout.write(
                    f"{path.name}: {source.get_format_display()}, {source.rows} rows, "
                    f"{source.figures} figures, "
                    f"{source.first_month:%Y-%m} to {source.last_month:%Y-%m}"
                )
            else:
                self.stdout.write(f"{path.name}: already imported on {source.imported_at:%Y-%m-%d}")
