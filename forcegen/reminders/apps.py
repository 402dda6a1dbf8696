from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "forcegen.reminders"
    label = "reminders"
    verbose_name = _("Reminders and self-service")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from forcegen.core.reminders import on_change

        from .models import Reminder, ReminderRule
        from .tasks import refresh_soon

        auditlog.register(ReminderRule, m2m_fields={"roles"})
        # What a user does with a reminder; raising and resolving are the daily run's.
        auditlog.register(Reminder, include_fields=["state", "snoozed_until"])
        on_change(refresh_soon)
