from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "forcegen.planning"
    label = "planning"
    verbose_name = _("Rotation planning")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import PlanRun

        # The instance and plan are machine output (megabytes at 20,000 people), and progress
        # is the job's: the audit trail keeps the decisions (options, acceptance).
        auditlog.register(PlanRun, exclude_fields=["instance", "plan"], m2m_fields={"rotations"})
