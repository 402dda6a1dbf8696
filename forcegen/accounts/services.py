"""Writes for users, memberships and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.core.kept import KeptUntilWrite
from forcegen.core.models import Organisation

from .backends import signed_in_user
from .models import ApiToken, Membership, User, hash_token

# Tokens as every API call reads them, kept until anything is written (see forcegen.core.kept).
_KEPT_TOKENS: KeptUntilWrite[ApiToken | None] = KeptUntilWrite(size=1024)


@transaction.atomic
def issue_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw value, which is never stored or shown again."""
    if not user.is_active:
        raise ValidationError(_("User %(user)s is inactive.") % {"user": user.username})
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(
        user=user, name=name or _("API token"), prefix=raw[:10], key_hash=hash_token(raw)
    )
    return token, raw


def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str) -> User | None:
    key_hash = hash_token(raw)
    token = _KEPT_TOKENS.get(
        key_hash,
        lambda: ApiToken.objects.active().select_related("user").filter(key_hash=key_hash).first(),
    )
    if token is None:
        return None
    token.touch()
    return signed_in_user(token.user_id, token.user)


@transaction.atomic
def set_membership(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give the user the role in the organisation, creating or changing the membership."""
    group = Group.objects.filter(name=role).first()
    if group is None:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": group}
    )
    if not created and membership.role_id != group.pk:
        membership.role = group
        membership.save(update_fields=["role", "updated_at"])
    return membership
