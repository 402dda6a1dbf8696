from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "forcegen.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from forcegen.deployments.extensions import register_rotation_panel

        from . import models
        from .coordination import late_tasks_panel

        for model in (
            models.Partner,
            models.Contact,
            models.Agreement,
            models.Plan,
            models.PlanItem,
            models.Commitment,
            models.Checklist,
            models.ChecklistStep,
            models.CoordinationTask,
        ):
            auditlog.register(model)
        auditlog.register(models.Activity, m2m_fields={"members", "advances"})
        register_rotation_panel(late_tasks_panel)

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import COMMITMENT_DUE, TASK_DUE

        reminders.register(COMMITMENT_DUE)
        reminders.register(TASK_DUE)

        # Plan items advance once their activities' last day has passed (core.daily).
        from forcegen.core import daily

        from .services import advance_held_items

        daily.register(daily.Step("cooperation.plan_items_advanced", advance_held_items))
