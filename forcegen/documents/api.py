"""API of the legal register: documents (with the register's filters), their versions, relations
and status changes, and the framework coverage. Documents outside the caller's scope are 404."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate

from forcegen.core.models import Organisation
from forcegen.core.pagination import Pagination
from forcegen.core.params import Day, ObjectId
from forcegen.core.permissions import require_perm

from . import lifecycle, services
from .api_attached import router as attached_router
from .coverage import Covering, coverage_for
from .forms import DocumentForm, NewDocumentForm, VersionForm
from .models import (
    CoverageItem,
    Document,
    DocumentStatus,
    DocumentType,
    IssuingBody,
    Relation,
    SubjectArea,
    Transition,
    Version,
)
from .registers import WIDE_FIELDS, ByIds, DocumentFilters

router = Router(tags=["documents"])


class LegalDocumentOut(Schema):
    id: int
    number: str
    type: str = Field(..., alias="type.code")
    type_name: str = Field(..., alias="type.label")
    title: str
    title_en: str
    status: DocumentStatus
    issuer: str | None = Field(None, alias="issuer.code")
    organisation: str = Field(..., alias="organisation.code")
    signed_on: datetime.date | None
    effective_from: datetime.date | None
    effective_to: datetime.date | None


class LegalDocumentDetailOut(LegalDocumentOut):
    language: str
    signer: str
    published_on: datetime.date | None
    legal_basis: str
    text: str
    adapted_from: int | None = Field(None, alias="adapted_from_id")
    source: str
    source_tag: str
    in_force_today: bool = Field(..., alias="in_force_now")


class VersionOut(Schema):
    id: int
    number: int
    note: str
    text: str
    created_at: datetime.datetime
    approved_at: datetime.datetime | None


class RelationOut(Schema):
    id: int
    source: int = Field(..., alias="source_id")
    source_number: str = Field(..., alias="source.number")
    kind: Relation.Kind
    target: int = Field(..., alias="target_id")
    target_number: str = Field(..., alias="target.number")
    effective_on: datetime.date | None
    articles: str
    note: str


class TransitionOut(Schema):
    id: int
    source: DocumentStatus
    target: DocumentStatus
    effective_on: datetime.date
    reason: str
    related: int | None = Field(None, alias="related_id")
    by: str | None = Field(None, alias="by.username")
    at: datetime.datetime


class TransitionIn(Schema):
    target: DocumentStatus = Field(..., description="The next status, e.g. consultation, in_force.")
    on: Day | None = Field(None, description="When it takes effect; default today.")
    reason: str = ""
    related: ObjectId | None = Field(
        None, description="The document that amends, replaces or repeals this one."
    )


class LegalDocumentPatch(Schema):
    """The register entry's fields, as the edit form has them; codes name reference rows."""

    type: str | None = Field(None, description="Document type code of your country, e.g. decree.")
    issuer: str | None = Field(None, description="Issuing body code, e.g. CP, PM; empty: none.")
    number: str | None = Field(None, description="Must fit the type's pattern; empty: none yet.")
    title: str | None = Field(None, description="Title in the native script.")
    title_en: str | None = None
    title_fr: str | None = None
    language: str | None = Field(None, description="ISO 639 code of the text, e.g. vi, lo.")
    signer: str | None = None
    signed_on: Day | None = None
    published_on: Day | None = None
    effective_from: Day | None = None
    effective_to: Day | None = None
    legal_basis: str | None = None
    covers: list[str] | None = Field(None, description="Framework checklist item codes.")
    subjects: list[str] | None = Field(None, description="Subject area codes.")
    is_shared: bool | None = Field(None, description="Partners with a grant may read it.")


class LegalDocumentIn(LegalDocumentPatch):
    type: str = Field(..., description="Document type code of your country, e.g. decree.")
    title: str = Field(..., description="Title in the native script.")
    title_en: str
    language: str = Field(..., description="ISO 639 code of the text, e.g. vi, lo.")
    text: str = Field("", description="The text; it becomes version 1.")


class VersionIn(Schema):
    text: str
    note: str = Field("", description="What changed in this round.")


