"""The COE catalogue and the rates the UN pays: reference data with dates and sources.

Every rate is a dated row (effective from/to, source, how well it is verified) that an
administrator enters from the COE Manual or the MOU; no rate is built into the code. The one
question "which rate was in force on that day?" is answered by `RateQuerySet.overlapping` and
`rate_on` (reimbursement.py), for personnel, equipment and self-sustainment alike.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import ReferenceData
from forcegen.deployments.models import Mission
from forcegen.units.models import EquipmentKind

if TYPE_CHECKING:
    from forcegen.logistics.reference_registers import (
        FactorFilters,
        PersonnelRateFilters,
        RateFilters,
    )


class Evidence(models.TextChoices):
    """How a figure was verified (reference-facts.md tags)."""

    VERIFIED = "V", _("[V] read in a primary or official source")
    SECONDARY = "S", _("[S] secondary source only")
    UNVERIFIED = "U", _("[U] unverified")


class LeaseType(models.TextChoices):
    """Wet lease: the contributor maintains the item (maintenance is in the rate); dry lease:
    the UN maintains it."""

    WET = "wet", _("Wet lease")
    DRY = "dry", _("Dry lease")


class TranslatedNames(models.Model):
    """A name in the four languages of the interface; `label` answers in the active one."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_lo = models.CharField(_("name (Lao)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (translation.get_language() or "en")[:2]
        return str(getattr(self, f"name_{language}", "") or self.name_en)


_M = TypeVar("_M", bound=models.Model)


class ReferenceQuerySet(models.QuerySet[_M]):
    def visible_to(self, user: object) -> Self:
        """UN reference data: the same for every organisation."""
        return self

    def overlapping(self, start: datetime.date, end: datetime.date) -> Self:
        """Rows in force on at least one day of [start, end]."""
        return self.filter(effective_from__lte=end).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=start)
        )


def _in_force_on(rows: Any, day: datetime.date | None) -> Any:
    return rows.overlapping(day, day) if day is not None else rows


class CoeRateQuerySet(ReferenceQuerySet["CoeRate"]):
    def filtered(self, filters: RateFilters) -> Self:
        """The rates register's filters (page and export)."""
        rates: Self = _in_force_on(self, filters.in_force_on)
        if filters.annex == EquipmentKind.MAJOR:
            rates = rates.filter(item__isnull=False)
        elif filters.annex == EquipmentKind.SELF_SUSTAINMENT:
            rates = rates.filter(category__isnull=False)
        if filters.lease_type:
            rates = rates.filter(lease_type=filters.lease_type)
        text = filters.q.strip()
        if text:
            rates = rates.filter(
                Q(item__name_en__icontains=text)
                | Q(item__code__icontains=text)
                | Q(category__name_en__icontains=text)
                | Q(category__code__icontains=text)
                | Q(manual_edition__icontains=text)
            )
        return rates

    def for_list(self) -> Self:
        return self.select_related("item", "category").order_by(
            "item__code", "category__code", "lease_type", "-effective_from"
        )


class PersonnelRateQuerySet(ReferenceQuerySet["PersonnelRate"]):
    def filtered(self, filters: PersonnelRateFilters) -> Self:
        return _in_force_on(self, filters.in_force_on)  # type: ignore[no-any-return]


class MissionFactorQuerySet(ReferenceQuerySet["MissionFactor"]):
    def filtered(self, filters: FactorFilters) -> Self:
        factors: Self = _in_force_on(self, filters.in_force_on)
        if filters.mission is not None:
            factors = factors.filter(mission_id=filters.mission)
        if filters.kind:
            factors = factors.filter(kind=filters.kind)
        return factors

    def for_list(self) -> Self:
        return self.select_related("mission").order_by(
            "mission__acronym", "kind", "-effective_from"
        )


