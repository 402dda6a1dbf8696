"""Roster imports as records: each uploaded file and what became of it, and the headings an
organisation's rosters use that the template does not know."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import (
    Job,
    Organisation,
    OrganisationOwned,
    OrganisationOwnedQuerySet,
)

from .documents import validate_roster_file
from .roster_columns import KNOWN_COLUMNS

# --- Roster imports ------------------------------------------------------------------------------
# Appended below the registry models, imports included, so the code above stays as it was.


class RosterImport(OrganisationOwned):
    """One uploaded roster file and what became of it: checked, then imported all or nothing.
    The check and the import each run as a core background job (shown on "My jobs").

    Imports write people and credentials in bulk, which django-auditlog does not see; this row
    (audited itself) is the trail instead: who uploaded and confirmed it, when, the counts, and
    which service numbers were created or updated.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VALIDATING = "validating", _("Checking")
        VALID = "valid", _("Ready to import")
        INVALID = "invalid", _("Has errors")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    file = models.FileField(
        _("roster file"), upload_to="roster-imports/%Y/%m/", validators=[validate_roster_file]
    )
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    commit_when_valid = models.BooleanField(
        _("import without preview"),
        default=False,
        help_text=_("Import as soon as the check finds no error (API uploads without dry_run)."),
    )
    job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background job"),
        help_text=_("The latest check or import of this file."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("[{row, column, message}, …]")
    )
    changes = models.JSONField(
        _("changes"),
        default=list,
        blank=True,
        help_text=_("[{row, service_number, action}, …] for each person created or updated."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = OrganisationOwnedQuerySet["RosterImport"].as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="rosterimport_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        """A task is (or will be) working on it: the page keeps refreshing."""
        return self.status in {self.Status.UPLOADED, self.Status.VALIDATING, self.Status.IMPORTING}

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def unknown_columns(self) -> list[str]:
        """The headings (normalised) the check did not know, to be mapped or ignored."""
        return [
            error["column"]
            for error in self.errors
            if error["row"] == 1 and error["column"] and error["column"] not in KNOWN_COLUMNS
        ]


class RosterColumnMappingQuerySet(OrganisationOwnedQuerySet["RosterColumnMapping"]):
    def for_organisation(self, organisation: Organisation) -> dict[str, str]:
        """Normalised header -> column name ("-": ignored), as the import reads it."""
        return dict(self.filter(organisation=organisation).values_list("header", "column"))


class RosterColumnMapping(OrganisationOwned):
    """A heading of the organisation's own rosters that the template does not know, and what it
    means: one of the template's columns, or "-" for a column to ignore. Chosen on an import's
    preview and remembered for the organisation's next rosters."""

    header = models.CharField(_("heading"), max_length=200, help_text=_("As normalised."))
    column = models.CharField(_("column"), max_length=40)

    objects = RosterColumnMappingQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "header"]
        verbose_name = _("roster column mapping")
        verbose_name_plural = _("roster column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "header"], name="rostercolumnmapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.column}"
