"""The evidence of a unit's readiness: its PCRS history (level changes, pledge renewals) and the
visits that assessed it, with their documents. Imported by `models.py`, so Django sees them as the
units app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import OrganisationOwned, OrganisationOwnedQuerySet, TimeStamped
from forcegen.personnel.documents import validate_document

from .models import PcrsLevel, Unit


class PcrsRecord(OrganisationOwned):
    """The PCRS history of a unit: each level change and each pledge renewal."""

    class Kind(models.TextChoices):
        LEVEL = "level", _("Level change")
        RENEWAL = "renewal", _("Pledge renewal")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="pcrs_history")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LEVEL)
    level = models.CharField(_("level"), max_length=4, choices=PcrsLevel.choices)
    previous_level = models.CharField(
        _("previous level"), max_length=4, choices=PcrsLevel.choices, blank=True
    )
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason and evidence"))
    evidence = models.FileField(
        _("evidence document"),
        upload_to="pcrs/%Y/%m/",
        blank=True,
        validators=[validate_document],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = OrganisationOwnedQuerySet["PcrsRecord"].as_manager()

    class Meta:
        ordering = ["-on", "-recorded_at"]
        verbose_name = _("PCRS record")
        verbose_name_plural = _("PCRS records")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}: {self.get_level_display()}"


class Visit(OrganisationOwned, TimeStamped):
    """A UN visit to the unit: assessment and advisory, RDL verification, pre-deployment."""

    class Kind(models.TextChoices):
        AAV = "aav", _("Assessment and advisory visit (AAV)")
        RDL_VERIFICATION = "rdl_verification", _("RDL verification visit")
        PRE_DEPLOYMENT = "pre_deployment", _("Pre-deployment visit")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Report pending")
        SATISFACTORY = "satisfactory", _("Satisfactory")
        FOLLOW_UP = "follow_up", _("Follow-up required")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    team = models.TextField(_("visiting team"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=14, choices=Outcome.choices, default=Outcome.PENDING
    )

    objects = OrganisationOwnedQuerySet["Visit"].as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"

    @property
    def finding_lines(self) -> list[str]:
        """The findings, one a line: pages show each standard finding (a `finding` term of the
        shared vocabulary) in the reader's language, and other lines as written."""
        return [line.strip() for line in self.findings.splitlines() if line.strip()]


class VisitDocument(OrganisationOwned):
    """Evidence of a visit (report, photographs): PDF, PNG or JPEG, checked like credentials."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("document"), upload_to="visits/%Y/%m/", validators=[validate_document]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = OrganisationOwnedQuerySet["VisitDocument"].as_manager()

    class Meta:
        ordering = ["visit", "title"]
        verbose_name = _("visit document")
        verbose_name_plural = _("visit documents")

    def __str__(self) -> str:
        return self.title
