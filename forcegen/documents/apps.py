from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "forcegen.documents"
    label = "documents"
    verbose_name = _("Legal documents")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Document

        # The search column repeats the number, titles and text already in the trail.
        auditlog.register(Document, exclude_fields=["search_text"], m2m_fields={"covers"})
