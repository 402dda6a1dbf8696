from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "forcegen.units"
    label = "units"
    verbose_name = _("Units and readiness")

    def ready(self) -> None:
        from django.urls import reverse

        from forcegen.documents.citations import register as register_citable
        from forcegen.personnel.fitness import register_check

        from .fitness import OtherSlots
        from .models import UnitTemplate

        register_check(OtherSlots())
        register_citable(
            UnitTemplate,
            label=_("Unit template"),
            permission="units.change_unittemplate",
            url=lambda record: reverse("units:template", args=[record.pk]),
        )

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import PLEDGE_RENEWAL, VISIT_COMING

        reminders.register(PLEDGE_RENEWAL)
        reminders.register(VISIT_COMING)
