"""Users, their memberships in organisations (one role each), and API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections import defaultdict
from functools import cached_property
from typing import TYPE_CHECKING, Self

from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forcegen.core.kept import KeptUntilWrite
from forcegen.core.models import OrganisationOwned, OrganisationOwnedQuerySet, TimeStamped

from .roles import role_label

if TYPE_CHECKING:
    from .registers import MemberFilters


class User(AbstractUser):
    full_name_native = models.CharField(_("name (native script)"), max_length=150, blank=True)
    # Kept by the reminders app whenever reminders change, so that the header shows the inbox's
    # count without a query on every page.
    open_reminders = models.PositiveIntegerField(_("open reminders"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def _memberships(self) -> list[Membership]:
        return list(self.memberships.select_related("organisation", "role").order_by("pk"))

    @property
    def membership_choices(self) -> list[Membership]:
        return self._memberships

    @cached_property
    def active_membership(self) -> Membership | None:
        """The membership the user acts through; the first one until `activate` picks another."""
        return self._memberships[0] if self._memberships else None

    @property
    def active_organisation_id(self) -> int | None:
        membership = self.active_membership
        return membership.organisation_id if membership else None

    def activate(self, organisation_id: int | None) -> Membership | None:
        """Act for the given organisation if the user belongs to it; otherwise keep the default."""
        for membership in self._memberships:
            if membership.organisation_id == organisation_id:
                self.__dict__["active_membership"] = membership
        return self.active_membership


class MembershipQuerySet(OrganisationOwnedQuerySet["Membership"]):
    def filtered(self, filters: MemberFilters) -> Self:
        """The members list's filters (page, export, API)."""
        found = self
        if text := filters.q.strip():
            found = found.filter(
                Q(user__username__icontains=text)
                | Q(user__first_name__icontains=text)
                | Q(user__last_name__icontains=text)
                | Q(user__full_name_native__icontains=text)
            )
        return found.filter(role__name=filters.role) if filters.role else found

    def for_list(self) -> Self:
        return self.select_related("user", "organisation", "role")

    def allowed_to(self, perm: str) -> Self:
        """Memberships whose role has the permission ("app_label.codename")."""
        app_label, codename = perm.split(".", 1)
        return self.filter(
            role__permissions__content_type__app_label=app_label,
            role__permissions__codename=codename,
        )


# Pages that show it are read far more often than memberships change (see core.kept).
_KEPT_WHO_MAY: KeptUntilWrite[str] = KeptUntilWrite(size=256)


def who_may(perm: str, organisation_id: int | None) -> str:
    """Who in the organisation may do what the user's role does not allow, as a sentence a page
    shows beside the missing control (and a refusal adds to its message)."""
    return _KEPT_WHO_MAY.get((perm, organisation_id), lambda: _who_may(perm, organisation_id))


def _who_may(perm: str, organisation_id: int | None) -> str:
    members = (
        Membership.objects.filter(organisation_id=organisation_id or 0)
        .allowed_to(perm)
        .select_related("user", "role")
        .order_by("role__name", "user__username")
    )
    people = [f"{m.user.get_full_name() or m.user.username} ({m.role_label})" for m in members[:4]]
    if people:
        return gettext("Ask %(people)s: their role allows it.") % {"people": ", ".join(people)}
    app_label, codename = perm.split(".", 1)
    roles = Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    ).order_by("name")
    labels = ", ".join(role_label(group.name) for group in roles)
    if labels:
        return gettext("Roles that allow it: %(roles)s; ask your administrator to give one.") % {
            "roles": labels
        }
    return gettext("No role allows it yet: ask your administrator.")


class Membership(OrganisationOwned, TimeStamped):
    """A user's role in an organisation; `updated_at` says when the role last changed."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("role")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__code", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.username} @ {self.organisation.code} ({self.role_label})"

    @property
    def role_label(self) -> str:
        return role_label(self.role.name)

    @cached_property
    def permissions(self) -> frozenset[str]:
        rows = self.role.permissions.values_list("content_type__app_label", "codename")
        return frozenset(f"{app}.{codename}" for app, codename in rows)

    @staticmethod
    def read_permissions(memberships: list[Membership]) -> None:
        """Each membership's `permissions`, read for all of them in one query."""
        rights: dict[int, set[str]] = defaultdict(set)
        rows = Permission.objects.filter(group__in={m.role_id for m in memberships}).values_list(
            "group", "content_type__app_label", "codename"
        )
        for role, app, codename in rows:
            rights[role].add(f"{app}.{codename}")
        for membership in memberships:
            membership.__dict__["permissions"] = frozenset(rights[membership.role_id])


TOKEN_PREFIX = "fg_"
TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=10)


def hash_token(raw: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough; no salt or stretching is needed.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> Self:
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def visible_to(self, user: object) -> Self:
        return self.filter(user=user) if getattr(user, "is_authenticated", False) else self.none()


class ApiToken(models.Model):
    """A bearer token for machine clients. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("Identifies the token."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username}: {self.name})"

    @staticmethod
    def new_raw_token() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def touch(self) -> None:
        """Record use at most once in ten minutes: a busy client does not write on every call,
        and each write would end every result kept between requests (`core.kept`)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > TOKEN_USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
