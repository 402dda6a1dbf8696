"""Role checks shared by views and the API: a missing permission is a PermissionDenied."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_perm(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(_("Your role in this organisation does not allow this action."))
