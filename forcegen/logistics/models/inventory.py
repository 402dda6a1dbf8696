"""The inventory of contingent-owned equipment and the inspections that decide what is paid.

An item belongs to a unit and may count towards one of the unit's equipment lines (readiness
reads those counts through `with_inventory_counts`). Its history is the audit trail plus the
findings of every inspection that saw it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import OrganisationOwned, OrganisationOwnedQuerySet, TimeStamped
from forcegen.core.terms import term
from forcegen.deployments.models import Rotation
from forcegen.units.models import EquipmentKind, EquipmentLine, Unit

from .catalogue import CoeItem

if TYPE_CHECKING:
    from forcegen.logistics.registers import InventoryFilters


class LogisticsPolicyQuerySet(OrganisationOwnedQuerySet["LogisticsPolicy"]):
    def for_organisation(self, organisation_id: int) -> LogisticsPolicy:
        return self.filter(organisation_id=organisation_id).first() or LogisticsPolicy(
            organisation_id=organisation_id
        )


class LogisticsPolicy(OrganisationOwned):
    """An organisation's logistics figures: data an administrator edits."""

    readiness_inspection_months = models.PositiveSmallIntegerField(
        _("operational-readiness inspection every (months)"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_("COE Manual: at least every six months [V/S]."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before an inspection is due"), default=30
    )
    air_baggage_kg = models.PositiveSmallIntegerField(
        _("air baggage per person (kg)"),
        default=45,
        help_text=_("UN: 45 kg per person [V]."),
    )

    objects = LogisticsPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("logistics policy")
        verbose_name_plural = _("logistics policies")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="logisticspolicy_one_per_org"),
        ]

    def __str__(self) -> str:
        return str(_("Logistics policy"))


class Condition(models.TextChoices):
    NEW = "new", _("New")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    UNDER_REPAIR = "under_repair", _("Under repair")
    WRITTEN_OFF = "written_off", _("Written off")


class Location(models.TextChoices):
    HOME = "home", _("At home")
    IN_TRANSIT = "in_transit", _("In transit")
    IN_MISSION = "in_mission", _("In the mission")


class InventoryItemQuerySet(OrganisationOwnedQuerySet["InventoryItem"]):
    def filtered(self, filters: InventoryFilters) -> Self:
        """The inventory register's filters, for the page, the export and the API alike."""
        items = self
        if filters.unit is not None:
            items = items.filter(unit_id=filters.unit)
        if filters.annex:
            items = items.filter(annex=filters.annex)
        if filters.location:
            items = items.filter(location=filters.location)
        if filters.serviceable:
            items = items.filter(serviceable=filters.serviceable == "yes")
        if filters.q.strip():
            text = filters.q.strip()
            items = items.filter(Q(item__icontains=text) | Q(serial__icontains=text))
        return items

    def for_list(self) -> Self:
        """Ordered by unit (id, so the list index serves the order), category, item, serial."""
        return self.select_related("unit", "coe_item").order_by(
            "unit_id", "category", "item", "serial"
        )


class InventoryItem(OrganisationOwned, TimeStamped):
    """One piece of contingent-owned equipment a unit holds."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="inventory", verbose_name=_("owner unit")
    )
    line = models.ForeignKey(
        EquipmentLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inventory_items",
        verbose_name=_("counts towards"),
    )
    annex = models.CharField(
        _("annex"), max_length=20, choices=EquipmentKind.choices, default=EquipmentKind.MAJOR
    )
    coe_item = models.ForeignKey(
        CoeItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inventory",
        verbose_name=_("COE catalogue item"),
        help_text=_("Major equipment is reimbursed at this item's rate."),
    )
    category = models.CharField(_("category"), max_length=100)
    item = models.CharField(_("item"), max_length=150)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    condition = models.CharField(
        _("condition"), max_length=16, choices=Condition.choices, default=Condition.GOOD
    )
    serviceable = models.BooleanField(_("serviceable"), default=True)
    location = models.CharField(
        _("location"), max_length=12, choices=Location.choices, default=Location.HOME
    )
    weight_kg = models.DecimalField(
        _("weight (kg)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    volume_m3 = models.DecimalField(
        _("volume (m³)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)

    objects = InventoryItemQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "category", "item", "serial"]
        verbose_name = _("inventory item")
        verbose_name_plural = _("inventory items")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "item", "serial"],
                condition=~Q(serial=""),
                name="inventoryitem_serial_once_per_unit",
            ),
            models.CheckConstraint(
                condition=~Q(condition="written_off") | Q(serviceable=False),
                name="inventoryitem_written_off_unserviceable",
            ),
        ]
        indexes = [
            models.Index(fields=["line", "serviceable"], name="inventoryitem_line_idx"),
            models.Index(
                fields=["organisation", "unit", "category", "item", "serial"],
                name="inventoryitem_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.serial}".strip()

    @property
    def display_name(self) -> str:
        """In the reader's language: the catalogue's name of a catalogued item, else the shared
        vocabulary's (core.terms), else the name as stored. Read `coe_item` with the item."""
        return self.coe_item.label if self.coe_item else term("equipment", self.item)


