"""Error pages inside the shell: navigation, the user's language and a way back, for 404, 403,
500, a failed CSRF check and (through axes' lock-out template) too many failed logins.

Django's own handlers render bare pages; these render `core/error.html` with the request, so the
context processors add the modules and the organisation. The 500 page falls back to plain text
if the shell itself cannot render (the database may be what failed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_FOUND = gettext_lazy(
    "This page does not exist, or it belongs to an organisation you are not working for."
)
FORBIDDEN = gettext_lazy(
    "Your role in this organisation does not allow this page. An administrator of your "
    "organisation can give you a role that does."
)
SERVER_ERROR = gettext_lazy(
    "Something went wrong on our side and nothing was changed. Try again in a moment; if it "
    "happens again, tell your administrator the time it happened."
)
CSRF_FAILED = gettext_lazy(
    "The form had expired or was sent from another page, so nothing was saved. Go back, reload "
    "the page and send the form again."
)


def back_link(request: HttpRequest) -> str:
    """The page the user came from, if it is on this site and is not the failing page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    )
    return referer if same_site and referer != request.build_absolute_uri() else ""


def error_page(
    request: HttpRequest, *, status: int, title: str | Promise, message: str | Promise
) -> HttpResponse:
    context = {"status": status, "title": title, "message": message, "back": back_link(request)}
    return render(request, "core/error.html", context, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=404, title=_("Page not found"), message=NOT_FOUND)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The refusal's own message when it names who may do it, else the general one."""
    said = str(exception.args[0]) if exception is not None and exception.args else ""
    return error_page(request, status=403, title=_("Not allowed"), message=said or FORBIDDEN)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return error_page(request, status=500, title=_("Server error"), message=SERVER_ERROR)
    except Exception:  # the shell needs the database; say it plainly without it
        return HttpResponseServerError(str(SERVER_ERROR), content_type="text/plain; charset=utf-8")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request, status=403, title=_("The form could not be sent"), message=CSRF_FAILED
    )
