"""Role checks shared by views and the API: a missing permission is a PermissionDenied."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import active_organisation_id


def require_perm(user: Any, perm: str) -> None:
    """Refuse, saying who in the user's organisation may do it."""
    if not user.has_perm(perm):
        # Memberships sit on top of core: looked up when a refusal needs them.
        from forcegen.accounts.models import who_may

        raise PermissionDenied(
            _("Your role in this organisation does not allow this action.")
            + " "
            + who_may(perm, active_organisation_id(user))
        )
