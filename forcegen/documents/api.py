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

from forcegen.core.pagination import Pagination

from . import services
from .coverage import Covering, coverage_for
from .models import Document, DocumentStatus, Relation, Transition, Version
from .registers import DocumentFilters
from .views import REGISTER_ORDER

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
    on: datetime.date | None = Field(None, description="When it takes effect; default today.")
    reason: str = ""
    related: int | None = Field(
        None, description="The document that amends, replaces or repeals this one."
    )


class CoverageDocument(Schema):
    id: int
    number: str
    organisation: str
    status: DocumentStatus
    in_force: bool


class CoverageItemOut(Schema):
    code: str
    name: str
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


@router.get("/documents/", response=list[LegalDocumentOut])
@paginate(Pagination)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    return (
        Document.objects.visible_to(request.user)
        .filtered(filters)
        .for_register()
        .order_by(*REGISTER_ORDER)
    )


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
def coverage(request: HttpRequest, on: datetime.date | None = None) -> Any:
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
                state=row.state,
                documents=_coverage_documents(row.own),
                partner_documents=_coverage_documents(row.partners),
            )
            for row in report.rows
        ],
    )


@router.get("/documents/{document_id}/", response=LegalDocumentDetailOut)
def get_document(request: HttpRequest, document_id: int) -> Any:
    documents = Document.objects.visible_to(request.user).for_register()
    return get_object_or_404(documents.with_in_force_flag(timezone.localdate()), pk=document_id)


@router.get("/documents/{document_id}/versions/", response=list[VersionOut])
def list_versions(request: HttpRequest, document_id: int) -> Any:
    return Version.objects.filter(document=_document(request, document_id)).order_by("number")


@router.get("/documents/{document_id}/relations/", response=list[RelationOut])
def list_relations(request: HttpRequest, document_id: int) -> Any:
    """Both directions: what this document does to others, and what others do to it."""
    document = _document(request, document_id)
    return (
        Relation.objects.filter(Q(source=document) | Q(target=document))
        .select_related("source", "target")
        .order_by("kind", "pk")
    )


@router.get("/documents/{document_id}/transitions/", response=list[TransitionOut])
def list_transitions(request: HttpRequest, document_id: int) -> Any:
    document = _document(request, document_id)
    return Transition.objects.filter(document=document).select_related("by")


@router.post("/documents/{document_id}/transitions/", response={201: TransitionOut})
def create_transition(request: HttpRequest, document_id: int, payload: TransitionIn) -> Any:
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
