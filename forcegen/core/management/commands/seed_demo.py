from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from forcegen.core.database import refresh_statistics

# Each app that has demo data exposes `demo.seed(scale=...)`; order follows the dependencies.
DEMO_STEPS = [
    "forcegen.core.demo",
    "forcegen.accounts.demo",
    "forcegen.personnel.demo",
    "forcegen.training.demo",
    "forcegen.units.demo",
    "forcegen.deployments.demo",  # the deployment record's rotations belong to units
    "forcegen.planning.demo",  # candidates for the rotations in formation
    "forcegen.documents.demo",
    "forcegen.logistics.demo",  # inventories of the units, inspections of the rotations
    "forcegen.cooperation.demo",  # the checklist of the next rotation, trainees of the classes
    "forcegen.insights.demo",
    "forcegen.reminders.demo",  # last: reminders read every app's demo records
]


class Command(BaseCommand):
    help = "Create or refresh the demo organisations, users and records (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also add this many synthetic records for benchmarks.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for step in DEMO_STEPS:
                summary = import_module(step).seed(scale=options["scale"])
                self.stdout.write(f"{step.split('.')[1]}: {summary}")
        refresh_statistics()
        logins = import_module("forcegen.accounts.demo").logins()
        self.stdout.write(
            f"Demo logins (password from FORCEGEN_DEMO_PASSWORD, default "
            f"'{'peacekeeping' if settings.DEMO_PASSWORD == 'peacekeeping' else '…'}'): "
            + ", ".join(logins)
        )
        self.stdout.write(import_module("forcegen.accounts.demo").second_factor_note())
