"""Writes for organisations and sharing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Organisation, Partnership, SharingGrant


@transaction.atomic
def grant_sharing(
    *, grantor: Organisation, grantee: Organisation, scope: str, user: Any, note: str = ""
) -> SharingGrant:
    """Share one kind of the grantor's records with a partner it has an active partnership with."""
    if scope not in SharingGrant.Scope.values:
        raise ValidationError({"scope": _("Unknown sharing scope “%(scope)s”.") % {"scope": scope}})
    partnership = (
        Partnership.objects.active().involving(grantor.pk).involving(grantee.pk).first()
        if grantor.pk != grantee.pk
        else None
    )
    if partnership is None:
        raise ValidationError(
            {
                "grantee": _("%(org)s has no active partnership with %(grantor)s.")
                % {"org": grantee.code, "grantor": grantor.code}
            }
        )
    existing = SharingGrant.objects.filter(
        grantor=grantor, grantee=grantee, scope=scope, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return SharingGrant.objects.create(
        partnership=partnership,
        grantor=grantor,
        grantee=grantee,
        scope=scope,
        note=note,
        granted_by=user,
    )


@transaction.atomic
def revoke_grant(*, grant: SharingGrant, user: Any) -> SharingGrant:
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.revoked_by = user
        grant.save(update_fields=["revoked_at", "revoked_by"])
    return grant
