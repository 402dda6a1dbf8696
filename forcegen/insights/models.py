"""The UN's published figures in one long table, with each file's provenance.

UN data is public reference data: every organisation reads it. What an organisation sets for
itself (its national gender goals) is organisation-owned.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum, Window
from django.db.models.functions import Rank
from django.utils.translation import gettext_lazy as _

from forcegen.core.dates import month_end
from forcegen.core.models import OrganisationOwned, OrganisationOwnedQuerySet, ReferenceData
from forcegen.deployments.models import GenderCategory, PersonnelType

if TYPE_CHECKING:
    from .registers import FileFilters


class UNDataFileQuerySet(models.QuerySet["UNDataFile"]):
    def filtered(self, filters: FileFilters) -> Self:
        """The imported files' filters (page, export, API)."""
        return self.filter(format=filters.format) if filters.format else self


class UNDataFile(models.Model):
    """One imported UN file: what it was, its hash (a second import of it changes nothing)."""

    class Format(models.TextChoices):
        MONTHLY_BY_SEX = "monthly_by_sex", _("Monthly contributions by sex")
        RANKING = "ranking", _("Monthly ranking of contributors")
        IPI_WIDE = "ipi_wide", _("IPI wide file (country × mission × month)")

    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    rows = models.PositiveIntegerField(_("rows read"))
    figures = models.PositiveIntegerField(_("figures stored"))
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = UNDataFileQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("UN data file")
        verbose_name_plural = _("UN data files")

    def __str__(self) -> str:
        return self.name


class UNUpload(models.Model):
    """A UN file waiting for its import job. Kept in the database, not on disk, so it goes with
    its job: the import deletes it whether it succeeds or fails, and nothing is left behind."""

    job = models.OneToOneField(
        "core.Job", on_delete=models.CASCADE, related_name="+", verbose_name=_("job")
    )
    name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("UN file awaiting import")
        verbose_name_plural = _("UN files awaiting import")

    def __str__(self) -> str:
        return self.name


class UNContributionQuerySet(models.QuerySet["UNContribution"]):
    def in_month(self, month: datetime.date) -> UNContributionQuerySet:
        return self.filter(month=month_end(month))

    def ranking(self, month: datetime.date) -> list[dict[str, Any]]:
        """Contributors on a month by total uniformed personnel, ranked as the UN ranks them:
        ties share a rank and the next rank is skipped (1, 2, 2, 4). One query."""
        rows = (
            self.in_month(month)
            .values("iso3")
            .annotate(
                female=Sum("count", filter=Q(sex=UNContribution.Sex.FEMALE), default=0),
                male=Sum("count", filter=Q(sex=UNContribution.Sex.MALE), default=0),
                total=Sum("count"),
                country=models.Max("country"),
            )
            .annotate(rank=Window(Rank(), order_by=F("total").desc()))
            .order_by("rank", "iso3")
        )
        return list(rows)

    def months(self) -> list[datetime.date]:
        return list(self.order_by("-month").values_list("month", flat=True).distinct())

    def between(self, start: datetime.date, end: datetime.date) -> UNContributionQuerySet:
        return self.filter(month__range=(month_end(start), month_end(end)))

    def women_and_men(self, *keys: str) -> list[dict[str, Any]]:
        """Women and men per group of `keys` (e.g. "month", "mission"), in one grouped query."""
        return list(
            self.values(*keys)
            .annotate(
                female=Sum("count", filter=Q(sex=UNContribution.Sex.FEMALE), default=0),
                male=Sum("count", filter=Q(sex=UNContribution.Sex.MALE), default=0),
            )
            .order_by(*keys)
        )


class UNContribution(models.Model):
    """One published figure: a contributor's women or men of one personnel type in one mission at
    a month's end."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Women")
        MALE = "M", _("Men")

    # No index of its own: the unique constraint below leads with the month.
    month = models.DateField(_("month end"))
    iso3 = models.CharField(_("contributor (ISO 3166 alpha-3)"), max_length=3)
    country = models.CharField(_("contributor"), max_length=100)
    mission = models.CharField(_("mission"), max_length=20)
    personnel_type = models.CharField(
        _("personnel type"), max_length=20, choices=PersonnelType.choices
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("count"))
    source = models.ForeignKey(
        UNDataFile, on_delete=models.PROTECT, related_name="figures_set", verbose_name=_("file")
    )

    objects = UNContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("UN contribution figure")
        verbose_name_plural = _("UN contribution figures")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "iso3", "mission", "personnel_type", "sex"],
                name="un_contribution_unique",
            )
        ]
        indexes = [models.Index(fields=["iso3", "month"], name="un_contribution_country")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.iso3} {self.mission} {self.personnel_type} {self.sex}"


class PublishedRank(models.Model):
    """A row of the UN's published ranking file, kept to compare with the ranking we compute."""

    month = models.DateField(_("month end"))
    iso3 = models.CharField(_("contributor (ISO 3166 alpha-3)"), max_length=3)
    country = models.CharField(_("contributor"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("published rank"))
    female = models.PositiveIntegerField(_("women"))
    male = models.PositiveIntegerField(_("men"))
    total = models.PositiveIntegerField(_("total"))
    source = models.ForeignKey(
        UNDataFile, on_delete=models.PROTECT, related_name="ranks", verbose_name=_("file")
    )

    class Meta:
        ordering = ["month", "rank", "iso3"]
        verbose_name = _("published rank")
        verbose_name_plural = _("published ranks")
        constraints = [
            models.UniqueConstraint(fields=["month", "iso3"], name="published_rank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.rank}. {self.iso3}"


class NationalGoalQuerySet(OrganisationOwnedQuerySet["NationalGoal"]):
    def in_force(self, organisation_id: int, on: datetime.date) -> dict[str, NationalGoal]:
        """Per category, the organisation's goal in force on a date."""
        goals = self.filter(organisation_id=organisation_id, effective_from__lte=on).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        )
        return {goal.category: goal for goal in goals.order_by("effective_from")}


class NationalGoal(OrganisationOwned, ReferenceData):
    """The share of women an organisation sets itself for a UN gender category (e.g. Viet Nam:
    15% in deployed units, 20% of deployed individuals)."""

    category = models.CharField(_("category"), max_length=24, choices=GenderCategory.choices)
    percent = models.DecimalField(
        _("women (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    objects = NationalGoalQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "category", "effective_from"]
        verbose_name = _("national gender goal")
        verbose_name_plural = _("national gender goals")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category", "effective_from"], name="national_goal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.percent}%"