class RelationIn(Schema):
    kind: Relation.Kind
    target: ObjectId = Field(..., description="The other document, one of your register's.")
    effective_on: Day | None = Field(None, description="Empty: from this document's own date.")
    articles: str = ""
    note: str = ""


class CoverageDocument(Schema):
    id: int
    number: str
    organisation: str
    status: DocumentStatus
    in_force: bool


class CoverageItemOut(Schema):
    code: str
    name: str
    shared: bool = Field(..., description="On the shared checklist; false: added by the caller.")
    state: str
    documents: list[CoverageDocument]
    partner_documents: list[CoverageDocument]


class CoverageOut(Schema):
    on: datetime.date
    in_force: int
    drafting: int
    missing: int
    items: list[CoverageItemOut]


def _document(request: HttpRequest, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request.user).for_register(), pk=document_id
    )


def _editable(request: HttpRequest, document_id: int) -> Document:
    """One of the caller's own documents (a partner's is 404, as on the pages)."""
    document = get_object_or_404(
        Document.objects.editable_by(request.user).for_register(), pk=document_id
    )
    require_perm(request.user, lifecycle.DRAFT)
    return document


def _detail(request: HttpRequest, document_id: int) -> Document:
    documents = Document.objects.visible_to(request.user).for_register()
    return get_object_or_404(documents.with_in_force_flag(timezone.localdate()), pk=document_id)


