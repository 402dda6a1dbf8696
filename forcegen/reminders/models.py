"""Reminders: each organisation's rules (what is watched, how far ahead, who is told), the
reminders raised to each user, their delivery preference, and the renewed documents people
send in about themselves, which count only once a personnel officer approves them."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forcegen.core import reminders
from forcegen.core.models import (
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    active_organisation_id,
)
from forcegen.personnel.documents import validate_document
from forcegen.personnel.models import Credential, Person


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.code, kind.label) for kind in reminders.kinds()]


class ReminderRule(OrganisationOwned):
    """An organisation's setting for one kind; without one, the kind's defaults apply."""

    kind = models.CharField(_("what is watched"), max_length=60, choices=kind_choices)
    active = models.BooleanField(_("active"), default=True)
    horizon_days = models.PositiveSmallIntegerField(
        _("days ahead"),
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("How long before the date the reminder is raised."),
    )
    roles = models.ManyToManyField(Group, blank=True, related_name="+", verbose_name=_("told"))
    to_person = models.BooleanField(
        _("tell the person concerned"),
        default=False,
        help_text=_("When their record is linked to a user account."),
    )

    objects = OrganisationOwnedQuerySet["ReminderRule"].as_manager()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="reminderrule_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        kind = reminders.kind(self.kind)
        return str(kind.label) if kind else self.kind


class ReminderQuerySet(OrganisationOwnedQuerySet["Reminder"]):
    def visible_to(self, user: object) -> Self:
        """A user's own reminders: in the organisation they act for, and those about their own
        record wherever it is kept."""
        own = self.filter(user_id=getattr(user, "pk", None))
        return own.filter(Q(organisation_id=active_organisation_id(user)) | Q(about_self=True))

    def awake(self, today: datetime.date) -> Self:
        """Open, or snoozed until a day that has come: what the inbox shows and the header
        counts."""
        return self.filter(
            Q(state=Reminder.State.OPEN) | Q(state=Reminder.State.SNOOZED, snoozed_until__lte=today)
        )


class Reminder(OrganisationOwned):
    """One thing one user is told about. The same cause (kind, record, date) is raised once per
    user: a reminder marked done is not raised again, and one whose cause went away (the passport
    was renewed) is resolved by the next run."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        SNOOZED = "snoozed", _("Snoozed")
        DONE = "done", _("Done")
        RESOLVED = "resolved", _("Resolved")

    LIVE = (State.OPEN, State.SNOOZED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=60)
    target = models.CharField(_("record"), max_length=120)
    params = models.JSONField(_("details"), default=dict)
    url = models.CharField(_("link"), max_length=200)
    due_on = models.DateField(_("due on"))
    about_self = models.BooleanField(_("about the user's own record"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "target", "due_on"], name="reminder_raised_once"
            ),
            models.CheckConstraint(
                condition=~Q(state="snoozed") | Q(snoozed_until__isnull=False),
                name="reminder_snoozed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["user", "state", "due_on"], name="reminder_inbox_idx")]

    def __str__(self) -> str:
        return self.reason

    @property
    def reason(self) -> str:
        kind = reminders.kind(self.kind)
        return kind.describe(self.params) if kind else self.target

    @property
    def kind_label(self) -> str:
        kind = reminders.kind(self.kind)
        return str(kind.label) if kind else self.kind


class ReminderPreference(models.Model):
    class Delivery(models.TextChoices):
        DAILY = "daily", _("A daily digest")
        IMMEDIATE = "immediate", _("Each reminder as it is raised")
        NONE = "none", _("No e-mail (the inbox only)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.DAILY
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return str(self.get_delivery_display())


class RenewalRequestQuerySet(OrganisationOwnedQuerySet["RenewalRequest"]):
    def pending(self) -> Self:
        return self.filter(state=RenewalRequest.State.PENDING)


class RenewalRequest(OrganisationOwned):
    """A renewed credential a person sends in about themselves. It becomes a credential of their
    record only when a personnel officer approves it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="renewal_requests")
    kind = models.CharField(_("kind"), max_length=24, choices=Credential.Kind.choices)
    reference = models.CharField(_("number"), max_length=60, blank=True)
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued / tested on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    document = models.FileField(
        _("document"), upload_to="renewals/%Y/%m/", validators=[validate_document]
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sent in at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    credential = models.OneToOneField(
        Credential, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RenewalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("renewed document")
        verbose_name_plural = _("renewed documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="renewalrequest_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person}"

    def clean(self) -> None:
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": _("The document expires before it was issued.")})
