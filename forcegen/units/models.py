"""Force organisation: unit templates (TO&E), units with their slots and equipment, readiness, PCRS.

A template position points to a personnel `Requirement`: that row carries specialty, rank range,
ages, credentials, languages, rest days and "women only" (and, through the training app, required
courses), so eligibility is decided by the personnel rules engine and nowhere else. A unit is made
from a template: one `Slot` per seat and one `EquipmentLine` per equipment line, then edited freely.
The items a unit holds are the logistics app's inventory; it registers their counts per line
(`extensions.py`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forcegen.core.dates import add_months
from forcegen.core.models import (
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    ReferenceData,
    SharingGrant,
    TimeStamped,
    active_organisation_id,
)
from forcegen.personnel.eligibility import Period
from forcegen.personnel.models import Person, Requirement

from .extensions import with_inventory_counts

if TYPE_CHECKING:
    from .registers import TemplateFilters


def rank_range(requirement: Requirement) -> str:
    """ "OF-2 – OF-4", "≥ OR-4", "≤ OF-2" or "" for a requirement's NATO rank range."""
    low, high = requirement.min_rank, requirement.max_rank
    if low and high:
        return f"{low} – {high}"
    if low:
        return f"≥ {low}"
    return f"≤ {high}" if high else ""


class Kind(models.TextChoices):
    """The unit types the starter templates cover (domain.md, "Unit types")."""

    LEVEL2_HOSPITAL = "level2_hospital", _("Level-2 field hospital")
    ENGINEERING_COMPANY = "engineering_company", _("Engineering company")
    EOD_DEMINING = "eod_demining", _("EOD / demining team")
    SEARCH_RESCUE = "search_rescue", _("Search and rescue team")
    STAFF_OBSERVERS = "staff_observers", _("Staff officer / military observer posts")
    OTHER = "other", _("Other")


class EquipmentKind(models.TextChoices):
    """The two equipment annexes of a PCRS pledge and of the UN–TCC MOU (annexes B and C)."""

    MAJOR = "major", _("Major equipment")
    SELF_SUSTAINMENT = "self_sustainment", _("Self-sustainment")


class PcrsLevel(models.TextChoices):
    """Peacekeeping Capability Readiness System levels (guidelines 2019.01), in climbing order."""

    NONE = "none", _("Not pledged")
    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")
    RDL = "rdl", _("Rapid Deployment Level")

    @classmethod
    def after(cls, level: str) -> PcrsLevel | None:
        order = list(cls)
        index = order.index(cls(level))
        return order[index + 1] if index + 1 < len(order) else None


# --- Policy: the organisation's editable readiness weights, targets and PCRS intervals ------------


class ReadinessPolicyQuerySet(OrganisationOwnedQuerySet["ReadinessPolicy"]):
    def for_organisations(self, organisation_ids: set[int]) -> dict[int, ReadinessPolicy]:
        """Each organisation's policy, or the defaults when it has not saved one (one query)."""
        saved = {p.organisation_id: p for p in self.filter(organisation_id__in=organisation_ids)}
        return {
            org_id: saved.get(org_id) or ReadinessPolicy(organisation_id=org_id)
            for org_id in organisation_ids
        }


