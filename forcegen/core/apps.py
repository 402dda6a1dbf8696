from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "forcegen.core"
    label = "core"
    verbose_name = _("Organisations and sharing")

    def ready(self) -> None:
        from . import terms  # noqa: F401  (an edited term clears the vocabulary's cache)
        from .guards import guard_forcegen_models

        guard_forcegen_models()
