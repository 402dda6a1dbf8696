"""Pages of the legal register: the list, a document, its editing, and the framework coverage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.core.audit import can_see_history, history_for
from forcegen.core.exports import tabular_response
from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation
from forcegen.core.permissions import require_perm
from forcegen.core.registers import export_response, listing

from . import citations, lifecycle, prints, services
from .coverage import Covering, coverage_for
from .forms import (
    AttachmentForm,
    ChecklistItemForm,
    CommentForm,
    DocumentForm,
    MoveForm,
    NewDocumentForm,
    RelationForm,
)
from .models import ENACTED_STATUSES, CoverageItem, Document, Relation
from .registers import DOCUMENTS, REGISTER_ORDER, WIDE_FIELDS, ByIds, page_slice
from .search import fold

DRAFT = lifecycle.DRAFT


def _own_organisation(request: HttpRequest) -> Organisation:
    return get_object_or_404(Organisation.objects.editable_by(request.user))


def visible_document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(Document.objects.visible_to(request.user).for_register(), pk=pk)


def editable_document(request: HttpRequest, pk: int, perm: str = DRAFT) -> Document:
    document = get_object_or_404(Document.objects.editable_by(request.user).for_register(), pk=pk)
    require_perm(request.user, perm)
    return document


def _move_targets(document: Document, user: Any) -> list[tuple[str, str]]:
    return [
        (step.target.value, str(step.target.label))
        for step in lifecycle.next_steps(document.status)
        if user.has_perm(step.permission)
    ]


def _scoped(request: HttpRequest) -> Any:
    """The register's rows, each with the records citing it that the user may see."""
    return (
        Document.objects.visible_to(request.user)
        .for_register()
        .prefetch_related(citations.prefetch_citing(request.user))
    )


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    found = listing(request, DOCUMENTS, Document.objects.visible_to(request.user))
    today = timezone.localdate()

    def rows(page: Any) -> Any:
        return (
            page.for_register()
            .defer(*WIDE_FIELDS)
            .prefetch_related(citations.prefetch_citing(request.user))
            .with_in_force_flag(today)
        )

    register = ByIds(found.rows, rows, first=page_slice(request.GET.get("page")))
    context = found.context(request, rows=register, export="documents:export")  # type: ignore[arg-type]
    context["can_draft"] = request.user.has_perm(DRAFT)
    return render(request, "documents/document_list.html", context)


@login_required
def document_export(request: HttpRequest, fmt: str) -> Any:
    return export_response(request, DOCUMENTS, _scoped(request).order_by(*REGISTER_ORDER), fmt)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_document(request, pk)
    own = document.organisation_id == request.user.active_organisation_id  # type: ignore[union-attr]
    today = timezone.localdate()
    relations = Relation.objects.select_related("source__type", "target__type")
    targets = _move_targets(document, request.user) if own else []
    siblings = Document.objects.editable_by(request.user).exclude(pk=document.pk)
    context = {
        "document": document,
        "own": own,
        "in_force_today": Document.objects.in_force_on(today).filter(pk=document.pk).exists(),
        "today": today,
        "versions": document.versions.select_related("created_by", "approved_by").order_by(
            "-number"
        ),
        "outgoing": relations.filter(source=document),
        "incoming": relations.filter(target=document),
        "transitions": document.transitions.select_related("by", "related"),
        "comments": document.comments.select_related("author", "organisation", "version"),
        "attachments": document.attachments.all(),
        "covers": document.covers.all(),
        "subjects": document.subjects.all(),
        "adaptations": Document.objects.visible_to(request.user).filter(adapted_from=document),
        "adapted_from": Document.objects.visible_to(request.user)
        .filter(pk=document.adapted_from_id or 0)
        .select_related("organisation")
        .first(),
        "cited_by": citations.citing(document, request.user),
        "move_form": MoveForm(
            targets=targets, documents=siblings.filter(status__in=ENACTED_STATUSES)
        )
        if targets
        else None,
        "can_draft": own and request.user.has_perm(DRAFT),
        "can_approve": own and request.user.has_perm(lifecycle.APPROVE),
        "can_comment": request.user.has_perm("documents.comment_document")
        and Document.objects.commentable_by(request.user).filter(pk=document.pk).exists(),
        "can_adapt": not own and request.user.has_perm(DRAFT),
        "can_cite": bool(citations.kinds()) and not document.is_draft,
        "comment_form": CommentForm(),
        "relation_form": RelationForm(documents=siblings) if own else None,
        "attachment_form": AttachmentForm() if own else None,
        "history": history_for(document)[:50] if own and can_see_history(request.user) else None,
    }
    return render(request, "documents/document_detail.html", context)


