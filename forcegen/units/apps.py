from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "forcegen.units"
    label = "units"
    verbose_name = _("Units and readiness")

    def ready(self) -> None:
        from forcegen.personnel.fitness import register_check

        from .fitness import OtherSlots

        register_check(OtherSlots())
