from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "forcegen.logistics"
    label = "logistics"
    verbose_name = _("Logistics and reimbursement")

    def ready(self) -> None:
        from forcegen.units.extensions import (
            register_inventory_counts,
            register_links,
            register_reminders,
        )

        from .inspections import inspection_reminders, unit_links
        from .models import with_inventory_counts

        register_inventory_counts(with_inventory_counts)
        register_reminders(inspection_reminders)
        register_links(unit_links)

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import INSPECTION_DUE

        reminders.register(INSPECTION_DUE)
