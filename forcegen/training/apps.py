from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "forcegen.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from forcegen.personnel.eligibility import register
        from forcegen.personnel.fitness import register_check

        from .eligibility import CoursesCertified, InClass

        register(CoursesCertified())
        register_check(InClass())
