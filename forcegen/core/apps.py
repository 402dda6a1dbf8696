from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "forcegen.core"
    label = "core"
    verbose_name = _("Organisations and sharing")

    def ready(self) -> None:
        from .text import guard_text_fields

        # Every model of every forcegen app, so that a new app's text is guarded too.
        for config in apps.get_app_configs():
            if config.name.startswith("forcegen."):
                for model in config.get_models():
                    guard_text_fields(model)
