import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from forcegen.reminders import delivery, services


class Command(BaseCommand):
    help = (
        "The daily run: the apps' daily steps (plan items whose activities are held advance), "
        "then raise the reminders due, resolve those whose cause went away, and e-mail each "
        "user's new reminders (daily digest or immediate, as they chose). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Run as on this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today: give a date as YYYY-MM-DD.") from exc
        summary = services.daily_run(today=today)
        sent = delivery.send()
        self.stdout.write(f"{summary}; {sent} e-mail(s) sent")
