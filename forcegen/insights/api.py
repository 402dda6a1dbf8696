"""API for the UN's published figures: ranking, a contributor's contributions, gender parity and
the imported files. UN figures are public; every authenticated user reads them."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from forcegen.core.models import Organisation
from forcegen.core.pagination import Pagination
from forcegen.core.params import Month
from forcegen.core.permissions import require_perm

from . import reports
from .forms import parse_country, parse_month
from .models import UNContribution, UNDataFile
from .registers import FileFilters
from .tasks import submit_un_file
from .views import UPLOAD_PERMISSION

router = Router(tags=["insights"])

ISO3 = r"^[A-Za-z]{3}$"


class InsightsRankOut(Schema):
    rank: int
    iso3: str
    country: str
    female: int
    male: int
    total: int


class InsightsRankingQuery(Schema):
    month: Month


class InsightsContributionsQuery(Schema):
    country: str = Field(..., pattern=ISO3, description="ISO 3166 alpha-3, e.g. VNM")
    start: Month = Field(..., alias="from")
    end: Month = Field(..., alias="to")
    mission: str | None = Field(None, max_length=20)
    type: str | None = Field(None, max_length=20, description="UN personnel type code")


class InsightsContributionOut(Schema):
    month: datetime.date
    mission: str
    personnel_type: str
    female: int
    male: int
    total: int


class InsightsParityQuery(Schema):
    country: str = Field(..., pattern=ISO3)
    month: Month


class InsightsParityOut(Schema):
    category: str
    female: int
    male: int
    total: int
    share: Decimal
    target: Decimal | None
    national_goal: Decimal | None
    colour: str


class InsightsFileOut(Schema):
    id: int
    name: str
    sha256: str
    format: str
    rows: int
    figures: int
    first_month: datetime.date
    last_month: datetime.date
    imported_at: datetime.datetime


def _month(text: str, field: str) -> datetime.date:
    try:
        return parse_month(text)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


@router.get("/ranking/", response=list[InsightsRankOut])
def ranking(request: HttpRequest, query: Query[InsightsRankingQuery]) -> Any:
    """Contributors ranked by total uniformed personnel on the month, the UN's way (ties share a
    rank, the next is skipped); from the published ranking when no monthly figures exist."""
    return reports.ranking(_month(query.month, "month")).lines


@router.get("/contributions/", response=list[InsightsContributionOut])
def contributions(request: HttpRequest, query: Query[InsightsContributionsQuery]) -> Any:
    """A contributor's women and men per month, mission and personnel type."""
    start, end = _month(query.start, "from"), _month(query.end, "to")
    if start > end:
        raise ValidationError({"to": ["The end comes before the start."]})
    rows = UNContribution.objects.filter(iso3=parse_country(query.country))
    if query.mission:
        rows = rows.filter(mission=query.mission.strip().upper())
    if query.type:
        rows = rows.filter(personnel_type=query.type)
    return [
        {**row, "total": row["female"] + row["male"]}
        for row in rows.between(start, end).women_and_men("month", "mission", "personnel_type")
    ]


@router.get("/parity/", response=list[InsightsParityOut])
def parity(request: HttpRequest, query: Query[InsightsParityQuery]) -> Any:
    """Women's share per UN category on the month against the UN target of that year and, for
    your own country, your organisation's national goal; with DPO's colour."""
    iso3 = parse_country(query.country)
    organisation = Organisation.objects.editable_by(request.user).first()
    own = organisation.pk if organisation and organisation.country == iso3 else None
    return [
        {
            "category": line.category.value,
            "female": line.female,
            "male": line.male,
            "total": line.total,
            "share": line.share,
            "target": line.target,
            "national_goal": line.goal,
            "colour": line.colour,
        }
        for line in reports.parity(iso3, _month(query.month, "month"), own)
    ]


@router.get("/imports/", response=list[InsightsFileOut])
@paginate(Pagination)
def imports(request: HttpRequest, filters: Query[FileFilters]) -> Any:
    """The UN files imported, newest first, with their provenance."""
    return UNDataFile.objects.filtered(filters)


class InsightsImportJobOut(Schema):
    job: int
    status: str


@router.post("/imports/", response={202: InsightsImportJobOut})
def upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Upload a UN file (monthly contributions by sex, monthly ranking or the IPI wide file); the
    task worker imports it, all or nothing. Follow it at /api/v1/jobs/{job}/ or on "My jobs"."""
    require_perm(request.user, UPLOAD_PERMISSION)
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    job = submit_un_file(organisation=organisation, user=request.user, upload=file)
    job.refresh_from_db()
    return Status(202, {"job": job.pk, "status": job.status})
