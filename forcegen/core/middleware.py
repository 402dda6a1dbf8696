from collections.abc import Callable
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import SimpleLazyObject

from .kept import one_version_per_request


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


class KeptVersionMiddleware:
    """One database write position for the request's kept results (`core.kept`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with one_version_per_request():
            return self.get_response(request)


class ServerHeaderMiddleware:
    """Names the product, not the Python version, in the `Server` header (the development and
    WSGI servers add their own only when the application sent none)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response["Server"] = "forcegen"
        return response


class ApiMethodNotAllowedMiddleware:
    """A method an API path does not take answers 405 in the API's error shape (ninja answers
    plain text), keeping the `Allow` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/"):
            from config.api import method_not_allowed

            allowed = response.get("Allow", "")
            response = method_not_allowed(request)
            response["Allow"] = allowed
        return response
