from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.dateparse import parse_date

from forcegen.units.models import Unit
from forcegen.units.services import take_snapshots


class Command(BaseCommand):
    help = (
        "Store today's readiness snapshot of every unit of every organisation (run it daily, "
        "e.g. from cron: `python manage.py snapshot_readiness`). Running it again the same day "
        "replaces that day's snapshots."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Day to file the snapshots under (YYYY-MM-DD).")
        parser.add_argument(
            "--include-stood-down", action="store_true", help="Also units that stood down."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        units = Unit.objects.order_by("organisation_id", "pk")
        if not options["include_stood_down"]:
            units = units.exclude(status=Unit.Status.STOOD_DOWN)
        day = parse_date(options["date"]) if options["date"] else None
        stored = take_snapshots(units=list(units), on=day)
        self.stdout.write(f"readiness snapshots stored: {stored}")
