from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forcegen.core.models import Organisation
from forcegen.units.template_files import (
    load_unit_templates,
    read_template_files,
    starter_template_files,
)


class Command(BaseCommand):
    help = (
        "Create or update an organisation's unit templates (table of organisation and equipment) "
        "from JSON files; without files, the starter templates in forcegen/units/data/. "
        "All files or none are stored. Format: forcegen/units/data/README.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument("--org", required=True, help="Organisation code, e.g. vn-dpko.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with code {options['org']!r}.")
        paths: list[Path] = options["files"] or starter_template_files()
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}.")
        try:
            counts = load_unit_templates(
                organisation=organisation, documents=read_template_files(paths)
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(", ".join(f"{what}: {n}" for what, n in counts.items()))