def _codes_to_ids(data: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """The form's values: reference rows named by code become their ids; an unknown code is
    passed on as written, for the form to refuse like a wrong choice on the page."""

    def pk(rows: Any, code: Any) -> Any:
        found = rows.filter(code=code).values_list("pk", flat=True).first() if code else None
        return found if found is not None else (code or "")

    country = organisation.country
    checklist = CoverageItem.objects.for_organisation(organisation.pk)
    converted = dict(data)
    if "type" in data:
        converted["type"] = pk(DocumentType.objects.for_country(country).current(), data["type"])
    if "issuer" in data:
        converted["issuer"] = pk(IssuingBody.objects.for_country(country).current(), data["issuer"])
    for name, rows in (("covers", checklist), ("subjects", SubjectArea.objects.all())):
        if data.get(name) is not None:
            converted[name] = [pk(rows, code) for code in data[name]]
    return converted


def _cleaned(form: Any) -> dict[str, Any]:
    """The form's cleaned data, or its refusals as the API's 400, field by field."""
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return dict(form.cleaned_data)


@router.get("/documents/", response=list[LegalDocumentOut])
@paginate(Pagination)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    filtered = Document.objects.visible_to(request.user).filtered(filters)
    return ByIds(filtered, lambda page: page.for_register().defer(*WIDE_FIELDS))


def _coverage_documents(documents: list[Covering]) -> list[CoverageDocument]:
    return [
        CoverageDocument(
            id=c.document.pk,
            number=c.document.number,
            organisation=c.document.organisation.code,
            status=DocumentStatus(c.document.status),
            in_force=c.in_force,
        )
        for c in documents
    ]


@router.get("/documents/coverage/", response=CoverageOut)
def coverage(request: HttpRequest, on: Day | None = None) -> Any:
    """Which checklist items the caller's documents cover, and what partners used for them."""
    report = coverage_for(request.user, on or timezone.localdate())
    return CoverageOut(
        on=report.day,
        in_force=report.in_force,
        drafting=report.drafting,
        missing=report.missing,
        items=[
            CoverageItemOut(
                code=row.item.code,
                name=row.item.label,
                shared=row.item.organisation_id is None,
                state=row.state,
                documents=_coverage_documents(row.own),
                partner_documents=_coverage_documents(row.partners),
            )
            for row in report.rows
        ],
    )


@router.post("/documents/", response={201: LegalDocumentDetailOut})
def create_document(request: HttpRequest, payload: LegalDocumentIn) -> Any:
    """A new document of the caller's register, checked like the page's form (its country's
    types and issuers, the number's pattern and uniqueness); its text becomes version 1."""
    require_perm(request.user, lifecycle.DRAFT)
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    data = _codes_to_ids(payload.model_dump(exclude_none=True), organisation)
    cleaned = _cleaned(NewDocumentForm(data, organisation=organisation))
    document = services.create_document(organisation=organisation, user=request.user, **cleaned)
    return Reply(201, _detail(request, document.pk))


@router.get("/documents/{document_id}/", response=LegalDocumentDetailOut)
def get_document(request: HttpRequest, document_id: ObjectId) -> Any:
    return _detail(request, document_id)


@router.patch("/documents/{document_id}/", response=LegalDocumentDetailOut)
def update_document(
    request: HttpRequest, document_id: ObjectId, payload: LegalDocumentPatch
) -> Any:
    """Change the fields sent, keep the others; checked like the page's form. The text changes
    through a new version."""
    document = _editable(request, document_id)
    current = {name: getattr(document, name) for name in services.EDITABLE_FIELDS} | {
        "type": document.type_id,
        "issuer": document.issuer_id or "",
        "covers": list(document.covers.values_list("pk", flat=True)),
        "subjects": list(document.subjects.values_list("pk", flat=True)),
    }
    sent = _codes_to_ids(payload.model_dump(exclude_unset=True), document.organisation)
    cleaned = _cleaned(DocumentForm(current | sent, organisation=document.organisation))
    services.update_document(document=document, user=request.user, **cleaned)
    return _detail(request, document.pk)


@router.get("/documents/{document_id}/versions/", response=list[VersionOut])
def list_versions(request: HttpRequest, document_id: ObjectId) -> Any:
    return Version.objects.filter(document=_document(request, document_id)).order_by("number")


@router.post("/documents/{document_id}/versions/", response={201: VersionOut})
def create_version(request: HttpRequest, document_id: ObjectId, payload: VersionIn) -> Any:
    """A new drafting round; refused once the text is frozen (appraisal and after)."""
    document = _editable(request, document_id)
    cleaned = _cleaned(VersionForm(payload.model_dump()))
    return Reply(201, services.add_version(document=document, user=request.user, **cleaned))


@router.get("/documents/{document_id}/relations/", response=list[RelationOut])
def list_relations(request: HttpRequest, document_id: ObjectId) -> Any:
    """Both directions: what this document does to others, and what others do to it."""
    document = _document(request, document_id)
    return (
        Relation.objects.filter(Q(source=document) | Q(target=document))
        .select_related("source", "target")
        .order_by("kind", "pk")
    )


@router.post("/documents/{document_id}/relations/", response={201: RelationOut})
def create_relation(request: HttpRequest, document_id: ObjectId, payload: RelationIn) -> Any:
    """This document amends, replaces, details… another of the register; a cycle is refused."""
    document = _editable(request, document_id)
    others = Document.objects.editable_by(request.user).exclude(pk=document.pk)
    target = others.filter(pk=payload.target).first()
    if target is None:
        raise ValidationError({"target": _("No such document in your register.")})
    relation = services.add_relation(source=document, **(payload.model_dump() | {"target": target}))
    return Reply(201, Relation.objects.select_related("source", "target").get(pk=relation.pk))


@router.get("/documents/{document_id}/transitions/", response=list[TransitionOut])
def list_transitions(request: HttpRequest, document_id: ObjectId) -> Any:
    document = _document(request, document_id)
    return Transition.objects.filter(document=document).select_related("by")


@router.post("/documents/{document_id}/transitions/", response={201: TransitionOut})
def create_transition(request: HttpRequest, document_id: ObjectId, payload: TransitionIn) -> Any:
    """One lifecycle step; refused with the reason when the role or the document does not allow
    it (e.g. in force before its effective date, replaced without the replacing document)."""
    document = get_object_or_404(Document.objects.editable_by(request.user), pk=document_id)
    related = None
    if payload.related is not None:
        related = Document.objects.editable_by(request.user).filter(pk=payload.related).first()
        if related is None:
            raise ValidationError({"related": _("No such document in your register.")})
    transition = services.move(
        document=document,
        user=request.user,
        target=payload.target,
        on=payload.on,
        reason=payload.reason,
        related=related,
    )
    return Reply(201, transition)


# Comments, attachments and citations: their own module, under the same paths.
router.add_router("", attached_router)