def with_inventory_counts(lines: Any) -> Any:
    """Equipment lines with `held_count` and `serviceable_count` from the inventory (registered
    with units, so readiness counts items without units knowing this app)."""
    items = InventoryItem.objects.filter(line=OuterRef("pk")).order_by().values("line")

    def counted(condition: Q) -> Coalesce:
        count = items.filter(condition).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))

    return lines.annotate(held_count=counted(Q()), serviceable_count=counted(Q(serviceable=True)))


class InspectionQuerySet(OrganisationOwnedQuerySet["Inspection"]):
    def governing(self, day: datetime.date) -> Self:
        """Per unit, the inspection that governs a month ending on `day`: the latest on or
        before it (what the serviceability report shows and the estimate reimburses)."""
        latest = (
            Inspection.objects.filter(unit_id=OuterRef("unit_id"), on__lte=day)
            .order_by("-on", "-pk")
            .values("pk")[:1]
        )
        return self.filter(on__lte=day).filter(pk=Subquery(latest))

    def for_list(self) -> Self:
        return self.select_related("unit", "rotation__mission").annotate(
            items=Count("findings"),
            deficient=Count("findings", filter=Q(findings__serviceable=False)),
        )


class Inspection(OrganisationOwned, TimeStamped):
    """A COE inspection of a unit; its findings are the basis of reimbursement."""

    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("Arrival inspection")
        OPERATIONAL_READINESS = "operational_readiness", _("Operational-readiness inspection")
        MONTHLY = "monthly", _("Monthly serviceability report")
        SPOT = "spot", _("Spot check")
        REPATRIATION = "repatriation", _("Repatriation inspection")

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("unit")
    )
    rotation = models.ForeignKey(
        Rotation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("rotation"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    on = models.DateField(_("date"))
    inspectors = models.CharField(_("inspectors"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["unit", "on"], name="inspection_unit_on_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Finding(models.Model):
    """What an inspection found for one item: present, serviceable, and any deficiency."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        InventoryItem, on_delete=models.CASCADE, related_name="findings", verbose_name=_("item")
    )
    present = models.BooleanField(_("present"), default=True)
    serviceable = models.BooleanField(_("serviceable"), default=True)
    deficiency = models.CharField(_("deficiency"), max_length=300, blank=True)

    class Meta:
        ordering = ["inspection", "item__category", "item__item", "item__serial"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="finding_once_per_item"),
            models.CheckConstraint(
                condition=Q(present=True) | Q(serviceable=False),
                name="finding_missing_is_unserviceable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.status}"

    @property
    def reimbursable(self) -> bool:
        return self.present and self.serviceable

    @property
    def status(self) -> str:
        if not self.present:
            return str(_("missing"))
        return str(_("serviceable")) if self.serviceable else str(_("unserviceable"))


class InventoryUpload(models.Model):
    """An inventory file waiting for its import job, kept in the database with its job (not on
    disk): the import deletes it whether it succeeds or fails."""

    job = models.OneToOneField(
        "core.Job", on_delete=models.CASCADE, related_name="+", verbose_name=_("job")
    )
    name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("inventory file awaiting import")
        verbose_name_plural = _("inventory files awaiting import")

    def __str__(self) -> str:
        return self.name
