from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _authenticated_user(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class AuditActorMiddleware(AuditlogMiddleware):  # type: ignore[misc]
    """Audit context whose actor is read when an entry is written, not when the request starts.

    API calls authenticate with a bearer token inside the view, after middleware has run; a lazy
    actor makes their changes carry the token's user too.
    """

    @staticmethod
    def _get_actor(request: HttpRequest) -> Any:
        return SimpleLazyObject(lambda: _authenticated_user(request))
