"""Pages that move a document along: versions and their comparison, lifecycle steps, relations,
comments, attachments, adapting a partner's document and citing a document elsewhere."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forcegen.core.forms import add_service_errors
from forcegen.core.models import Organisation
from forcegen.core.permissions import require_perm

from . import articles, citations, lifecycle, services
from .forms import (
    AdaptForm,
    AttachmentForm,
    CiteForm,
    CommentForm,
    MoveForm,
    RelationForm,
    VersionForm,
)
from .models import ENACTED_STATUSES, Document, Relation, Version
from .views import editable_document, own_language, visible_document


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(document: Document) -> HttpResponse:
    return redirect("documents:detail", pk=document.pk)


# --- Versions -------------------------------------------------------------------------------------


@login_required
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = editable_document(request, pk)
    form = VersionForm(request.POST or None, initial={"text": document.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_version(document=document, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("New version saved."))
            return _back(document)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "title": _("New version of %(number)s") % {"number": document.display_number},
            "cancel": reverse("documents:detail", args=[document.pk]),
        },
    )


@login_required
@require_POST
def version_approve(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = editable_document(request, pk, lifecycle.APPROVE)
    version = get_object_or_404(document.versions, number=number)
    try:
        services.approve_version(version=version, user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        done = _("Version %(number)d approved and frozen.") % {"number": version.number}
        messages.success(request, done)
    return _back(version.document)


@login_required
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions article by article (default: the last two)."""
    document = visible_document(request, pk)
    versions = list(document.versions.order_by("number"))
    by_number = {v.number: v for v in versions}

    def pick(name: str, fallback: int) -> Version | None:
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else by_number.get(fallback)

    count = len(versions)
    old = pick("a", versions[-2].number if count > 1 else 0)
    new = pick("b", versions[-1].number if versions else 0)
    changes = articles.compare(old.text, new.text) if old and new else []
    return render(
        request,
        "documents/compare.html",
        {"document": document, "versions": versions, "old": old, "new": new, "changes": changes},
    )


@login_required
def consolidated(request: HttpRequest, pk: int) -> HttpResponse:
    """The text with the amendments in force on a date put in place, article by article."""
    document = visible_document(request, pk)
    day = timezone.localdate()
    amending = (
        Document.objects.in_force_on(day)
        .filter(outgoing__target=document, outgoing__kind=Relation.Kind.AMENDS)
        .order_by("effective_from", "pk")
    )
    text = articles.consolidate(document.text, [(a.display_number, a.text) for a in amending])
    return render(
        request,
        "documents/consolidated.html",
        {"document": document, "articles": text, "amending": amending, "today": day},
    )


# --- Lifecycle and graph --------------------------------------------------------------------------


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.editable_by(request.user), pk=pk)
    targets = [(s.target.value, str(s.target.label)) for s in lifecycle.next_steps(document.status)]
    siblings = Document.objects.editable_by(request.user).filter(status__in=ENACTED_STATUSES)
    form = MoveForm(request.POST, targets=targets, documents=siblings)
    if not form.is_valid():
        messages.error(request, _("Choose the new status and its date."))
        return _back(document)
    try:
        services.move(document=document, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status changed."))
    return _back(document)


@login_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = editable_document(request, pk)
    others = Document.objects.editable_by(request.user).exclude(pk=document.pk)
    form = RelationForm(request.POST, documents=others)
    if not form.is_valid():
        messages.error(request, _("Choose the relation and the other document."))
        return _back(document)
    try:
        services.add_relation(source=document, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Relation added."))
    return _back(document)


@login_required
@require_POST
def relation_delete(request: HttpRequest, pk: int, relation: int) -> HttpResponse:
    document = editable_document(request, pk)
    services.remove_relation(relation=get_object_or_404(document.outgoing, pk=relation))
    messages.success(request, _("Relation removed."))
    return _back(document)


# --- Comments, attachments ------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_document(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment."))
        return _back(document)
    try:
        services.add_comment(document=document, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Comment added."))
    return _back(document)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = editable_document(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(document)
    try:
        services.add_attachment(document=document, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Attachment added."))
    return _back(document)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    document = editable_document(request, pk)
    found = get_object_or_404(document.attachments, pk=attachment)
    try:
        services.remove_attachment(attachment=found, user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Attachment removed."))
    return _back(document)


@login_required
def attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    document = visible_document(request, pk)
    found = get_object_or_404(document.attachments, pk=attachment)
    return FileResponse(found.file.open("rb"), as_attachment=True)


# --- A partner's document as a model; citations ---------------------------------------------------


@login_required
def adapt(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the user's own draft from a document a partner shares."""
    source = visible_document(request, pk)
    require_perm(request.user, lifecycle.DRAFT)
    organisation = get_object_or_404(Organisation.objects.editable_by(request.user))
    form = AdaptForm(
        request.POST or None,
        country=organisation.country,
        initial={"title_en": source.title_en, "language": own_language(organisation)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.adapt_document(source=source, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your draft is ready: its first version is the source text.")
            )
            return _back(draft)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "title": _("Start a draft from %(number)s") % {"number": source.display_number},
            "intro": _(
                "Your own record, in your language and numbering; it keeps a link to the source."
            ),
            "cancel": reverse("documents:detail", args=[source.pk]),
        },
    )


def _citable_records(user: Any) -> list[tuple[str, Any]]:
    """Every record the user may give a legal basis to, grouped by kind."""
    groups: list[tuple[str, Any]] = []
    legal_office = user.has_perm("documents.add_citation")
    for kind in citations.kinds():
        if not (legal_office or user.has_perm(kind.permission)):
            continue
        records = kind.model._default_manager.editable_by(user)  # type: ignore[attr-defined]
        options = [(f"{kind.model._meta.label_lower}:{r.pk}", str(r)) for r in records[:500]]
        if options:
            groups.append((str(kind.label), options))
    return groups


@login_required
def cite(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_document(request, pk)
    form = CiteForm(request.POST or None, records=_citable_records(request.user))
    if request.method == "POST" and form.is_valid():
        label, _sep, record_pk = form.cleaned_data["record"].partition(":")
        kind = next(k for k in citations.kinds() if k.model._meta.label_lower == label)
        record = get_object_or_404(
            kind.model._default_manager.editable_by(request.user),  # type: ignore[attr-defined]
            pk=record_pk,
        )
        try:
            citations.cite(
                document=document,
                obj=record,
                article=form.cleaned_data["article"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Legal basis recorded."))
            return _back(document)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "title": _("Cite %(number)s as a legal basis") % {"number": document.display_number},
            "cancel": reverse("documents:detail", args=[document.pk]),
        },
    )
