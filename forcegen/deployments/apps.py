from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeploymentsConfig(AppConfig):
    name = "forcegen.deployments"
    label = "deployments"
    verbose_name = _("Missions and deployments")

    def ready(self) -> None:
        from django.urls import reverse

        from forcegen.documents.citations import register as register_citable
        from forcegen.personnel.eligibility import register
        from forcegen.personnel.fitness import register_check
        from forcegen.training.checks import register_clash
        from forcegen.units.fitness import register_tour_finder
        from forcegen.units.in_mission import register as register_in_mission

        from .eligibility import MissionRequirements
        from .fitness import OtherTours, Rested, next_tour
        from .models import MissionRequirement
        from .numbers import strength_in_mission
        from .services import deployment_clash

        register(MissionRequirements())
        register_check(OtherTours())
        register_check(Rested())
        register_clash(deployment_clash)
        register_tour_finder(next_tour)
        register_citable(
            MissionRequirement,
            label=_("Mission requirement"),
            permission="deployments.change_missionrequirement",
            url=lambda record: reverse("deployments:rules"),
        )
        register_in_mission(strength_in_mission)

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import LAPSING_DURING_TOUR, ROTATION_TO_PLAN, UNFIT_FOR_ROTATION

        reminders.register(LAPSING_DURING_TOUR)
        reminders.register(UNFIT_FOR_ROTATION)
        reminders.register(ROTATION_TO_PLAN)
