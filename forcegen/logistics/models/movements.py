"""Load lists: what a rotation moves, by sea or air, with weights and volumes."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import OrganisationOwned, OrganisationOwnedQuerySet, TimeStamped
from forcegen.deployments.models import Rotation

from .inventory import InventoryItem

if TYPE_CHECKING:
    from ..registers import LoadListFilters


class LoadListQuerySet(OrganisationOwnedQuerySet["LoadList"]):
    def with_totals(self) -> Self:
        """Each movement with `total_weight`, `total_volume` and `entry_count` (one query)."""
        zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))
        return self.annotate(
            total_weight=Coalesce(Sum("entries__weight_kg"), zero),
            total_volume=Coalesce(Sum("entries__volume_m3"), zero),
            entry_count=models.Count("entries"),
        )

    def for_list(self) -> Self:
        return self.select_related("rotation__unit", "rotation__mission").with_totals()

    def filtered(self, filters: LoadListFilters) -> Self:
        """The list's filters (page, export, API)."""
        found = self
        if filters.rotation:
            found = found.filter(rotation_id=filters.rotation)
        if filters.mode:
            found = found.filter(mode=filters.mode)
        if filters.direction:
            found = found.filter(direction=filters.direction)
        return found


class LoadList(OrganisationOwned, TimeStamped):
    """One movement of a rotation: a ship, a flight or a road convoy."""

    class Mode(models.TextChoices):
        SEA = "sea", _("Sea")
        AIR = "air", _("Air")
        ROAD = "road", _("Road")

    class Direction(models.TextChoices):
        DEPLOYMENT = "deployment", _("Deployment")
        REPATRIATION = "repatriation", _("Repatriation")

    rotation = models.ForeignKey(
        Rotation, on_delete=models.CASCADE, related_name="load_lists", verbose_name=_("rotation")
    )
    name = models.CharField(_("movement"), max_length=120)
    mode = models.CharField(_("mode"), max_length=4, choices=Mode.choices)
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices, default=Direction.DEPLOYMENT
    )
    departs_on = models.DateField(_("departs on"), null=True, blank=True)
    passengers = models.PositiveSmallIntegerField(
        _("passengers"), default=0, help_text=_("People on this flight (air baggage allowance).")
    )
    baggage_kg_per_person = models.PositiveSmallIntegerField(
        _("air baggage per person (kg)"), default=45, help_text=_("UN: 45 kg per person [V].")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = LoadListQuerySet.as_manager()

    class Meta:
        ordering = ["rotation", "departs_on", "name"]
        verbose_name = _("load list")
        verbose_name_plural = _("load lists")
        constraints = [
            models.UniqueConstraint(fields=["rotation", "name"], name="loadlist_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_mode_display()})"

    @property
    def baggage_allowance_kg(self) -> int:
        """The air baggage the passengers may take (0 for sea and road)."""
        return self.passengers * self.baggage_kg_per_person if self.mode == self.Mode.AIR else 0


class LoadEntry(models.Model):
    """A line of a load list: an inventory item or a container, with its weight and volume."""

    load_list = models.ForeignKey(LoadList, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(
        InventoryItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="load_entries",
        verbose_name=_("inventory item"),
    )
    container = models.CharField(_("container"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    weight_kg = models.DecimalField(
        _("total weight (kg)"), max_digits=12, decimal_places=1, validators=[MinValueValidator(0)]
    )
    volume_m3 = models.DecimalField(
        _("total volume (m³)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["load_list", "container", "pk"]
        verbose_name = _("load list line")
        verbose_name_plural = _("load list lines")
        constraints = [
            models.UniqueConstraint(
                fields=["load_list", "item"],
                condition=models.Q(item__isnull=False),
                name="loadentry_item_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} × {self.quantity}"

    @property
    def label(self) -> str:
        """What the line shows, on the page and the printout alike: an inventory item by its
        name in the reader's language (the stored description is its English name at the time,
        kept for when the item is gone); a line written by hand, as typed."""
        return self.item.display_name if self.item is not None else self.description
