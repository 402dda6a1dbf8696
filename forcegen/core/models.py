"""Tenancy: organisations, partnerships between them, and the scoped sharing grants.

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
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


def active_organisation_id(user: object) -> int | None:
    """The organisation a user is acting for; None for anonymous users or users without one."""
    value = getattr(user, "active_organisation_id", None)
    return value if isinstance(value, int) else None


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


class Organisation(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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


class Partnership(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
        if org_id is None:
            return self.none()
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
