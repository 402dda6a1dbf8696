"""The UN–contributor MOU of a unit in a mission (annexes A, B and C) and the UN's payments."""

from __future__ import annotations

import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import OrganisationOwned, OrganisationOwnedQuerySet, TimeStamped
from forcegen.deployments.models import Mission, Rotation
from forcegen.units.models import EquipmentKind, Unit

from .catalogue import CoeCategory, CoeItem, LeaseType


class MouQuerySet(OrganisationOwnedQuerySet["Mou"]):
    def in_force(self, unit_id: int, mission_id: int, on: datetime.date) -> Self:
        """The unit's MOU for the mission in force on `on`, latest first."""
        return (
            self.filter(unit_id=unit_id, mission_id=mission_id, in_force_from__lte=on)
            .filter(Q(in_force_to__isnull=True) | Q(in_force_to__gte=on))
            .order_by("-in_force_from")
        )


class Mou(OrganisationOwned, TimeStamped):
    """A memorandum of understanding between the UN and the contributor for a unit."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="mous", verbose_name=_("unit")
    )
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="mous", verbose_name=_("mission")
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(_("in force from"))
    in_force_to = models.DateField(_("in force to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = MouQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "-in_force_from"]
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "mission", "in_force_from"], name="mou_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(in_force_to__isnull=True)
                | Q(in_force_to__gte=models.F("in_force_from")),
                name="mou_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("MOU %(unit)s – %(mission)s from %(start)s") % {
            "unit": self.unit.name,
            "mission": self.mission.acronym,
            "start": self.in_force_from.isoformat(),
        }


class PersonnelCategory(models.TextChoices):
    OFFICERS = "officers", _("Officers")
    NCOS = "ncos", _("Non-commissioned officers")
    OTHER_RANKS = "other_ranks", _("Other ranks")
    CIVILIANS = "civilians", _("Civilian staff")


class MouPersonnel(models.Model):
    """Annex A: the strength of one category and rank."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="personnel")
    category = models.CharField(_("category"), max_length=12, choices=PersonnelCategory.choices)
    rank = models.CharField(_("rank"), max_length=60)
    strength = models.PositiveSmallIntegerField(_("strength"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["mou", "category", "rank"]
        verbose_name = _("annex A line")
        verbose_name_plural = _("annex A lines")
        constraints = [
            models.UniqueConstraint(fields=["mou", "category", "rank"], name="moupersonnel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rank} × {self.strength}"


class MouEquipment(models.Model):
    """Annex B: a major-equipment item, how many, and the lease."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="equipment")
    item = models.ForeignKey(
        CoeItem, on_delete=models.PROTECT, related_name="mou_lines", verbose_name=_("item")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    lease_type = models.CharField(
        _("lease"), max_length=3, choices=LeaseType.choices, default=LeaseType.WET
    )

    class Meta:
        ordering = ["mou", "item__category__order", "item__code"]
        verbose_name = _("annex B line")
        verbose_name_plural = _("annex B lines")
        constraints = [
            models.UniqueConstraint(fields=["mou", "item"], name="mouequipment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity} ({self.lease_type})"


class ProvidedBy(models.TextChoices):
    CONTRIBUTOR = "contributor", _("The contributor")
    UN = "un", _("The UN")


class MouSelfSustainment(models.Model):
    """Annex C: a self-sustainment category and who provides it."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="self_sustainment")
    category = models.ForeignKey(
        CoeCategory,
        on_delete=models.PROTECT,
        related_name="mou_lines",
        limit_choices_to={"annex": EquipmentKind.SELF_SUSTAINMENT},
        verbose_name=_("category"),
    )
    provided_by = models.CharField(
        _("provided by"), max_length=12, choices=ProvidedBy.choices, default=ProvidedBy.CONTRIBUTOR
    )

    class Meta:
        ordering = ["mou", "category__order", "category__code"]
        verbose_name = _("annex C line")
        verbose_name_plural = _("annex C lines")
        constraints = [
            models.UniqueConstraint(fields=["mou", "category"], name="mouselfsustainment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.get_provided_by_display()}"


class Payment(OrganisationOwned, TimeStamped):
    """Money received from the UN for a rotation and period."""

    rotation = models.ForeignKey(
        Rotation, on_delete=models.PROTECT, related_name="payments", verbose_name=_("rotation")
    )
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(
        _("amount (US$)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = OrganisationOwnedQuerySet["Payment"].as_manager()

    class Meta:
        ordering = ["rotation", "period_from"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="payment_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"US$ {self.amount} ({self.period_from} – {self.period_to})"

    def clean(self) -> None:
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("The period ends before it starts.")})