class ReadinessPolicy(OrganisationOwned):
    """How readiness is scored and when pledges are renewed: data an administrator edits.

    The readiness score is the weighted mean of the components that apply to a unit (a unit
    without equipment lines is not scored on equipment); weights are relative, not percentages.
    """

    weight_staffing = models.PositiveSmallIntegerField(
        _("weight: slots filled"), default=20, validators=[MaxValueValidator(100)]
    )
    weight_qualified = models.PositiveSmallIntegerField(
        _("weight: slots filled by eligible people"),
        default=30,
        validators=[MaxValueValidator(100)],
    )
    weight_training = models.PositiveSmallIntegerField(
        _("weight: required training complete"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_women = models.PositiveSmallIntegerField(
        _("weight: share of women against the target"),
        default=10,
        validators=[MaxValueValidator(100)],
    )
    weight_equipment = models.PositiveSmallIntegerField(
        _("weight: equipment held and serviceable"), default=25, validators=[MaxValueValidator(100)]
    )
    women_target_contingent = models.PositiveSmallIntegerField(
        _("women target for formed units (%)"),
        default=15,
        validators=[MaxValueValidator(100)],
        help_text=_("UN Uniformed Gender Parity Strategy: military contingents 15% by 2028 [V]."),
    )
    women_target_individual = models.PositiveSmallIntegerField(
        _("women target for staff officers and observers (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "UN Uniformed Gender Parity Strategy: staff officers and observers 25% by 2028 [V]."
        ),
    )
    pledge_first_renewal_months = models.PositiveSmallIntegerField(
        _("first pledge renewal after (months)"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("PCRS pledges are renewed every 6 months after the first 12 [S]."),
    )
    pledge_renewal_months = models.PositiveSmallIntegerField(
        _("pledge renewal interval (months)"), default=6, validators=[MinValueValidator(1)]
    )
    deployment_lead_days = models.PositiveSmallIntegerField(
        _("default days from today to a new unit's deployment"),
        default=60,
        help_text=_("RDL: ready to deploy within 60 days of a UN request [V]."),
    )
    rotation_months = models.PositiveSmallIntegerField(
        _("default rotation length (months)"), default=12, validators=[MinValueValidator(1)]
    )

    objects = ReadinessPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("readiness policy")
        verbose_name_plural = _("readiness policies")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="readinesspolicy_one_per_org"),
        ]

    def __str__(self) -> str:
        return str(_("Readiness policy"))

    @property
    def weights(self) -> dict[str, int]:
        return {
            "staffing": self.weight_staffing,
            "qualified": self.weight_qualified,
            "training": self.weight_training,
            "women": self.weight_women,
            "equipment": self.weight_equipment,
        }

    def women_target_for(self, kind: str) -> int:
        if kind == Kind.STAFF_OBSERVERS:
            return self.women_target_individual
        return self.women_target_contingent

    def default_period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        start = today + datetime.timedelta(days=self.deployment_lead_days)
        return start, add_months(start, self.rotation_months) - datetime.timedelta(days=1)


# --- Templates (table of organisation and equipment) ---------------------------------------------


class UnitTemplateQuerySet(OrganisationOwnedQuerySet["UnitTemplate"]):
    def for_list(self, organisation_id: int | None) -> Self:
        """With their position and seat counts and whether each is a partner's (`shared`); the
        organisation's own first."""
        counted = self.select_related("organisation").annotate(
            position_count=models.Count("positions"),
            seat_count=Coalesce(models.Sum("positions__count"), 0),
            shared=models.ExpressionWrapper(
                ~Q(organisation_id=organisation_id), output_field=models.BooleanField()
            ),
        )
        return counted.order_by("shared", "name", "pk")

    def filtered(self, filters: TemplateFilters) -> Self:
        """The list's filters (page, export, API), on a queryset from `for_list`."""
        found = self
        if text := filters.q.strip():
            found = found.filter(
                Q(code__icontains=text) | Q(name__icontains=text) | Q(short_name__icontains=text)
            )
        if filters.kind:
            found = found.filter(kind=filters.kind)
        if filters.shared is not None:
            found = found.filter(shared=filters.shared)
        return found


class UnitTemplate(OrganisationOwned, ReferenceData, TimeStamped):
    """A table of organisation and equipment; partners read it through a UNIT_TEMPLATES grant."""

    sharing_scope = SharingGrant.Scope.UNIT_TEMPLATES

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(
        _("short name"),
        max_length=20,
        help_text=_('Prefix of the eligibility requirements of its positions, e.g. "L2H".'),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    objects = UnitTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("unit template")
        verbose_name_plural = _("unit templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unittemplate_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TemplatePosition(models.Model):
    """A line of the table of organisation: `count` seats that ask what `requirement` asks.

    A position reserved for women is a position whose requirement is "women only": a template
    reserves seats for women by giving them their own position line (e.g. "Nurse (women)").
    """

    template = models.ForeignKey(UnitTemplate, on_delete=models.CASCADE, related_name="positions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sub_unit = models.CharField(_("sub-unit"), max_length=100, blank=True)
    title = models.CharField(_("position"), max_length=100)
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        related_name="template_positions",
        verbose_name=_("eligibility requirement"),
    )
    count = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("template position")
        verbose_name_plural = _("template positions")
        constraints = [
            models.UniqueConstraint(fields=["template", "title"], name="templateposition_unique"),
            models.CheckConstraint(condition=Q(count__gte=1), name="templateposition_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.title} × {self.count}"

    @property
    def rank_range(self) -> str:
        return rank_range(self.requirement)


class TemplateEquipment(models.Model):
    template = models.ForeignKey(UnitTemplate, on_delete=models.CASCADE, related_name="equipment")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("annex"), max_length=20, choices=EquipmentKind.choices)
    category = models.CharField(_("category"), max_length=100)
    item = models.CharField(_("item"), max_length=150)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["template", "kind", "order", "pk"]
        verbose_name = _("template equipment line")
        verbose_name_plural = _("template equipment lines")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "kind", "category", "item"], name="templateequipment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


# --- Units ----------------------------------------------------------------------------------------


class UnitQuerySet(OrganisationOwnedQuerySet["Unit"]):
    def summaries_visible_to(self, user: object) -> Self:
        """Partners' units whose readiness summary is shared with the user's organisation.

        Units are never shared as records (their slots name people); a READINESS_SUMMARY grant
        lets a partner see the board line of each unit: score, breakdown, gaps, PCRS level."""
        org_id = active_organisation_id(user)
        if org_id is None:
            return self.none()
        grantors = SharingGrant.objects.active().filter(
            grantee_id=org_id, scope=SharingGrant.Scope.READINESS_SUMMARY
        )
        return self.filter(organisation_id__in=grantors.values("grantor_id"))

    def for_board(self) -> Self:
        return self.select_related("organisation", "template").order_by("organisation", "name")


class Unit(OrganisationOwned, TimeStamped):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        READY = "ready", _("Ready")
        DEPLOYED = "deployed", _("Deployed")
        STOOD_DOWN = "stood_down", _("Stood down")

    name = models.CharField(_("name"), max_length=150)
    template = models.ForeignKey(
        UnitTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("made from template"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.FORMING
    )
    starts_on = models.DateField(
        _("planned deployment start"), help_text=_("Eligibility is checked for this period.")
    )
    ends_on = models.DateField(_("planned deployment end"))
    women_target = models.PositiveSmallIntegerField(
        _("women target (%)"), default=15, validators=[MaxValueValidator(100)]
    )
    pcrs_level = models.CharField(
        _("PCRS level"), max_length=4, choices=PcrsLevel.choices, default=PcrsLevel.NONE
    )
    pledged_on = models.DateField(_("pledge registered on"), null=True, blank=True)
    pledge_renewed_on = models.DateField(_("pledge last renewed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="unit_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="unit_period_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The period ends before it starts.")})

    @property
    def period(self) -> Period:
        """The planned deployment: what eligibility and readiness are checked for."""
        return Period(self.starts_on, self.ends_on)

    def renewal_due(self, policy: ReadinessPolicy) -> datetime.date | None:
        """The next pledge renewal: 12 months after registration, then 6 after each renewal."""
        if self.pcrs_level == PcrsLevel.NONE or self.pledged_on is None:
            return None
        if self.pledge_renewed_on is not None:
            return add_months(self.pledge_renewed_on, policy.pledge_renewal_months)
        return add_months(self.pledged_on, policy.pledge_first_renewal_months)


class SlotQuerySet(OrganisationOwnedQuerySet["Slot"]):
    """Who holds a seat over a period is a seat-fitness check: `units.fitness.OtherSlots`."""


class Slot(OrganisationOwned):
    """One seat of a unit, asking what its requirement asks; held by at most one person.

    Assigning someone who fails the requirement needs a recorded justification (the override
    fields); django-auditlog records who changed what and when."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="slots")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sub_unit = models.CharField(_("sub-unit"), max_length=100, blank=True)
    title = models.CharField(_("position"), max_length=100)
    seat = models.PositiveSmallIntegerField(_("seat"), default=1)
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        related_name="unit_slots",
        verbose_name=_("eligibility requirement"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_slots",
        verbose_name=_("held by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_justification = models.TextField(_("override justification"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "order", "seat", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        permissions = [
            (
                "override_eligibility",
                _("Can assign a person who fails the requirement, with a justification"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "person"],
                condition=Q(person__isnull=False),
                name="slot_person_once_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(overridden_at__isnull=True) | ~Q(override_justification=""),
                name="slot_override_is_justified",
            ),
        ]
        indexes = [
            models.Index(fields=["requirement", "unit"], name="slot_requirement_idx"),
            models.Index(fields=["person"], name="slot_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} #{self.seat}"

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None

    @property
    def rank_range(self) -> str:
        return rank_range(self.requirement)


# --- Equipment ------------------------------------------------------------------------------------


class EquipmentLineQuerySet(OrganisationOwnedQuerySet["EquipmentLine"]):
    def with_item_counts(self) -> Self:
        """Each line with `held_count` and `serviceable_count`: the inventory items counting
        towards it, and those of them that are serviceable (the inventory app registers how)."""
        return cast(Self, with_inventory_counts(self))


class EquipmentLine(OrganisationOwned):
    """What the unit must hold: a line of its major equipment or self-sustainment list."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="equipment_lines")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("annex"), max_length=20, choices=EquipmentKind.choices)
    category = models.CharField(_("category"), max_length=100)
    item = models.CharField(_("item"), max_length=150)
    quantity = models.PositiveIntegerField(
        _("quantity required"), validators=[MinValueValidator(1)]
    )

    objects = EquipmentLineQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "kind", "order", "pk"]
        verbose_name = _("equipment requirement")
        verbose_name_plural = _("equipment requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "category", "item"], name="equipmentline_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


# --- Readiness snapshots --------------------------------------------------------------------------


class ReadinessSnapshot(OrganisationOwned):
    """A unit's readiness on one day, kept so the trend can be charted (one per unit and day)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("day"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    breakdown = models.JSONField(_("breakdown"), default=dict)

    objects = OrganisationOwnedQuerySet["ReadinessSnapshot"].as_manager()

    class Meta:
        ordering = ["unit", "taken_on"]
        verbose_name = _("readiness snapshot")
        verbose_name_plural = _("readiness snapshots")
        constraints = [
            models.UniqueConstraint(fields=["unit", "taken_on"], name="snapshot_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.taken_on}: {self.score}"


# The evidence of readiness (PCRS history, visits) lives beside: it refers to the units above.
from .evidence_models import PcrsRecord as PcrsRecord  # noqa: E402
from .evidence_models import Visit as Visit  # noqa: E402
from .evidence_models import VisitDocument as VisitDocument  # noqa: E402
