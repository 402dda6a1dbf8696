from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "forcegen.documents"
    label = "documents"
    verbose_name = _("Legal documents")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Attachment, Citation, Comment, Document

        # The search column repeats the number, titles and text already in the trail.
        auditlog.register(
            Document, exclude_fields=["search_text", "search_words"], m2m_fields={"covers"}
        )
        for model in (Comment, Attachment, Citation):
            auditlog.register(model)

        # What this app's reminders watch (core.reminders; the reminders app raises them).
        from forcegen.core import reminders

        from .reminder_kinds import CEASING, COMING_INTO_FORCE

        reminders.register(COMING_INTO_FORCE)
        reminders.register(CEASING)
