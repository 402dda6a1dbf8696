from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeploymentsConfig(AppConfig):
    name = "forcegen.deployments"
    label = "deployments"
    verbose_name = _("Missions and deployments")

    def ready(self) -> None:
        from forcegen.personnel.eligibility import register
        from forcegen.training.checks import register_clash

        from .eligibility import MissionRequirements
        from .services import deployment_clash

        register(MissionRequirements())
        register_clash(deployment_clash)