class CoeCategory(TranslatedNames, ReferenceData):
    """A major-equipment category, or a self-sustainment category or sub-category."""

    annex = models.CharField(_("annex"), max_length=20, choices=EquipmentKind.choices)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("sub-category of"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    evidence = models.CharField(
        _("evidence"), max_length=1, choices=Evidence.choices, default=Evidence.UNVERIFIED
    )

    objects = ReferenceQuerySet["CoeCategory"].as_manager()

    class Meta:
        ordering = ["annex", "order", "code"]
        verbose_name = _("COE category")
        verbose_name_plural = _("COE categories")


class CoeItem(TranslatedNames, ReferenceData):
    """A major-equipment item of the COE Manual (reimbursed per item and month)."""

    category = models.ForeignKey(
        CoeCategory,
        on_delete=models.PROTECT,
        related_name="items",
        limit_choices_to={"annex": EquipmentKind.MAJOR},
        verbose_name=_("category"),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)

    objects = ReferenceQuerySet["CoeItem"].as_manager()

    class Meta:
        ordering = ["category__order", "code"]
        verbose_name = _("COE item")
        verbose_name_plural = _("COE items")


class Rate(ReferenceData):
    """A monthly rate in US dollars, in force from `effective_from` to `effective_to`."""

    monthly_rate = models.DecimalField(
        _("monthly rate (US$)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    evidence = models.CharField(
        _("evidence"), max_length=1, choices=Evidence.choices, default=Evidence.UNVERIFIED
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The rate ends before it starts.")})
        if not self.source:
            raise ValidationError({"source": _("Say where the rate comes from.")})


class PersonnelRate(Rate):
    """The troop-cost rate per person per month (MOU annex A)."""

    objects = PersonnelRateQuerySet.as_manager()

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("personnel rate")
        verbose_name_plural = _("personnel rates")
        constraints = [
            models.UniqueConstraint(fields=["effective_from"], name="personnelrate_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"US$ {self.monthly_rate} ({self.effective_from})"


class CoeRate(Rate):
    """A COE Manual rate: per item and month for major equipment (wet or dry lease), or per
    person and month for a self-sustainment category."""

    manual_edition = models.CharField(
        _("COE Manual edition"), max_length=60, help_text=_("e.g. A/75/121 (2020)")
    )
    item = models.ForeignKey(
        CoeItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rates",
        verbose_name=_("major-equipment item"),
    )
    lease_type = models.CharField(_("lease"), max_length=3, choices=LeaseType.choices, blank=True)
    category = models.ForeignKey(
        CoeCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rates",
        limit_choices_to={"annex": EquipmentKind.SELF_SUSTAINMENT},
        verbose_name=_("self-sustainment category"),
    )

    objects = CoeRateQuerySet.as_manager()

    class Meta:
        ordering = ["item", "category", "lease_type", "effective_from"]
        verbose_name = _("COE rate")
        verbose_name_plural = _("COE rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    item__isnull=False, category__isnull=True, lease_type__in=["wet", "dry"]
                )
                | Q(item__isnull=True, category__isnull=False, lease_type=""),
                name="coerate_item_with_lease_or_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item or self.category} {self.lease_type} US$ {self.monthly_rate}".strip()

    def clean(self) -> None:
        super().clean()
        if (self.item_id is None) == (self.category_id is None):
            raise ValidationError(_("A rate is for one major-equipment item or one category."))
        if self.item_id and not self.lease_type:
            raise ValidationError({"lease_type": _("Say whether the rate is wet or dry lease.")})
        if self.category_id and self.lease_type:
            raise ValidationError({"lease_type": _("Self-sustainment rates have no lease type.")})


class MissionFactor(ReferenceData):
    """An uplift on equipment and self-sustainment rates, set per mission (percent)."""

    class Kind(models.TextChoices):
        EXTREME_ENVIRONMENT = "extreme_environment", _("Extreme environmental conditions")
        INTENSIFIED_OPERATIONS = "intensified_operations", _("Intensified operational conditions")
        HOSTILE_ACTION = "hostile_action", _("Hostile action or forced abandonment")
        INCREMENTAL_TRANSPORT = "incremental_transport", _("Incremental transport")

    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="factors", verbose_name=_("mission")
    )
    kind = models.CharField(_("factor"), max_length=24, choices=Kind.choices)
    percent = models.DecimalField(
        _("percent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evidence = models.CharField(
        _("evidence"), max_length=1, choices=Evidence.choices, default=Evidence.UNVERIFIED
    )

    objects = MissionFactorQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "kind", "effective_from"]
        verbose_name = _("mission factor")
        verbose_name_plural = _("mission factors")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "kind", "effective_from"], name="missionfactor_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission.acronym} {self.get_kind_display()} {self.percent}%"
