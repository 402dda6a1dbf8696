"""Inter-agency coordination for a rotation: checklist templates of the tasks other agencies must
finish before a rotation leaves (each an offset from departure, e.g. D-90), and the tasks of one
rotation, with due dates counted from its departure. What "late" means for a record with a due
date (a task here, a commitment in `models`) is defined once, in `DueWhileOpen`."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forcegen.core.database import flag
from forcegen.core.models import (
    Organisation,
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    TimeStamped,
)

# --- Late: open past its due date ----------------------------------------------------------------


def _late(on: datetime.date | None) -> Q:
    return Q(status=DueWhileOpen.OPEN, due_on__lt=on or timezone.localdate())


class LateQuerySet(OrganisationOwnedQuerySet[Any]):
    """The read verbs of `DueWhileOpen` records (mixed into their querysets)."""

    def late(self, on: datetime.date | None = None) -> Self:
        """Still open after the due date (today unless `on` is given)."""
        return self.filter(_late(on))

    def with_late(self, on: datetime.date | None = None) -> Self:
        """Each row's `late` flag, computed by the database."""
        return self.annotate(late=flag(_late(on)))


class DueWhileOpen(models.Model):
    """A promise with a due date (a cooperation commitment, an inter-agency task): late while it
    is still open after that date; done, dropped or not needed is never late."""

    OPEN = "open"

    due_on = models.DateField(_("due date"))

    class Meta:
        abstract = True

    def is_late(self, on: datetime.date | None = None) -> bool:
        status: str = self.status  # type: ignore[attr-defined]
        return status == self.OPEN and self.due_on < (on or timezone.localdate())


# --- Inter-agency coordination for a rotation -----------------------------------------------------


class Checklist(OrganisationOwned, TimeStamped):
    """The tasks other agencies must finish before a rotation leaves, reused for each one."""

    name = models.CharField(_("name"), max_length=200)

    objects = OrganisationOwnedQuerySet["Checklist"].as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("coordination checklist")
        verbose_name_plural = _("coordination checklists")

    def __str__(self) -> str:
        return self.name


class ChecklistStep(TimeStamped):
    template = models.ForeignKey(
        Checklist,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("checklist"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    task = models.CharField(_("task"), max_length=300)
    agency = models.CharField(_("agency"), max_length=200)
    offset_days = models.SmallIntegerField(
        _("days from departure"),
        validators=[MinValueValidator(-730), MaxValueValidator(365)],
        help_text=_("Negative before departure: -90 is D-90."),
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta:
        ordering = ["template", "offset_days", "pk"]
        verbose_name = _("checklist task")
        verbose_name_plural = _("checklist tasks")

    def __str__(self) -> str:
        return self.task

    @property
    def d_label(self) -> str:
        return d_label(self.offset_days)


def d_label(offset_days: int) -> str:
    """D-90, D-0, D+7."""
    return f"D{offset_days:+d}" if offset_days else "D-0"


class CoordinationTaskQuerySet(LateQuerySet):
    def for_listing(self) -> Self:
        """What the register's page, export and API read, with each task's late flag."""
        return self.select_related("rotation__unit").with_late()

    def filtered(self, filters: Any) -> Self:
        tasks = self
        if filters.rotation is not None:
            tasks = tasks.filter(rotation_id=filters.rotation)
        if filters.status is not None:
            tasks = tasks.filter(status=filters.status)
        if filters.late:
            tasks = tasks.late()
        return tasks


class CoordinationTask(DueWhileOpen, OrganisationOwned, TimeStamped):
    """One checklist task for one rotation, due a number of days from its departure."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        NOT_NEEDED = "not_needed", _("Not needed")

    rotation = models.ForeignKey(
        "deployments.Rotation",
        on_delete=models.CASCADE,
        related_name="coordination_tasks",
        verbose_name=_("rotation"),
    )
    step = models.ForeignKey(
        ChecklistStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task = models.CharField(_("task"), max_length=300)
    agency = models.CharField(_("agency"), max_length=200)
    offset_days = models.SmallIntegerField(_("days from departure"))
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CoordinationTaskQuerySet.as_manager()

    class Meta:
        ordering = ["rotation", "due_on", "pk"]
        verbose_name = _("inter-agency task")
        verbose_name_plural = _("inter-agency tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["rotation", "step"],
                condition=Q(step__isnull=False),
                name="coordinationtask_one_per_step",
            ),
        ]

    def __str__(self) -> str:
        return self.task

    @property
    def d_label(self) -> str:
        return d_label(self.offset_days)
