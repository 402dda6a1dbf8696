"""API authentication (bearer tokens), the current user, memberships and tokens."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.security import HttpBearer

from forcegen.core.pagination import Pagination

from . import services
from .models import ApiToken, Membership, User
from .registers import MemberFilters

router = Router(tags=["accounts"])

ORGANISATION_HEADER = "X-Organisation"


class BearerToken(HttpBearer):
    """`Authorization: Bearer fg_…`; `X-Organisation: CODE` picks the membership to act through."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.user_for_token(token)
        if user is None:
            # A request that presents a token is judged by it: an unknown or revoked token is a
            # 401, not a fall-back to the browser session (whose CSRF check would answer 403).
            raise AuthenticationError
        request.user = user
        code = request.headers.get(ORGANISATION_HEADER)
        if code:
            membership = next(
                (m for m in user.membership_choices if m.organisation.code == code), None
            )
            if membership is None:
                raise PermissionDenied(
                    _("You are not a member of an organisation with code “%(code)s”.")
                    % {"code": code}
                )
            user.activate(membership.organisation_id)
        return user


class MembershipOut(Schema):
    id: int
    username: str = Field(alias="user.username")
    full_name: str = Field(alias="user.get_full_name")
    organisation: str = Field(alias="organisation.code")
    role: str = Field(alias="role.name")


class MeOut(Schema):
    username: str
    full_name: str
    full_name_native: str
    active_organisation: str | None
    role: str | None
    permissions: list[str]
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class NewTokenOut(TokenOut):
    token: str = Field(description="The bearer token. It is shown only this once.")


@router.get("/me/", response=MeOut)
def me(request: HttpRequest) -> Any:
    user = request.user
    assert isinstance(user, User)
    active = user.active_membership
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "full_name_native": user.full_name_native,
        "active_organisation": active.organisation.code if active else None,
        "role": active.role.name if active else None,
        "permissions": sorted(active.permissions) if active else [],
        "memberships": user.membership_choices,
    }


@router.get("/memberships/", response=list[MembershipOut])
@paginate(Pagination)
def list_memberships(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    """The members of your active organisation and their roles."""
    return Membership.objects.visible_to(request.user).for_list().filtered(filters)


@router.get("/memberships/{membership_id}/", response=MembershipOut)
def get_membership(request: HttpRequest, membership_id: int) -> Any:
    queryset = Membership.objects.visible_to(request.user).select_related(
        "user", "organisation", "role"
    )
    return get_object_or_404(queryset, pk=membership_id)


@router.get("/tokens/", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> Any:
    return ApiToken.objects.visible_to(request.user)


@router.post("/tokens/", response={201: NewTokenOut})
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    user = request.user
    assert isinstance(user, User)
    token, raw = services.issue_token(user=user, name=payload.name)
    token.token = raw  # type: ignore[attr-defined]  # shown once, never stored
    return Status(201, token)


@router.post("/tokens/{token_id}/revoke/", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: int) -> Any:
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    return services.revoke_token(token=token)
