"""Writes on the legal register: documents, numbers, versions, lifecycle steps, relations,
adaptations of a partner's document, comments and attachments (citations: `citations.py`).
Views, the API, the admin and the demo all call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forcegen.core.models import Organisation, active_organisation_id
from forcegen.core.permissions import require_perm

from . import lifecycle
from .models import (
    BASE_KINDS,
    ENACTED_STATUSES,
    ENDING_KINDS,
    Attachment,
    Comment,
    CoverageItem,
    Document,
    DocumentQuerySet,
    DocumentStatus,
    DocumentType,
    IssuingBody,
    Relation,
    SubjectArea,
    Transition,
    Version,
)

DAY = datetime.timedelta(days=1)


def depending_in_force(*documents: Document) -> DocumentQuerySet:
    """The documents whose being in force a change to these may stop or restart: the documents
    themselves (their status, suspension, the documents they detail), the ones they replace or
    repeal, and the documents detailing or implementing either."""
    ids = [document.pk for document in documents]
    ended = Relation.objects.filter(source__in=ids, kind__in=ENDING_KINDS).values("target")
    details = Relation.objects.filter(
        Q(target__in=ids) | Q(target__in=ended), kind__in=BASE_KINDS
    ).values("source")
    return Document.objects.filter(Q(pk__in=ids) | Q(pk__in=ended) | Q(pk__in=details))


def refresh_in_force(*documents: Document) -> None:
    """Follow the graph again around these documents, after a change and in its transaction;
    `in_force_on` then reads the answer from indexed columns."""
    depending_in_force(*documents).follow_graph()


def refresh_search_text(document: Document) -> None:
    document.fold_for_search()
    Document.objects.filter(pk=document.pk).update(
        search_text=document.search_text, search_words=document.search_words
    )


# --- Numbers --------------------------------------------------------------------------------------


def check_number(
    *,
    organisation: Organisation,
    type: DocumentType,
    issuer: IssuingBody | None,
    number: str,
    dated: datetime.date | None,
    exclude_pk: int | None = None,
) -> tuple[int, int]:
    """The number's sequence and year, or a refusal that shows the expected form."""
    year = dated.year if dated else timezone.localdate().year
    if issuer is None:
        raise ValidationError({"issuer": _("Choose the issuing body before numbering.")})
    parsed = type.parse_number(number, issuer)
    if parsed is None:
        raise ValidationError(
            {
                "number": _(
                    "“%(number)s” does not fit the numbering of a %(type)s by %(issuer)s: "
                    "expected the form %(pattern)s, e.g. %(example)s."
                )
                % {
                    "number": number,
                    "type": type.label,
                    "issuer": issuer.label,
                    "pattern": type.number_pattern,
                    "example": type.example_number(issuer, year),
                }
            }
        )
    number_year = parsed.year or year
    taken = Document.objects.filter(
        organisation=organisation,
        type=type,
        issuer=issuer,
        number_year=number_year,
        sequence=parsed.sequence,
    ).exclude(pk=exclude_pk or 0)
    holder = taken.first()
    if holder is not None:
        last = taken.model.objects.filter(
            organisation=organisation, type=type, issuer=issuer, number_year=number_year
        ).aggregate(last=Max("sequence"))["last"]
        raise ValidationError(
            {
                "number": _(
                    "Number %(sequence)d of %(year)d is already taken by %(holder)s; "
                    "the next free one is e.g. %(example)s."
                )
                % {
                    "sequence": parsed.sequence,
                    "year": number_year,
                    "holder": holder.display_number,
                    "example": type.example_number(issuer, number_year, (last or 0) + 1),
                }
            }
        )
    return parsed.sequence, number_year


def _check_type(organisation: Organisation, type: DocumentType, issuer: IssuingBody | None) -> None:
    if type.country != organisation.country:
        raise ValidationError(
            {"type": _("This document type belongs to another country's legal system.")}
        )
    if issuer is not None and not type.issuing_bodies.filter(pk=issuer.pk).exists():
        raise ValidationError(
            {
                "issuer": _("%(issuer)s does not issue documents of type %(type)s.")
                % {"issuer": issuer.label, "type": type.label}
            }
        )


# --- Documents ------------------------------------------------------------------------------------

EDITABLE_FIELDS = (
    "type",
    "issuer",
    "number",
    "title",
    "title_en",
    "title_fr",
    "language",
    "signer",
    "signed_on",
    "published_on",
    "effective_from",
    "effective_to",
    "legal_basis",
    "is_shared",
    "source",
    "source_tag",
)


