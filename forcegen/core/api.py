"""API for organisations, partnerships, sharing grants and record history."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from . import services
from .audit import AUDIT_PERMISSION, history_for
from .models import Job, Organisation, Partnership, SharingGrant
from .org_export import export_response
from .pagination import Pagination
from .params import ObjectId
from .permissions import require_perm

router = Router(tags=["organisations"])


class ErrorDetail(Schema):
    field: str = Field(description="The input field at fault; empty when the whole request is.")
    message: str


class ErrorOut(Schema):
    """The shape of every error the API returns."""

    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []


# The error handlers' own messages (config/api.py), kept here so that the translations find them.
ERROR_MESSAGES = {
    "invalid_input": _("The request is not valid."),
    "validation_failed": _("The request was refused."),
    "not_found": _("Not found."),
    "permission_denied": _("Permission denied."),
    "authentication_required": _("Send a valid bearer token or sign in."),
    "server_error": _("An unexpected error occurred."),
    "too_large": _("The request is too large."),
    "unreadable": _("The request body cannot be read; send it again, complete."),
    "method_not_allowed": _("This address does not take this method."),
}


class OrganisationOut(Schema):
    code: str
    name_native: str
    name_en: str
    country: str
    kind: str
    is_training_centre: bool


class OrganisationPatch(Schema):
    name_native: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, min_length=1, max_length=200)
    is_training_centre: bool | None = None


class PartnershipOut(Schema):
    id: int
    source: str = Field(alias="source.code")
    target: str = Field(alias="target.code")
    kind: str
    started_on: datetime.date
    ended_on: datetime.date | None
    agreement_reference: str


class GrantOut(Schema):
    id: int
    grantor: str = Field(alias="grantor.code")
    grantee: str = Field(alias="grantee.code")
    scope: str
    note: str
    granted_at: datetime.datetime
    revoked_at: datetime.datetime | None


class GrantIn(Schema):
    grantee: str = Field(description="Code of the partner organisation.")
    scope: SharingGrant.Scope
    note: str = Field("", max_length=300)


class HistoryOut(Schema):
    timestamp: datetime.datetime
    action: str
    actor: str | None
    changes: dict[str, Any]


def _history_row(entry: Any) -> HistoryOut:
    return HistoryOut(
        timestamp=entry.timestamp,
        action=entry.get_action_display(),
        actor=entry.actor.username if entry.actor else None,
        changes=entry.changes_dict,
    )


@router.get("/organisations/", response=list[OrganisationOut])
@paginate(Pagination)
def list_organisations(request: HttpRequest) -> Any:
    """Your active organisation and its partners."""
    return Organisation.objects.visible_to(request.user)


@router.get("/organisations/{code}/", response=OrganisationOut)
def get_organisation(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(Organisation.objects.visible_to(request.user), code=code)


@router.patch("/organisations/{code}/", response=OrganisationOut)
def update_organisation(request: HttpRequest, code: str, payload: OrganisationPatch) -> Any:
    org = get_object_or_404(Organisation.objects.editable_by(request.user), code=code)
    require_perm(request.user, "core.change_organisation")
    for field, value in payload.model_dump(exclude_none=True).items():
        setattr(org, field, value)
    org.full_clean()
    org.save()
    return org


@router.get("/organisations/{code}/export/", response={200: None})
def export_organisation(request: HttpRequest, code: str) -> Any:
    """All of your organisation's records (CSV) and documents as one ZIP; administrators only."""
    org = get_object_or_404(Organisation.objects.editable_by(request.user), code=code)
    require_perm(request.user, "core.change_organisation")
    return export_response(org)


@router.get("/organisations/{code}/history/", response=list[HistoryOut])
def organisation_history(request: HttpRequest, code: str) -> Any:
    org = get_object_or_404(Organisation.objects.editable_by(request.user), code=code)
    require_perm(request.user, AUDIT_PERMISSION)
    return [_history_row(entry) for entry in history_for(org)[:200]]


@router.get("/partnerships/", response=list[PartnershipOut])
@paginate(Pagination)
def list_partnerships(request: HttpRequest) -> Any:
    return Partnership.objects.visible_to(request.user).select_related("source", "target")


@router.get("/sharing-grants/", response=list[GrantOut])
@paginate(Pagination)
def list_grants(request: HttpRequest) -> Any:
    return SharingGrant.objects.visible_to(request.user).select_related("grantor", "grantee")


@router.post("/sharing-grants/", response={201: GrantOut})
def create_grant(request: HttpRequest, payload: GrantIn) -> Any:
    """Share one kind of your organisation's records with a partner."""
    require_perm(request.user, "core.manage_sharing")
    grantor = get_object_or_404(Organisation.objects.editable_by(request.user))
    grantee = get_object_or_404(Organisation.objects.visible_to(request.user), code=payload.grantee)
    grant = services.grant_sharing(
        grantor=grantor,
        grantee=grantee,
        scope=payload.scope.value,
        user=request.user,
        note=payload.note,
    )
    return Status(201, grant)


@router.post("/sharing-grants/{grant_id}/revoke/", response=GrantOut)
def revoke_grant(request: HttpRequest, grant_id: int) -> Any:
    require_perm(request.user, "core.manage_sharing")
    grant = get_object_or_404(SharingGrant.objects.editable_by(request.user), pk=grant_id)
    return services.revoke_grant(grant=grant, user=request.user)


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int | None
    message: str
    error: str
    result: dict[str, Any]
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


@router.get("/jobs/{job_id}/", response=JobOut, tags=["jobs"])
def get_job(request: HttpRequest, job_id: ObjectId) -> Any:
    """One of your background jobs (an import, a plan run, a report): how far it has got, and
    its result or error. Another user's job is 404."""
    return get_object_or_404(Job.objects.visible_to(request.user), pk=job_id)
