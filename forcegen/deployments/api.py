"""API for missions (UN reference data)."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .models import Mission

router = Router(tags=["deployments"])


class MissionOut(Schema):
    acronym: str
    name: str
    lead_department: str
    is_active: bool
    start_date: datetime.date | None
    end_date: datetime.date | None
    location: str
    longitude: Decimal | None
    latitude: Decimal | None
    coordinates_doubtful: bool


@router.get("/missions/", response=list[MissionOut])
@paginate(PageNumberPagination)
def list_missions(request: HttpRequest, q: str = "", active: bool | None = None) -> Any:
    missions = Mission.objects.visible_to(request.user).search(q)
    return missions.filter(is_active=active) if active is not None else missions


@router.get("/missions/{acronym}/", response=MissionOut)
def get_mission(request: HttpRequest, acronym: str) -> Any:
    return get_object_or_404(Mission.objects.visible_to(request.user), acronym=acronym)