def _document_form(
    request: HttpRequest, form: Any, save: Any, title: str, cancel: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            document = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document saved."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/form.html", {"form": form, "title": title, "cancel": cancel})


def own_language(organisation: Organisation) -> str:
    """The register's usual language: that of the organisation's latest document, else the
    language the user works in."""
    latest = Document.objects.filter(organisation=organisation).order_by("-pk").first()
    return latest.language if latest else (get_language() or "").split("-")[0]


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, DRAFT)
    organisation = _own_organisation(request)
    form = NewDocumentForm(
        request.POST or None,
        organisation=organisation,
        initial={"language": own_language(organisation)},
    )
    return _document_form(
        request,
        form,
        lambda data: services.create_document(organisation=organisation, user=request.user, **data),
        _("New legal document"),
        reverse("documents:list"),
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = editable_document(request, pk)
    initial = {name: getattr(document, name) for name in services.EDITABLE_FIELDS} | {
        "covers": document.covers.all(),
        "subjects": document.subjects.all(),
    }
    form = DocumentForm(request.POST or None, initial=initial, organisation=document.organisation)
    return _document_form(
        request,
        form,
        lambda data: services.update_document(document=document, user=request.user, **data),
        _("Edit %(number)s") % {"number": document.display_number},
        reverse("documents:detail", args=[document.pk]),
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    report = coverage_for(request.user, today)
    can_draft = request.user.has_perm(DRAFT)
    context = {
        "coverage": report,
        "today": today,
        "can_draft": can_draft,
        "item_form": ChecklistItemForm() if can_draft else None,
    }
    return render(request, "documents/coverage.html", context)


@login_required
@require_POST
def checklist_add(request: HttpRequest) -> HttpResponse:
    """An item the organisation's own legal system needs, added to its checklist."""
    require_perm(request.user, DRAFT)
    organisation = _own_organisation(request)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item its English name."))
        return redirect("documents:coverage")
    try:
        services.add_checklist_item(
            organisation=organisation, user=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Item added to your checklist."))
    return redirect("documents:coverage")


@login_required
@require_POST
def checklist_retire(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(CoverageItem.objects.editable_by(request.user), pk=pk)
    require_perm(request.user, DRAFT)
    services.retire_checklist_item(item=item, user=request.user)
    messages.success(request, _("Item taken off your checklist."))
    return redirect("documents:coverage")


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's register entry, text and status history, to print or send."""
    document = visible_document(request, pk)
    in_force = Document.objects.in_force_on(timezone.localdate()).filter(pk=document.pk).exists()
    name = fold(f"{document.type.code} {document.number}".replace("/", "-"))
    filename = slugify(name) or f"document-{pk}"  # 61/2021/NĐ-CP → decree-61-2021-nd-cp
    return _pdf(prints.document_pdf(document, in_force=in_force), filename)


def _documents_cell(documents: list[Covering]) -> str:
    return "; ".join(
        f"{c.document.organisation.code} {c.document.type.label} {c.document.display_number} "
        f"({c.document.get_status_display()})"
        for c in documents
    )


@login_required
def coverage_export(request: HttpRequest, fmt: str) -> Any:
    report = coverage_for(request.user, timezone.localdate())
    if fmt == "pdf":
        organisation = _own_organisation(request)
        return _pdf(prints.coverage_pdf(report, organisation), "framework-coverage")
    return tabular_response(
        filename="framework-coverage",
        fmt=fmt,
        headers=["item", "state", "our_documents", "partner_documents"],
        rows=(
            [
                row.item.label,
                row.state_label,
                _documents_cell(row.own),
                _documents_cell(row.partners),
            ]
            for row in report.rows
        ),
    )