def _apply(document: Document, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(_("Unknown fields: %(names)s.") % {"names": names})
    for name, value in fields.items():
        setattr(document, name, value)
    _check_type(document.organisation, document.type, document.issuer)
    if document.number:
        document.sequence, document.number_year = check_number(
            organisation=document.organisation,
            type=document.type,
            issuer=document.issuer,
            number=document.number,
            dated=document.signed_on,
            exclude_pk=document.pk,
        )
    else:
        document.sequence = document.number_year = None
    if (
        document.effective_from
        and document.effective_to
        and document.effective_to < document.effective_from
    ):
        raise ValidationError({"effective_to": _("The end is before the effective date.")})


@transaction.atomic
def create_document(
    *,
    organisation: Organisation,
    user: Any,
    text: str = "",
    status: str = DocumentStatus.PROPOSAL,
    covers: Iterable[CoverageItem] = (),
    subjects: Iterable[SubjectArea] = (),
    **fields: Any,
) -> Document:
    """A new document of the organisation's register; its text, if any, is version 1."""
    document = Document(organisation=organisation, created_by=user, status=status, text=text)
    _apply(document, fields)
    document.save()
    document.covers.set(_own_checklist(organisation, covers))
    document.subjects.set(list(subjects))
    if text:
        Version.objects.create(document=document, number=1, text=text, created_by=user)
    refresh_search_text(document)
    return document


@transaction.atomic
def update_document(
    *,
    document: Document,
    user: Any,
    covers: Iterable[CoverageItem] | None = None,
    subjects: Iterable[SubjectArea] | None = None,
    **fields: Any,
) -> Document:
    require_perm(user, lifecycle.DRAFT)
    _apply(document, fields)
    document.save()
    if covers is not None:
        document.covers.set(_own_checklist(document.organisation, covers))
    if subjects is not None:
        document.subjects.set(list(subjects))
    refresh_search_text(document)
    refresh_in_force(document)  # its dates may move what it replaces
    return document


def _own_checklist(organisation: Organisation, items: Iterable[CoverageItem]) -> list[CoverageItem]:
    """The items, if each is on the organisation's checklist (shared, or its own)."""
    chosen = list(items)
    allowed = set(
        CoverageItem.objects.for_organisation(organisation.pk)
        .filter(pk__in=[i.pk for i in chosen])
        .values_list("pk", flat=True)
    )
    stray = [item for item in chosen if item.pk not in allowed]
    if stray:
        raise ValidationError(
            {
                "covers": _("“%(item)s” is not on your organisation's checklist.")
                % {"item": stray[0].label}
            }
        )
    return chosen


@transaction.atomic
def add_checklist_item(
    *,
    organisation: Organisation,
    user: Any,
    name_en: str,
    name_lo: str = "",
    name_vi: str = "",
    name_fr: str = "",
    description: str = "",
) -> CoverageItem:
    """An instrument the organisation's own legal system needs before it deploys, added after
    the shared checklist. Only the organisation sees it."""
    require_perm(user, lifecycle.DRAFT)
    if not name_en.strip():
        raise ValidationError({"name_en": _("Give the item its English name.")})
    base = slugify(f"{organisation.code} {name_en}")[:50] or organisation.code
    code, suffix = base, 1
    while CoverageItem.objects.filter(code=code).exists():
        suffix += 1
        code = f"{base}-{suffix}"
    last = CoverageItem.objects.for_organisation(organisation.pk).aggregate(last=Max("order"))
    return CoverageItem.objects.create(
        organisation=organisation,
        code=code,
        order=(last["last"] or 0) + 1,
        name_en=name_en.strip(),
        name_lo=name_lo.strip(),
        name_vi=name_vi.strip(),
        name_fr=name_fr.strip(),
        description=description,
        effective_from=timezone.localdate(),
        source=_("Added by %(organisation)s") % {"organisation": organisation.code},
    )


@transaction.atomic
def retire_checklist_item(*, item: CoverageItem, user: Any) -> CoverageItem:
    """Take one of the organisation's own items off its checklist from today; the documents
    that covered it keep the link, and the report of an earlier day still shows it."""
    require_perm(user, lifecycle.DRAFT)
    if item.organisation_id is None:
        raise ValidationError(_("The shared checklist is changed by an administrator."))
    item.effective_to = timezone.localdate() - DAY
    item.save(update_fields=["effective_to"])
    return item


# --- Versions -------------------------------------------------------------------------------------


@transaction.atomic
def add_version(*, document: Document, user: Any, text: str, note: str = "") -> Version:
    """A new drafting round. Only drafts take new text: an approved text is frozen."""
    require_perm(user, lifecycle.DRAFT)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status not in (
        DocumentStatus.PROPOSAL,
        DocumentStatus.DRAFTING,
        DocumentStatus.CONSULTATION,
    ):
        raise ValidationError(
            _("A document in status “%(status)s” takes no new text; send it back to drafting.")
            % {"status": document.get_status_display()}
        )
    if not text.strip():
        raise ValidationError({"text": _("The version has no text.")})
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = Version.objects.create(
        document=document, number=last + 1, text=text, note=note, created_by=user
    )
    document.text = text
    document.save(update_fields=["text", "updated_at"])
    refresh_search_text(document)
    return version


@transaction.atomic
def approve_version(*, version: Version, user: Any) -> Version:
    """The approver freezes the latest version during appraisal: it is the text to be signed."""
    require_perm(user, lifecycle.APPROVE)
    # The document's row, locked and read now: the caller's copy (and the one cached on the
    # version) may predate a step to or from appraisal, or a new version.
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status != DocumentStatus.APPRAISAL:
        raise ValidationError(_("A version is approved during appraisal."))
    latest = document.versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ValidationError(_("Only the latest version can be approved."))
    version = latest
    if version.is_frozen:
        return version
    version.approved_at = timezone.now()
    version.approved_by = user
    version.save(update_fields=["approved_at", "approved_by"])
    return version


def approved_version(document: Document) -> Version | None:
    return document.versions.filter(approved_at__isnull=False).order_by("-number").first()


# --- Lifecycle ------------------------------------------------------------------------------------


def _check_step(
    document: Document, target: str, on: datetime.date, related: Document | None
) -> None:
    """What the document itself must satisfy to take this step."""
    if target == DocumentStatus.APPROVED and approved_version(document) is None:
        raise ValidationError(_("A draft cannot be signed without an approved version."))
    if target == DocumentStatus.PROMULGATED and not document.number:
        raise ValidationError({"number": _("Give the document its number before promulgation.")})
    if (
        target == DocumentStatus.IN_FORCE
        and document.effective_from
        and on < document.effective_from
    ):
        raise ValidationError(
            _("It cannot be in force before its effective date, %(date)s.")
            % {"date": document.effective_from.isoformat()}
        )
    if (
        target in (DocumentStatus.REPLACED, DocumentStatus.REPEALED, DocumentStatus.EXPIRED)
        and document.effective_from
        and on <= document.effective_from
    ):
        raise ValidationError(
            _("It can end only after its effective date, %(date)s.")
            % {"date": document.effective_from.isoformat()}
        )
    if target in lifecycle.NEEDS_RELATED:
        if related is None:
            raise ValidationError(
                {"related": _("Name the document that amends, replaces or repeals this one.")}
            )
        if related.organisation_id != document.organisation_id or related.status not in (
            ENACTED_STATUSES
        ):
            raise ValidationError(
                {"related": _("The other document must be one of yours that has been promulgated.")}
            )


_RELATION_OF: dict[str, str] = {
    DocumentStatus.REPLACED: Relation.Kind.REPLACES,
    DocumentStatus.REPEALED: Relation.Kind.REPEALS,
    DocumentStatus.AMENDED: Relation.Kind.AMENDS,
}


@transaction.atomic
def move(
    *,
    document: Document,
    user: Any,
    target: str,
    on: datetime.date | None = None,
    reason: str = "",
    related: Document | None = None,
) -> Transition:
    """One lifecycle step, if the user's role allows it and the document satisfies it."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    step = lifecycle.step(document.status, target)
    if step is None:
        raise ValidationError(
            {
                "target": _("A document in status “%(source)s” cannot become “%(target)s”.")
                % {
                    "source": document.get_status_display(),
                    "target": DocumentStatus(target).label
                    if target in DocumentStatus.values
                    else target,
                }
            }
        )
    require_perm(user, step.permission)
    day = on or timezone.localdate()
    _check_step(document, target, day, related)
    changed = ["status", "updated_at"]
    if target == DocumentStatus.APPROVED and document.signed_on is None:
        document.signed_on = day
        changed.append("signed_on")
    if target == DocumentStatus.PROMULGATED and document.published_on is None:
        document.published_on = day
        changed.append("published_on")
    if target == DocumentStatus.IN_FORCE and document.effective_from is None:
        document.effective_from = day
        changed.append("effective_from")
    if (
        target in (DocumentStatus.REPLACED, DocumentStatus.REPEALED, DocumentStatus.EXPIRED)
        and not document.effective_to
    ):
        document.effective_to = day - DAY
        changed.append("effective_to")
    if related is not None and target in _RELATION_OF:
        add_relation(source=related, target=document, kind=_RELATION_OF[target], effective_on=day)
    transition = Transition.objects.create(
        document=document,
        source=document.status,
        target=target,
        effective_on=day,
        reason=reason,
        related=related if target in lifecycle.NEEDS_RELATED else None,
        by=user,
    )
    document.status = target
    document.save(update_fields=changed)
    refresh_in_force(document)
    return transition


# --- Relations ------------------------------------------------------------------------------------

_REACHES = """
WITH RECURSIVE reach(id) AS (
    SELECT target_id FROM documents_relation WHERE source_id = %s
    UNION
    SELECT r.target_id FROM documents_relation r JOIN reach ON r.source_id = reach.id
)
SELECT 1 FROM reach WHERE id = %s LIMIT 1
"""


def reaches(start: Document, goal: Document) -> bool:
    """Whether the graph leads from `start` to `goal` (one recursive SQL query)."""
    with connection.cursor() as cursor:
        cursor.execute(_REACHES, [start.pk, goal.pk])
        return cursor.fetchone() is not None


@transaction.atomic
def add_relation(
    *,
    source: Document,
    target: Document,
    kind: str,
    effective_on: datetime.date | None = None,
    articles: str = "",
    note: str = "",
) -> Relation:
    """An edge of the legal graph, refused if it would close a cycle (A replaces B replaces A)."""
    if source.pk == target.pk:
        raise ValidationError({"target": _("A document cannot relate to itself.")})
    if source.organisation_id != target.organisation_id:
        raise ValidationError(
            {"target": _("Relations link documents of one register; use “adapted from” across.")}
        )
    if reaches(target, source):
        raise ValidationError(
            {
                "target": _(
                    "%(target)s already leads back to %(source)s: this relation would make a cycle."
                )
                % {"target": target.display_number, "source": source.display_number}
            }
        )
    relation, _created = Relation.objects.get_or_create(
        source=source,
        target=target,
        kind=kind,
        defaults={"effective_on": effective_on, "articles": articles, "note": note},
    )
    refresh_in_force(source, target)
    return relation


@transaction.atomic
def remove_relation(*, relation: Relation) -> None:
    """Take an edge off the graph; what it ended is in force again."""
    ends = relation.source, relation.target
    relation.delete()
    refresh_in_force(*ends)


# --- Partners: adaptations and comments -----------------------------------------------------------


@transaction.atomic
def adapt_document(
    *,
    source: Document,
    user: Any,
    type: DocumentType,
    title: str,
    title_en: str,
    language: str,
    issuer: IssuingBody | None = None,
) -> Document:
    """The user's organisation starts its own draft from a document it can read: its own record,
    type and numbering, with the source's text as version 1 and a link back to the source."""
    require_perm(user, lifecycle.DRAFT)
    org_id = active_organisation_id(user)
    if not Document.objects.visible_to(user).filter(pk=source.pk).exists() or org_id is None:
        raise ValidationError(_("This document is not shared with your organisation."))
    document = create_document(
        organisation=Organisation.objects.get(pk=org_id),
        user=user,
        status=DocumentStatus.DRAFTING,
        text=source.text,
        covers=source.covers.filter(organisation__isnull=True),  # a partner's own items stay its
        subjects=source.subjects.all(),
        type=type,
        issuer=issuer,
        title=title,
        title_en=title_en,
        language=language,
        legal_basis="",
    )
    document.adapted_from = source
    document.save(update_fields=["adapted_from"])
    Version.objects.filter(document=document, number=1).update(
        note=_("Adapted from %(number)s") % {"number": source.display_number}
    )
    return document


@transaction.atomic
def add_comment(
    *, document: Document, user: Any, text: str, article: str = "", version: Version | None = None
) -> Comment:
    """A remark on a draft in consultation: by its drafters, or by a partner the owner opened
    its drafts to."""
    require_perm(user, "documents.comment_document")
    org_id = active_organisation_id(user)
    if org_id is None:
        raise PermissionDenied(_("Your role in this organisation does not allow this action."))
    if not Document.objects.commentable_by(user).filter(pk=document.pk).exists():
        raise ValidationError(_("Comments are taken while a draft is in consultation."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    if version is not None and version.document_id != document.pk:
        raise ValidationError({"version": _("This version belongs to another document.")})
    comment = Comment(
        document=document,
        version=version or document.versions.order_by("-number").first(),
        article=article,
        text=text,
        author=user,
        organisation_id=org_id,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def add_attachment(*, document: Document, user: Any, title: str, file: File) -> Attachment:  # type: ignore[type-arg]
    require_perm(user, lifecycle.DRAFT)
    attachment = Attachment(document=document, title=title, file=file, uploaded_by=user)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, user: Any) -> None:
    """Whoever may attach files to the document may take one off; the stored file goes too,
    once the removal is committed."""
    require_perm(user, lifecycle.DRAFT)
    stored = attachment.file.storage, attachment.file.name
    attachment.delete()
    if stored[1]:
        transaction.on_commit(lambda: stored[0].delete(stored[1]))
