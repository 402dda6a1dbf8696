"""The legal framework register: document types and issuers per country (reference data), the
documents an organisation drafts and issues, their versions, lifecycle, relations and citations.

"Is this document in force on that date?" has one home: `DocumentQuerySet.in_force_on(day)`.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Least, NullIf
from django.utils.translation import gettext_lazy as _

from forcegen.core.database import flag
from forcegen.core.models import (
    Organisation,
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    SharingGrant,
    TimeStamped,
    active_organisation_id,
)

from .attachments import validate_attachment
from .reference_models import CoverageItem as CoverageItem
from .reference_models import CoverageItemQuerySet as CoverageItemQuerySet
from .reference_models import DocumentType as DocumentType
from .reference_models import IssuingBody as IssuingBody
from .reference_models import LegalReferenceQuerySet as LegalReferenceQuerySet
from .reference_models import SubjectArea as SubjectArea
from .search import StartWords, fold, query_words, words_of

# --- Documents ------------------------------------------------------------------------------------


class DocumentStatus(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("Consultation")
    APPRAISAL = "appraisal", _("Appraisal")
    APPROVED = "approved", _("Approved / signed")
    PROMULGATED = "promulgated", _("Promulgated")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPLACED = "replaced", _("Replaced")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")


DRAFT_STATUSES = (
    DocumentStatus.PROPOSAL,
    DocumentStatus.DRAFTING,
    DocumentStatus.CONSULTATION,
    DocumentStatus.APPRAISAL,
)
# Statuses of a document that was (or is) law: only these can be in force on some date.
ENACTED_STATUSES = (
    DocumentStatus.PROMULGATED,
    DocumentStatus.IN_FORCE,
    DocumentStatus.AMENDED,
    DocumentStatus.REPLACED,
    DocumentStatus.REPEALED,
    DocumentStatus.EXPIRED,
    DocumentStatus.SUSPENDED,
)


class SourceTag(models.TextChoices):
    VERIFIED = "V", _("Read in a primary or official source")
    SECONDARY = "S", _("Secondary source only")
    UNVERIFIED = "U", _("Unverified")


def _in_force(day: datetime.date) -> Q:
    return (
        Q(status__in=ENACTED_STATUSES, effective_from__lte=day)
        & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        & (Q(stops_on__isnull=True) | Q(stops_on__gt=day))
    )


_OPEN = Value(datetime.date.max, output_field=models.DateField())


def _first(rows: Any, field: str) -> Coalesce:
    """The earliest `field` of the rows, or the open end when there is none (SQLite's LEAST
    is NULL as soon as one argument is)."""
    earliest = rows.exclude(**{f"{field}__isnull": True}).order_by(field).values(field)[:1]
    return Coalesce(Subquery(earliest, output_field=models.DateField()), _OPEN)


def stops_on_from_graph(relation: Any, transition: Any) -> NullIf:
    """The first day the graph stops a document (NULL: it does not): another document that
    has been enacted replaces or repeals it (from the relation's date, else from that
    document's effective date); the document it details or implements is so ended; or it is
    suspended (from the suspension). The models are parameters so that the data migration
    follows the graph the same way with its historical models."""
    ending = relation.objects.filter(
        kind__in=ENDING_KINDS, source__status__in=ENACTED_STATUSES
    ).annotate(ends_on=Coalesce("effective_on", "source__effective_from"))
    replaced = ending.filter(target=OuterRef("pk"))
    base_replaced = ending.filter(
        target__incoming__source=OuterRef("pk"), target__incoming__kind__in=BASE_KINDS
    )
    suspensions = transition.objects.filter(
        document=OuterRef("pk"), target=DocumentStatus.SUSPENDED
    )
    suspended = Case(
        When(status=DocumentStatus.SUSPENDED, then=_first(suspensions, "effective_on")),
        default=_OPEN,
    )
    first = Least(_first(replaced, "ends_on"), _first(base_replaced, "ends_on"), suspended)
    return NullIf(first, _OPEN)


class DocumentQuerySet(OrganisationOwnedQuerySet["Document"]):
    def visible_to_organisation(self, organisation: Organisation | int) -> Self:
        """Own documents; a partner's only through a grant: its chosen documents, its framework
        kit (documents covering the checklist), or all of them while it asks for comments."""
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        grants = SharingGrant.objects.active().filter(grantee_id=org_id)

        def grantors(scope: str) -> Any:
            return grants.filter(scope=scope).values("grantor_id")

        Scope = SharingGrant.Scope
        return self.filter(
            Q(organisation_id=org_id)
            | Q(organisation_id__in=grantors(Scope.DOCUMENTS_CHOSEN), is_shared=True)
            | Q(
                Exists(Document.covers.through.objects.filter(document_id=OuterRef("pk"))),
                organisation_id__in=grantors(Scope.DOCUMENTS_FRAMEWORK),
            )
            | Q(organisation_id__in=grantors(Scope.DOCUMENTS_CONSULTATION))
        )

    def commentable_by(self, user: object) -> Self:
        """Drafts in consultation that a partner opened to the user's organisation for comment."""
        org_id = active_organisation_id(user)
        if org_id is None:
            return self.none()
        grantors = (
            SharingGrant.objects.active()
            .filter(grantee_id=org_id, scope=SharingGrant.Scope.DOCUMENTS_CONSULTATION)
            .values("grantor_id")
        )
        return self.filter(
            Q(organisation_id=org_id) | Q(organisation_id__in=grantors),
            status=DocumentStatus.CONSULTATION,
        )

    def in_force_on(self, day: datetime.date) -> Self:
        """Documents in force on `day`, following the graph: enacted, within their effective
        dates, and not yet stopped by the graph (`stops_on`: replaced or repealed by another
        document, the document it details or implements so ended, or suspended). One SQL
        query on indexed columns: the graph is followed when it changes, not on every read."""
        return self.filter(_in_force(day))

    def with_in_force_flag(self, day: datetime.date) -> Self:
        """Each row carries `in_force_now`: the same answer as `in_force_on(day)`, in the query."""
        return self.annotate(in_force_now=flag(_in_force(day)))

    def follow_graph(self) -> int:
        """Set these documents' `stops_on` from the graph as it is now (one UPDATE). The
        services call it, in their transaction, for every document a change may stop or
        restart (`services.refresh_in_force` finds them)."""
        return self.update(stops_on=stops_on_from_graph(Relation, Transition))

    def search(self, text: str) -> Self:
        """Number, titles and text, in any script; Vietnamese with or without diacritics.
        How each word matches: `search.py`."""
        starting, anywhere = query_words(text)
        query = self.filter(StartWords(starting)) if starting else self
        for word in anywhere:
            query = query.filter(search_text__contains=word)
        return query

    def filtered(self, filters: Any) -> Self:
        """The register's filters (`register.DocumentFilters`), for the page, API and export."""
        query = self
        if filters.type:
            query = query.filter(type__code=filters.type)
        if filters.status:
            query = query.filter(status=filters.status)
        if filters.organisation:
            query = query.filter(organisation__code=filters.organisation)
        if filters.in_force_on:
            query = query.in_force_on(filters.in_force_on)
        return query.search(filters.q)

    def for_register(self) -> Self:
        return self.select_related("type", "issuer", "organisation")


class Document(OrganisationOwned, TimeStamped):
    """One legal instrument of an organisation's register, from proposal to repeal."""

    type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    issuer = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("issuing body"),
    )
    number = models.CharField(
        _("number"), max_length=80, blank=True, help_text=_("Empty until it is numbered.")
    )
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, editable=False)
    number_year = models.PositiveSmallIntegerField(_("number year"), null=True, editable=False)
    title = models.CharField(_("title (native script)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    language = models.CharField(
        _("language of the text"), max_length=3, help_text=_("ISO 639, e.g. vi, lo.")
    )
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed / adopted on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(
        _("effective to"), null=True, blank=True, help_text=_("The last day it applies.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.PROPOSAL
    )
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("The instruments it is made under, as written.")
    )
    subjects = models.ManyToManyField(
        SubjectArea, blank=True, related_name="+", verbose_name=_("subject areas")
    )
    covers = models.ManyToManyField(
        CoverageItem, blank=True, related_name="documents", verbose_name=_("framework items")
    )
    text = models.TextField(_("text"), blank=True)
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("adapted from"),
    )
    is_shared = models.BooleanField(
        _("shared with partners"),
        default=False,
        help_text=_("Partners with a grant for chosen documents can read it."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_tag = models.CharField(
        _("source tag"), max_length=1, choices=SourceTag.choices, blank=True
    )
    search_text = models.TextField(editable=False, default="")
    search_words = models.TextField(editable=False, default="")
    stops_on = models.DateField(
        _("no longer in force from"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The first day it no longer applies because another document replaces or repeals "
            "it (or the document it details), or because it was suspended."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Not one scope: visible_to_organisation reads the three document scopes.
    sharing_scope: ClassVar[str | None] = None

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        permissions = [
            ("draft_document", _("Can draft legal documents and send them to consultation")),
            ("review_document", _("Can review legal drafts and send them to appraisal")),
            ("approve_document", _("Can approve, promulgate and end legal documents")),
            ("comment_document", _("Can comment on legal drafts in consultation")),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="document_org_status"),
            # "In force on a date" is a range on these columns; with the register's order
            # (type, signed_on) the index covers the page's query, sparing SQLite reading the
            # wide rows (the text).
            models.Index(
                fields=[
                    "organisation",
                    "effective_from",
                    "status",
                    "effective_to",
                    "stops_on",
                    "is_shared",
                    "type",
                    "signed_on",
                ],
                name="document_in_force_range",
            ),
            # The register's page of ids (ByIds): scope, order and the in-force columns, and
            # the id itself, so that PostgreSQL reads the page's ids from the index alone
            # (SQLite's indexes carry the row id anyway): 2,500 heap pages at 10,000 documents.
            models.Index(
                fields=[
                    "organisation",
                    "type",
                    "signed_on",
                    "is_shared",
                    "status",
                    "effective_from",
                    "effective_to",
                    "stops_on",
                    "id",
                ],
                name="document_register_in_force",
            ),
            models.Index(fields=["organisation", "type"], name="document_org_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "type", "issuer", "number_year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="document_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="document_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        number = self.number or _("(draft)")  # outside the f-string, where xgettext finds it
        return f"{number} {self.title}"

    @property
    def display_number(self) -> str:
        return self.number or str(_("(no number yet)"))

    @property
    def is_draft(self) -> bool:
        return self.status in DRAFT_STATUSES

    def folded_text(self) -> str:
        """What search matches: the number, every title and the text, folded."""
        return fold(" ".join([self.number, self.title, self.title_en, self.title_fr, self.text]))

    def fold_for_search(self) -> None:
        """Set both stored search forms (`search.py`) from the number, titles and text."""
        self.search_text = self.folded_text()
        self.search_words = words_of(self.search_text)


class VersionQuerySet(models.QuerySet["Version"]):
    def visible_to(self, user: object) -> Self:
        return self.filter(document__in=Document.objects.visible_to(user))


class Version(models.Model):
    """One drafting round's text. The approved version is frozen."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.approved_at is not None


class Relation(models.Model):
    """An edge of the legal graph: `source` amends / replaces / … `target`."""

    class Kind(models.TextChoices):
        AMENDS = "amends", _("amends")
        REPLACES = "replaces", _("replaces")
        REPEALS = "repeals", _("repeals")
        DETAILS = "details", _("details")
        IMPLEMENTS = "implements", _("implements")
        BASED_ON = "based_on", _("is based on")

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("document")
    )
    target = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="incoming",
        verbose_name=_("other document"),
    )
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(
        _("takes effect on"),
        null=True,
        blank=True,
        help_text=_("Empty: from the document's own effective date."),
    )
    articles = models.CharField(_("articles"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_to_itself"
            ),
        ]
        indexes = [
            # Covers "what ends this document" in the in-force query (no table read).
            models.Index(
                fields=["target", "kind", "source", "effective_on"],
                name="relation_target_kind_source",
            )
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{self.source.display_number} {kind} {self.target.display_number}"


# Relations that end their target, and those that make a document fall with its base.
ENDING_KINDS = (Relation.Kind.REPLACES, Relation.Kind.REPEALS)
BASE_KINDS = (Relation.Kind.DETAILS, Relation.Kind.IMPLEMENTS)


class Transition(models.Model):
    """One step of a document's lifecycle: who, when, why, and from when it applies."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=16, choices=DocumentStatus.choices)
    target = models.CharField(_("to"), max_length=16, choices=DocumentStatus.choices)
    effective_on = models.DateField(_("takes effect on"))
    reason = models.TextField(_("reason"), blank=True)
    related = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by document"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["document", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["document", "target"], name="transition_doc_target")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} → {self.get_target_display()}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def visible_to(self, user: object) -> Self:
        return self.filter(document__in=Document.objects.visible_to(user))


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="documents/%Y/", validators=[validate_attachment])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["document", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A remark on a draft in consultation, by its own drafters or by a partner with a grant."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    article = models.CharField(_("article"), max_length=40, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["document", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]


class CitationQuerySet(models.QuerySet["Citation"]):
    def visible_to(self, user: object) -> Self:
        """Citations of a document the user sees, by a record the user sees."""
        from .citations import kinds

        records = Q(pk__in=[])
        for kind in kinds():
            seen = kind.model._default_manager.visible_to(user)  # type: ignore[attr-defined]
            records |= Q(
                content_type=ContentType.objects.get_for_model(kind.model),
                object_id__in=seen.values("pk"),
            )
        return self.filter(records, document__in=Document.objects.visible_to(user))

    def of(self, obj: models.Model) -> Self:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("document", "document__type")

    def for_objects(self, model: type[models.Model], ids: Any) -> Self:
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).select_related("document", "document__type")


class Citation(models.Model):
    """A record elsewhere (requirement, deployment rule, course, unit template) cites a document
    and article as its legal basis."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    article = models.CharField(_("article"), max_length=40, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    cited_by = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["document", "article"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document", "article"],
                name="citation_unique",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_object")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Circular 41/2023/TT-BQP, Art. 5" """
        text = f"{self.document.type.label} {self.document.display_number}"
        return f"{text}, {_('Art.')} {self.article}" if self.article else text
