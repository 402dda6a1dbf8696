from typing import Any

from django.contrib.auth.backends import BaseBackend


class MembershipBackend(BaseBackend):
    """Permissions come from the role of the membership the user is acting through."""

    def get_all_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        membership = user_obj.active_membership
        return set(membership.permissions) if membership else set()

    def has_perm(self, user_obj: Any, perm: str, obj: object = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
