"""API for the personnel registry: people, credentials, requirements and eligibility."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from forcegen.core.models import Organisation
from forcegen.core.params import UNCHANGED, Day, ObjectId
from forcegen.core.permissions import require_perm
from forcegen.core.registers import paginated
from forcegen.documents.models import Citation

from . import services, tasks
from .eligibility import Period
from .fitness import Seat, fitness
from .models import Credential, LanguageLevel, Person, Rank, Requirement, RosterImport, Specialty
from .registers import EXPIRING, PEOPLE, ExpiringFilters, PersonFilters

router = Router(tags=["personnel"])

PRIVATE = "personnel.view_personal_data"
IMPORT_PERMISSION = "personnel.import_personnel"


class RankOut(Schema):
    code: str
    name_native: str
    name_en: str
    nato_code: str


class PersonOut(Schema):
    id: int
    service_number: str
    full_name: str
    full_name_native: str
    sex: str
    date_of_birth: datetime.date
    rank: RankOut
    specialties: list[str]
    home_unit: str
    status: str

    @staticmethod
    def resolve_specialties(obj: Person) -> list[str]:
        return [s.code for s in obj.specialties.all()]


class CredentialOut(Schema):
    """Private kinds (passport, medical, vaccination, screening) show only their validity to
    roles without the personal-data permission."""

    id: int
    kind: str
    restricted: bool
    reference: str | None
    detail: str | None
    level: str | None
    issued_on: datetime.date | None
    valid_until: datetime.date | None
    authority: str | None

    @staticmethod
    def _hidden(obj: Credential, context: Any) -> bool:
        return obj.is_private and not context["request"].user.has_perm(PRIVATE)

    @staticmethod
    def resolve_restricted(obj: Credential, context: Any) -> bool:
        return CredentialOut._hidden(obj, context)

    @staticmethod
    def resolve_reference(obj: Credential, context: Any) -> str | None:
        return None if CredentialOut._hidden(obj, context) else obj.reference

    @staticmethod
    def resolve_detail(obj: Credential, context: Any) -> str | None:
        return None if CredentialOut._hidden(obj, context) else obj.detail

    @staticmethod
    def resolve_authority(obj: Credential, context: Any) -> str | None:
        return None if CredentialOut._hidden(obj, context) else obj.authority

    @staticmethod
    def resolve_level(obj: Credential) -> str | None:
        return LanguageLevel(obj.level).label if obj.level else None


class UnavailabilityOut(Schema):
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    note: str


class PersonDetailOut(PersonOut):
    branch: str
    blood_group: str | None = Field(
        description="null for roles without the personal-data permission."
    )
    last_mission_return: datetime.date | None
    credentials: list[CredentialOut]
    unavailability: list[UnavailabilityOut]

    @staticmethod
    def resolve_blood_group(obj: Person, context: Any) -> str | None:
        return obj.blood_group if context["request"].user.has_perm(PRIVATE) else None

    @staticmethod
    def resolve_credentials(obj: Person) -> list[Credential]:
        return list(obj.credentials.all())

    @staticmethod
    def resolve_unavailability(obj: Person) -> list[Any]:
        return list(obj.unavailability.all())


class PersonIn(Schema):
    service_number: str = Field(..., min_length=1, max_length=40)
    full_name: str = Field(..., min_length=1, max_length=200)
    full_name_native: str = ""
    sex: Person.Sex
    date_of_birth: datetime.date
    rank: str = Field(..., description="Code in your organisation's rank table.")
    specialties: list[str] = []
    branch: str = ""
    home_unit: str = ""
    status: str = Field(Person.Status.ACTIVE.value, description="active, reserve or retired")
    blood_group: str = ""
    last_mission_return: datetime.date | None = None


class PersonPatch(Schema):
    """Send only what changes. A field that cannot be empty refuses null (its type says so)."""

    full_name: str = Field(UNCHANGED, min_length=1, max_length=200)
    full_name_native: str = Field(UNCHANGED)
    sex: Person.Sex = Field(UNCHANGED)
    date_of_birth: datetime.date = Field(UNCHANGED)
    rank: str | None = None
    specialties: list[str] | None = None
    branch: str = Field(UNCHANGED)
    home_unit: str = Field(UNCHANGED)
    status: str = Field(UNCHANGED, description="active, reserve or retired")
    blood_group: str = Field(UNCHANGED)
    last_mission_return: datetime.date | None = None


class CredentialIn(Schema):
    kind: Credential.Kind
    reference: str = ""
    detail: str = ""
    level: str | None = Field(None, description="Language level A1 to C2.")
    issued_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    authority: str = ""
    remarks: str = ""


class RequirementOut(Schema):
    id: int
    name: str
    specialty: str | None = Field(None, alias="specialty.code")
    min_rank: str
    max_rank: str
    min_age: int | None
    max_age: int | None
    min_rest_days: int
    female_only: bool


class VerdictOut(Schema):
    person: int
    eligible: bool
    failures: list[str]
    legal_basis: list[str] = Field(
        default_factory=list, description="What the requirement cites, e.g. Decree 01/2026/NĐ-CP."
    )


class EligibleOut(Schema):
    count: int
    people: list[PersonOut]


def _resolve_rank(organisation: Organisation, code: str) -> Rank:
    rank = Rank.objects.filter(organisation=organisation, code=code).first()
    if rank is None:
        message = _("Unknown rank “%(code)s” in %(organisation)s's table.")
        raise ValidationError({"rank": message % {"code": code, "organisation": organisation.code}})
    return rank


def _resolve_specialties(codes: list[str]) -> list[Specialty]:
    found = list(Specialty.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {s.code for s in found})
    if unknown:
        message = _("Unknown specialty: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ValidationError({"specialties": message})
    return found


def _detail(request: HttpRequest, person_id: int) -> Person:
    people = Person.objects.visible_to(request.user).for_eligibility()
    return get_object_or_404(people, pk=person_id)


def _seat(requirement: Requirement, start: datetime.date, end: datetime.date) -> Seat:
    """The requirement's post over the period, as seat fitness checks it."""
    try:
        period = Period(start, end)
    except ValueError as exc:
        raise ValidationError({"end": str(exc)}) from exc
    return Seat(requirement.organisation_id, requirement, (period,))


