"""Stand-ins for the core bases until they land in core (same fields, so no migration changes)."""

import datetime
from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ReferenceData(models.Model):
    effective_from = models.DateField(_("effective from"), default=datetime.date(2000, 1, 1))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class TranslatedName(models.Model):
    LANGUAGES: ClassVar[tuple[str, ...]] = ("en", "lo", "vi", "fr")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_lo = models.CharField(_("name (Lao)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def name_in(self, language: str) -> str:
        code = language.split("-")[0]
        translated = getattr(self, f"name_{code}", "") if code in self.LANGUAGES else ""
        return str(translated or self.name_en)

    @property
    def label(self) -> str:
        return self.name_in(get_language() or "en")
