from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "forcegen.insights"
    verbose_name = _("UN data and national insights")

    def ready(self) -> None:
        from forcegen.core.dashboard import register_panel

        from .dashboard import national_panel

        register_panel(national_panel)