@router.get("/personnel/", response=list[PersonOut])
@paginated(PEOPLE)
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    return Person.objects.visible_to(request.user).filtered(filters).for_list()


@router.post("/personnel/", response={201: PersonDetailOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    require_perm(request.user, "personnel.add_person")
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    data = payload.model_dump(exclude={"rank", "specialties"})
    person = services.save_person(
        organisation=organisation,
        rank=_resolve_rank(organisation, payload.rank),
        specialties=_resolve_specialties(payload.specialties),
        **data,
    )
    return Status(201, _detail(request, person.pk))


class ExpiringOut(Schema):
    id: int
    kind: Credential.Kind
    valid_until: datetime.date
    person_id: int
    service_number: str = Field(alias="person.service_number")
    full_name: str = Field(alias="person.full_name")


@router.get("/personnel/credentials/expiring/", response=list[ExpiringOut])
@paginated(EXPIRING)
def list_expiring(request: HttpRequest, filters: Query[ExpiringFilters]) -> Any:
    """Credentials that lapse within the given days (90 by default), soonest first; private
    kinds show only their validity, as on the page."""
    return Credential.objects.visible_to(request.user).filtered(filters)


@router.get("/personnel/requirements/", response=list[RequirementOut])
def list_requirements(request: HttpRequest) -> Any:
    return Requirement.objects.visible_to(request.user).select_related("specialty")


@router.get("/personnel/eligibility/", response=EligibleOut)
def eligible_people(
    request: HttpRequest,
    requirement: ObjectId,
    start: Day,
    end: Day,
    limit: int = Query(100, ge=1, le=1000),  # type: ignore[type-arg]
) -> Any:
    """Everyone eligible for a requirement over the period, decided in SQL."""
    found = get_object_or_404(Requirement.objects.visible_to(request.user), pk=requirement)
    people = Person.objects.visible_to(request.user).fit_for(_seat(found, start, end))
    return {"count": people.count(), "people": people.for_list()[:limit]}


# --- Roster imports (fixed paths: declared before /personnel/{person_id}/, which would match them)


class ImportErrorOut(Schema):
    row: int = Field(
        description="Row in the file as a spreadsheet numbers it (header = 1; 0: file)."
    )
    column: str
    message: str


class RosterImportOut(Schema):
    id: int
    status: RosterImport.Status
    original_name: str
    counts: dict[str, int] = Field(
        description="rows, created, updated, unchanged, errors (before import: what would happen)."
    )
    errors: list[ImportErrorOut]
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


def _roster_import(request: HttpRequest, import_id: int) -> RosterImport:
    require_perm(request.user, IMPORT_PERMISSION)
    return get_object_or_404(RosterImport.objects.visible_to(request.user), pk=import_id)


@router.post("/personnel/imports/", response={202: RosterImportOut})
def start_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
) -> Any:
    """Upload a roster (.csv or .xlsx, columns in docs/roster-import.md); it is checked in the
    background. Without dry_run it is also imported as soon as every row is right; with dry_run,
    read the result here, then POST .../confirm/ to import it. Nothing is stored if any row is
    wrong."""
    require_perm(request.user, IMPORT_PERMISSION)
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    submitted = tasks.submit_roster(
        organisation=organisation, user=request.user, upload=file, commit_when_valid=not dry_run
    )
    return Status(202, _roster_import(request, submitted.pk))


@router.get("/personnel/imports/{import_id}/", response=RosterImportOut)
def get_import(request: HttpRequest, import_id: int) -> Any:
    return _roster_import(request, import_id)


@router.post("/personnel/imports/{import_id}/confirm/", response={202: RosterImportOut})
def confirm_import(request: HttpRequest, import_id: int) -> Any:
    """Import a checked roster without errors (uploaded with dry_run); runs in the background."""
    roster_import = _roster_import(request, import_id)
    tasks.confirm_roster(roster_import=roster_import, user=request.user)
    return Status(202, _roster_import(request, import_id))


@router.get("/personnel/{person_id}/", response=PersonDetailOut)
def get_person(request: HttpRequest, person_id: int) -> Any:
    return _detail(request, person_id)


@router.patch("/personnel/{person_id}/", response=PersonDetailOut)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Any:
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=person_id)
    require_perm(request.user, "personnel.change_person")
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    data = payload.model_dump(exclude_unset=True, exclude={"rank", "specialties"})
    if payload.rank is not None:
        data["rank"] = _resolve_rank(organisation, payload.rank)
    specialties = (
        _resolve_specialties(payload.specialties) if payload.specialties is not None else None
    )
    services.save_person(organisation=organisation, person=person, specialties=specialties, **data)
    return _detail(request, person.pk)


