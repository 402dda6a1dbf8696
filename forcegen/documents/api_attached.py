"""API of what hangs on a document: its consultation comments, its attached files and the records
that cite it as their legal basis. The same rules as the pages: a document outside the caller's
scope is 404, a role without the right is 403, and every change is in the audit trail."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from forcegen.core.params import ObjectId
from forcegen.core.permissions import require_perm

from . import citations, lifecycle, services
from .forms import AttachmentForm, CommentForm
from .models import Attachment, Citation, Comment, Document

router = Router(tags=["documents"])

VersionNumber = Annotated[int, Field(ge=1, le=32767)]


class CommentOut(Schema):
    id: int
    version: int | None = Field(None, alias="version.number")
    article: str
    text: str
    author: str | None = Field(None, alias="author.username")
    organisation: str = Field(..., alias="organisation.code")
    created_at: datetime.datetime


class CommentIn(Schema):
    text: str = Field(..., description="The remark.")
    article: str = Field("", description="The article it is about, e.g. 5; empty: the whole.")
    version: VersionNumber | None = Field(
        None, description="The version it is about; default the latest."
    )


class AttachmentOut(Schema):
    id: int
    title: str
    name: str = Field(..., description="The file's name.")
    size: int = Field(..., description="In bytes.")
    uploaded_by: str | None = Field(None, description="Who uploaded it.")
    uploaded_at: datetime.datetime


class CitationOut(Schema):
    id: int
    kind: str = Field(..., description="The citing record's kind, e.g. personnel.requirement.")
    kind_name: str
    record: int = Field(..., description="The citing record's id.")
    record_name: str
    article: str
    created_at: datetime.datetime


class CitationIn(Schema):
    kind: str = Field(
        ...,
        max_length=100,
        description="The citing record's kind: personnel.requirement, "
        "deployments.missionrequirement, training.course or units.unittemplate.",
    )
    record: ObjectId = Field(..., description="The citing record's id; one you may edit.")
    article: str = Field("", description="The article cited, e.g. 5; empty: the whole.")


def _document(request: HttpRequest, document_id: int) -> Document:
    return get_object_or_404(Document.objects.visible_to(request.user), pk=document_id)


def _own(request: HttpRequest, document_id: int) -> Document:
    """One of the caller's own documents (a partner's is 404, as on the pages)."""
    document = get_object_or_404(Document.objects.editable_by(request.user), pk=document_id)
    require_perm(request.user, lifecycle.DRAFT)
    return document


def _refusals(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return dict(form.cleaned_data)


# --- Comments -------------------------------------------------------------------------------------


def _comments() -> Any:
    return Comment.objects.select_related("version", "author", "organisation").order_by(
        "created_at", "pk"
    )


@router.get("/documents/{document_id}/comments/", response=list[CommentOut])
def list_comments(request: HttpRequest, document_id: ObjectId) -> Any:
    """The remarks made during consultation, by the drafters and by partners."""
    return _comments().filter(document=_document(request, document_id))


@router.post("/documents/{document_id}/comments/", response={201: CommentOut})
def create_comment(request: HttpRequest, document_id: ObjectId, payload: CommentIn) -> Any:
    """A remark on a draft in consultation: by its own organisation, or by a partner it opened
    its drafts to. Refused outside consultation."""
    document = _document(request, document_id)
    require_perm(request.user, "documents.comment_document")
    cleaned = _refusals(CommentForm({"text": payload.text, "article": payload.article}))
    version = None
    if payload.version is not None:
        version = document.versions.filter(number=payload.version).first()
        if version is None:
            raise ValidationError({"version": _("This document has no such version.")})
    comment = services.add_comment(document=document, user=request.user, version=version, **cleaned)
    return Status(201, _comments().get(pk=comment.pk))


# --- Attachments ----------------------------------------------------------------------------------


def _attachment_out(attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        title=attachment.title,
        name=attachment.file.name.rsplit("/", 1)[-1],
        size=attachment.file.size if attachment.file.storage.exists(attachment.file.name) else 0,
        uploaded_by=attachment.uploaded_by.username if attachment.uploaded_by else None,
        uploaded_at=attachment.uploaded_at,
    )


@router.get("/documents/{document_id}/attachments/", response=list[AttachmentOut])
def list_attachments(request: HttpRequest, document_id: ObjectId) -> Any:
    document = _document(request, document_id)
    rows = document.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")
    return [_attachment_out(row) for row in rows]


@router.post("/documents/{document_id}/attachments/", response={201: AttachmentOut})
def create_attachment(
    request: HttpRequest, document_id: ObjectId, file: File[UploadedFile], title: Form[str]
) -> Any:
    """A PDF or DOCX of up to 20 MB, checked like the page's upload (a file that only carries
    the suffix is refused)."""
    document = _own(request, document_id)
    cleaned = _refusals(AttachmentForm({"title": title}, MultiValueDict({"file": [file]})))
    attachment = services.add_attachment(document=document, user=request.user, **cleaned)
    return Status(201, _attachment_out(attachment))


def _attachment(document: Document, attachment_id: int) -> Attachment:
    return get_object_or_404(document.attachments.select_related("uploaded_by"), pk=attachment_id)


@router.get("/documents/{document_id}/attachments/{attachment_id}/", response={200: None})
def download_attachment(
    request: HttpRequest, document_id: ObjectId, attachment_id: ObjectId
) -> Any:
    """The file itself."""
    found = _attachment(_document(request, document_id), attachment_id)
    if not found.file.storage.exists(found.file.name):
        raise Http404  # the file went missing from storage (a restore without media)
    return FileResponse(found.file.open("rb"), as_attachment=True)


@router.delete("/documents/{document_id}/attachments/{attachment_id}/", response={204: None})
def delete_attachment(request: HttpRequest, document_id: ObjectId, attachment_id: ObjectId) -> Any:
    """Take a file off one of your documents (drafters)."""
    found = _attachment(_own(request, document_id), attachment_id)
    services.remove_attachment(attachment=found, user=request.user)
    return Status(204, None)


# --- Citations ------------------------------------------------------------------------------------


def _citation_out(row: citations.CitingRecord) -> CitationOut:
    return CitationOut(
        id=row.citation.pk,
        kind=row.kind.model._meta.label_lower,
        kind_name=str(row.kind.label),
        record=row.record.pk,
        record_name=str(row.record),
        article=row.citation.article,
        created_at=row.citation.created_at,
    )


@router.get("/documents/{document_id}/citations/", response=list[CitationOut])
def list_citations(request: HttpRequest, document_id: ObjectId) -> Any:
    """The records citing the document as their legal basis, among those you may see."""
    document = _document(request, document_id)
    return [_citation_out(row) for row in citations.citing(document, request.user)]


@router.post("/documents/{document_id}/citations/", response={201: CitationOut})
def create_citation(request: HttpRequest, document_id: ObjectId, payload: CitationIn) -> Any:
    """One of your records cites this document (and article) as its legal basis: the legal
    office, or whoever edits that kind of record. A draft cannot be cited."""
    document = _document(request, document_id)
    kind = next(
        (k for k in citations.kinds() if k.model._meta.label_lower == payload.kind.lower()), None
    )
    if kind is None:
        raise ValidationError({"kind": _("This kind of record cannot cite a legal basis.")})
    if not request.user.has_perm("documents.add_citation"):
        require_perm(request.user, kind.permission)
    record = kind.model._default_manager.editable_by(request.user).filter(pk=payload.record)  # type: ignore[attr-defined]
    found = record.first()
    if found is None:
        raise ValidationError({"record": _("No such record among those you may change.")})
    citation = citations.cite(
        document=document, obj=found, article=payload.article, user=request.user
    )
    return Status(201, _citation_out(citations.CitingRecord(kind, found, citation)))


@router.delete("/documents/{document_id}/citations/{citation_id}/", response={204: None})
def delete_citation(request: HttpRequest, document_id: ObjectId, citation_id: ObjectId) -> Any:
    """Take the legal basis off the citing record: the same people as may record it."""
    document = _document(request, document_id)
    found = get_object_or_404(
        Citation.objects.visible_to(request.user).filter(document=document), pk=citation_id
    )
    citations.uncite(citation=found, user=request.user)
    return Status(204, None)
