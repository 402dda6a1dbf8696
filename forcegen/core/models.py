"""Tenancy (organisations, partnerships, scoped sharing grants), the bases every app's models
share (timestamps, reference data, names in four languages) and background jobs.

Every organisation-owned model inherits `OrganisationOwned` and gets its manager from a
`OrganisationOwnedQuerySet`, so `Model.objects.visible_to(user)` is the one way to read rows.
"""

from __future__ import annotations

import datetime
from typing import ClassVar, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


def active_organisation_id(user: object) -> int | None:
    """The organisation a user is acting for; None for anonymous users or users without one."""
    value = getattr(user, "active_organisation_id", None)
    return value if isinstance(value, int) else None


class TimeStamped(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ReferenceData(models.Model):
    """Abstract base: fields every reference record has: when it applies and where it comes from."""

    effective_from = models.DateField(_("effective from"), default=datetime.date(2000, 1, 1))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class TranslatedName(models.Model):
    """Abstract base: a name in each language of the interface; `label` is the active one's."""

    LANGUAGES: ClassVar[tuple[str, ...]] = ("en", "lo", "vi", "fr")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_lo = models.CharField(_("name (Lao)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def name_in(self, language: str) -> str:
        """The name in `language` ("lo", "vi-VN", ...), or in English when it has none there."""
        code = language.split("-")[0]
        translated = getattr(self, f"name_{code}", "") if code in self.LANGUAGES else ""
        return str(translated or self.name_en)

    @property
    def label(self) -> str:
        return self.name_in(get_language() or "en")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: object) -> Self:
        """The user's active organisation and those it has an active partnership with."""
        org_id = active_organisation_id(user)
        if org_id is None:
            return self.none()
        partners = Partnership.objects.active().involving(org_id)
        return self.filter(
            Q(pk=org_id)
            | Q(pk__in=partners.values("source_id"))
            | Q(pk__in=partners.values("target_id"))
        )

    def editable_by(self, user: object) -> Self:
        return self.filter(pk=active_organisation_id(user))


class Organisation(TimeStamped):
    class Kind(models.TextChoices):
        NATIONAL_DEPARTMENT = "national_department", _("National peacekeeping department")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        PARTNER_MINISTRY = "partner_ministry", _("Partner ministry")
        OTHER = "other", _("Other")

    code = models.SlugField(
        _("code"), max_length=32, unique=True, help_text=_("Short and unique, e.g. vn-dpko.")
    )
    name_native = models.CharField(_("name (native script)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    country = models.CharField(
        _("country"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use the ISO 3166 alpha-3 code, e.g. VNM."))],
        help_text=_("ISO 3166 alpha-3, e.g. VNM, LAO."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    is_training_centre = models.BooleanField(
        _("also a training centre"),
        default=False,
        help_text=_("Runs courses that partners may attend."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def active(self, on: datetime.date | None = None) -> Self:
        day = on or timezone.localdate()
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )

    def involving(self, org_id: int) -> Self:
        return self.filter(Q(source_id=org_id) | Q(target_id=org_id))

    def visible_to(self, user: object) -> Self:
        org_id = active_organisation_id(user)
        return self.involving(org_id) if org_id is not None else self.none()


class Partnership(TimeStamped):
    """A relationship between two organisations. It shares nothing by itself: grants do."""

    class Kind(models.TextChoices):
        MENTOR = "mentor", _("Mentor → mentee")
        PEER = "peer", _("Peer cooperation")

    source = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships_as_source",
        verbose_name=_("mentor / first party"),
    )
    target = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships_as_target",
        verbose_name=_("mentee / second party"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MENTOR)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    agreement_reference = models.CharField(_("agreement reference"), max_length=200, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["source__code", "target__code"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="partnership_unique_pair"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="partnership_two_parties"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"

    def other_party(self, org_id: int) -> Organisation:
        return self.target if self.source_id == org_id else self.source


class SharingGrantQuerySet(models.QuerySet["SharingGrant"]):
    def active(self) -> Self:
        """Grants in force today: not revoked, and their partnership is running."""
        return self.filter(
            revoked_at__isnull=True, partnership__in=Partnership.objects.active().values("pk")
        )

    def visible_to(self, user: object) -> Self:
        org_id = active_organisation_id(user)
        if org_id is None:
            return self.none()
        return self.filter(Q(grantor_id=org_id) | Q(grantee_id=org_id))

    def editable_by(self, user: object) -> Self:
        """Only the grantor revokes its grants."""
        return self.filter(grantor_id=active_organisation_id(user))


class SharingGrant(models.Model):
    """An explicit, revocable permission for a partner to read one kind of the grantor's records."""

    class Scope(models.TextChoices):
        COURSE_CATALOGUE = "training.catalogue", _("Course catalogue and shared classes")
        UNIT_TEMPLATES = "units.templates", _("Unit templates")
        READINESS_SUMMARY = "units.readiness_summary", _("Readiness summary")
        DOCUMENTS_CHOSEN = "documents.chosen", _("Chosen legal documents")
        DOCUMENTS_FRAMEWORK = "documents.framework", _("Legal framework kit")
        DOCUMENTS_CONSULTATION = "documents.consultation", _("Legal drafts open for comment")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="grants", verbose_name=_("partnership")
    )
    grantor = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants_given",
        verbose_name=_("shared by"),
    )
    grantee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants_received",
        verbose_name=_("shared with"),
    )
    scope = models.CharField(_("what is shared"), max_length=48, choices=Scope.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SharingGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("sharing grant")
        verbose_name_plural = _("sharing grants")
        permissions = [("manage_sharing", _("Can grant and revoke sharing with partners"))]
        constraints = [
            models.UniqueConstraint(
                fields=["grantor", "grantee", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="sharinggrant_one_active_per_scope",
            ),
            models.CheckConstraint(
                condition=~Q(grantor=models.F("grantee")), name="sharinggrant_two_parties"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grantor.code} → {self.grantee.code}: {self.get_scope_display()}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self) -> None:
        parties = {self.partnership.source_id, self.partnership.target_id}
        if {self.grantor_id, self.grantee_id} != parties:
            raise ValidationError(
                _("A grant must be between the two organisations of its partnership.")
            )


class OrganisationOwnedQuerySet(models.QuerySet[_M]):
    """Read verbs shared by every organisation-owned model."""

    def visible_to(self, user: object) -> Self:
        """Rows of the user's active organisation, plus rows a partner shares through a grant."""
        org_id = active_organisation_id(user)
        return self.none() if org_id is None else self.visible_to_organisation(org_id)

    def visible_to_organisation(self, organisation: Organisation | int) -> Self:
        """What an organisation reads: its own rows, plus rows a partner shares through an active
        grant of the model's `sharing_scope`. For service code that acts for an organisation
        rather than for a signed-in user."""
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        visible = Q(organisation_id=org_id)
        scope = getattr(self.model, "sharing_scope", None)
        if scope:
            grantors = SharingGrant.objects.active().filter(grantee_id=org_id, scope=scope)
            visible |= Q(organisation_id__in=grantors.values("grantor_id"))
        return self.filter(visible)

    def editable_by(self, user: object) -> Self:
        """Only the owner edits: shared rows are read-only for partners."""
        return self.filter(organisation_id=active_organisation_id(user))


class OrganisationOwned(models.Model):
    """Abstract base: a row that belongs to exactly one organisation."""

    # The SharingGrant.Scope that lets a partner read these rows; None means never shared.
    sharing_scope: ClassVar[str | None] = None

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )

    class Meta:
        abstract = True


class JobQuerySet(OrganisationOwnedQuerySet["Job"]):
    def visible_to(self, user: object) -> Self:
        """A user's own jobs, in the organisation they act for."""
        return super().visible_to(user).filter(created_by_id=getattr(user, "pk", None))

    def unfinished(self) -> Self:
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])


class Job(OrganisationOwned):
    """One piece of background work (an import, a plan run, a report) and how far it has got.

    A request records the job and queues a task; the task worker claims it, reports progress,
    and ends it with a result or an error (services in `core.jobs`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64, help_text=_("e.g. personnel.roster_check"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    link = models.CharField(
        _("link"), max_length=300, blank=True, help_text=_("The page that shows the outcome.")
    )
    language = models.CharField(_("language"), max_length=16, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__lte=models.F("total")),
                name="job_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int | None:
        """How far the job has got, 0-100; None while the total is unknown."""
        if not self.total:
            return 100 if self.status == self.Status.SUCCEEDED else None
        return min(100, self.done * 100 // self.total)


class Term(TranslatedName, ReferenceData):
    """A word of the shared vocabulary in each language: how records store it (`key`, as written
    in unit templates and requirements) and what each reader sees. Records keep their text; pages
    show the term's name in the reader's language, or the text itself where no term exists."""

    class Kind(models.TextChoices):
        POSITION = "position", _("Position")
        SUB_UNIT = "sub_unit", _("Sub-unit")
        EQUIPMENT = "equipment", _("Equipment item")
        CATEGORY = "category", _("Equipment category")
        CREDENTIAL_DETAIL = "credential_detail", _("Credential detail")
        FINDING = "finding", _("Visit finding")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.CharField(_("stored as"), max_length=200)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="term_unique_key")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key}"
