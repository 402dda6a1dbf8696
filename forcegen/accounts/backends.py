import copy
from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend

from forcegen.core.kept import KeptUntilWrite, keeping

from .models import Membership, User

_KEPT_USERS: KeptUntilWrite[User | None] = KeptUntilWrite(size=1024)


def _with_rights(user: User | None) -> User | None:
    """The user with their memberships, each with its organisation, role and rights, in two
    queries whatever the number of memberships, when the user is kept. Otherwise the rights are
    read when asked for (a page that asks none is a query cheaper)."""
    if user is None or not keeping() or not user.membership_choices:
        return user
    Membership.read_permissions(user.membership_choices)
    return user


def signed_in_user(user_id: Any, user: User | None = None) -> User | None:
    """The user as every request needs them (`user`, when the caller has read them already),
    kept until anything is written: a password, a membership or a role changed, a user
    deactivated (see `forcegen.core.kept`). Each request gets its own copy, whose
    organisation it may switch."""
    kept = _KEPT_USERS.get(
        user_id,
        lambda: _with_rights(user if user is not None else User.objects.filter(pk=user_id).first()),
    )
    return copy.copy(kept) if kept is not None else None


class PasswordBackend(ModelBackend):
    """Checks the password; grants nothing. A right is held through a role in an organisation
    (`MembershipBackend`), never by a user alone, so Django's per-user permissions and groups
    are not read (they cost every page two queries)."""

    def get_user(self, user_id: Any) -> User | None:
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()


class MembershipBackend(BaseBackend):
    """Permissions come from the role of the membership the user is acting through."""

    def get_all_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        membership = user_obj.active_membership
        return set(membership.permissions) if membership else set()

    def has_perm(self, user_obj: Any, perm: str, obj: object = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
