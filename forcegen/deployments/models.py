"""Missions (UN reference data) and, in later steps, rotations and deployments to them."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MissionQuerySet(models.QuerySet["Mission"]):
    def visible_to(self, user: object) -> Self:
        """Missions are public UN reference data, the same for every organisation."""
        return self

    def active(self) -> Self:
        return self.filter(is_active=True)

    def search(self, text: str) -> Self:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(acronym__icontains=text) | Q(name__icontains=text) | Q(location__icontains=text)
        )


class Mission(models.Model):
    """A UN peacekeeping operation, loaded from the UN Peace and Security Data Hub file."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    lead_department = models.CharField(_("lead department"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    location = models.CharField(_("headquarters"), max_length=100, blank=True)
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    coordinates_doubtful = models.BooleanField(
        _("coordinates doubtful"),
        default=False,
        help_text=_("The source may have swapped latitude and longitude; check before mapping."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_updated_on = models.DateField(_("source updated on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="mission_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="mission_latitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}"
