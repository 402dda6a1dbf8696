from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "forcegen.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from django.urls import reverse

        from forcegen.documents.citations import register as register_citable
        from forcegen.personnel.eligibility import register
        from forcegen.personnel.fitness import register_check

        from .eligibility import CoursesCertified, InClass
        from .models import Course

        register(CoursesCertified())
        register_check(InClass())
        register_citable(
            Course,
            label=_("Course"),
            permission="training.change_course",
            url=lambda record: reverse("training:course", args=[record.pk]),
        )

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import OPEN_SEATS

        reminders.register(OPEN_SEATS)
