from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend


class PasswordBackend(ModelBackend):
    """Checks the password; grants nothing. A right is held through a role in an organisation
    (`MembershipBackend`), never by a user alone, so Django's per-user permissions and groups
    are not read (they cost every page two queries)."""

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
