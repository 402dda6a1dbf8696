from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .models import User

ACTIVE_ORGANISATION_SESSION_KEY = "forcegen_active_organisation"


class ActiveOrganisationMiddleware:
    """Make the organisation chosen in this session the one the user acts for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User):
            user.activate(request.session.get(ACTIVE_ORGANISATION_SESSION_KEY))
        return self.get_response(request)
