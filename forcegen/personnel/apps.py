from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "forcegen.personnel"
    label = "personnel"
    verbose_name = _("Personnel")

    def ready(self) -> None:
        from django.urls import reverse

        from forcegen.documents.citations import register as register_citable

        from .models import Requirement

        register_citable(
            Requirement,
            label=_("Eligibility requirement"),
            permission="personnel.change_requirement",
            url=lambda record: reverse("personnel:requirement_edit", args=[record.pk]),
        )

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import EXPIRING

        reminders.register(EXPIRING)