@router.post("/personnel/{person_id}/credentials/", response={201: CredentialOut})
def add_credential(request: HttpRequest, person_id: int, payload: CredentialIn) -> Any:
    person = get_object_or_404(Person.objects.editable_by(request.user), pk=person_id)
    require_perm(request.user, "personnel.add_credential")
    data = payload.model_dump(exclude={"level"})
    if payload.level is not None:
        levels = {label: value for value, label in LanguageLevel.choices}
        if payload.level not in levels:
            raise ValidationError({"level": _("Use a level from A1 to C2.")})
        data["level"] = levels[payload.level]
    return Status(201, services.add_credential(person=person, **data))


@router.get("/personnel/{person_id}/eligibility/", response=VerdictOut)
def person_eligibility(
    request: HttpRequest, person_id: int, requirement: int, start: datetime.date, end: datetime.date
) -> Any:
    """Pass or fail for one person, with every failed rule explained."""
    person = _detail(request, person_id)
    found = get_object_or_404(Requirement.objects.visible_to(request.user), pk=requirement)
    verdict = fitness(person, _seat(found, start, end))
    basis = [citation.label for citation in Citation.objects.of(found)]
    return {
        "person": person.pk,
        "eligible": verdict.fit,
        "failures": verdict.failures,
        "legal_basis": basis,
    }
