from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "forcegen.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from forcegen.personnel.eligibility import register

        from .eligibility import CoursesCertified

        register(CoursesCertified())
