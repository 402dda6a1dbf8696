"""The JSON API at /api/v1/: one NinjaAPI, a router per app, and one error shape for every error."""

import logging
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import django_auth

from forcegen.accounts.api import BearerToken
from forcegen.accounts.api import router as accounts_router
from forcegen.cooperation.api import router as cooperation_router
from forcegen.core.api import ERROR_MESSAGES, ErrorDetail, ErrorOut
from forcegen.core.api import router as core_router
from forcegen.core.openapi import UniqueNamesAPI
from forcegen.core.params import BoundedParser
from forcegen.deployments.api import router as deployments_router
from forcegen.documents.api import router as documents_router
from forcegen.insights.api import router as insights_router
from forcegen.logistics.api import router as logistics_router
from forcegen.personnel.api import router as personnel_router
from forcegen.planning.api import router as planning_router
from forcegen.reminders.api import router as reminders_router
from forcegen.training.api import router as training_router
from forcegen.units.api import router as units_router

logger = logging.getLogger(__name__)

api = UniqueNamesAPI(
    title="forcegen API",
    version="1",
    description="Build, train and deploy a national UN peacekeeping force. Authenticate with a "
    "bearer token (`python manage.py api_token USERNAME`) or a browser session. Send "
    "`X-Organisation: CODE` to act for another of your organisations.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    parser=BoundedParser(),
)


def error_response(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    details: list[dict[str, str]] | None = None,
) -> HttpResponse:
    rows = [ErrorDetail(**detail) for detail in details or []]
    body = ErrorOut(status=status, code=code, message=message, details=rows)
    return api.create_response(request, body.model_dump(), status=status)


def _field_of(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    details = [
        {"field": _field_of(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors
    ]
    return error_response(
        request, 422, "invalid_input", str(ERROR_MESSAGES["invalid_input"]), details
    )


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        details = [
            {"field": "" if field == "__all__" else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        details = [{"field": "", "message": message} for message in exc.messages]
    refused = str(ERROR_MESSAGES["validation_failed"])
    message = details[0]["message"] if len(details) == 1 else refused
    return error_response(request, 400, "validation_failed", message, details)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(ERROR_MESSAGES["not_found"]))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or str(ERROR_MESSAGES["permission_denied"])
    return error_response(request, 403, "permission_denied", message)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = str(ERROR_MESSAGES["authentication_required"])
    return error_response(request, 401, "authentication_required", message)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    message = str(ERROR_MESSAGES["too_large"])
    return error_response(request, 413, "too_large", message)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
def on_unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(ERROR_MESSAGES["unreadable"])
    return error_response(request, 400, "unreadable", message)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    message = str(ERROR_MESSAGES["method_not_allowed"])
    return error_response(request, 405, "method_not_allowed", message)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled API error", exc_info=exc)
    return error_response(request, 500, "server_error", str(ERROR_MESSAGES["server_error"]))


api.add_router("/", accounts_router)
api.add_router("/", core_router)
api.add_router("/", personnel_router)
api.add_router("/", deployments_router)
api.add_router("/", training_router)
api.add_router("/", units_router)
api.add_router("/", planning_router)
api.add_router("/", documents_router)
api.add_router("/logistics/", logistics_router)
api.add_router("/cooperation/", cooperation_router)
api.add_router("/insights/", insights_router)
api.add_router("/", reminders_router)
