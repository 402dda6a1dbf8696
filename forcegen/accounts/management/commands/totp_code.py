from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from forcegen.accounts.two_factor import current_code


class Command(BaseCommand):
    help = "Demo only: print the current sign-in code of a demo user's authenticator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("totp_code works only on a demo database (FORCEGEN_DEMO=1).")
        device = TOTPDevice.objects.filter(
            user__username=options["username"], confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{options['username']!r} has no authenticator.")
        self.stdout.write(current_code(device))
