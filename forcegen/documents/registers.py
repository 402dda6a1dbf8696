"""The legal register, declared once for its page, the API and the export."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, pgettext_lazy
from ninja import Field, Schema

from forcegen.core.models import Organisation
from forcegen.core.params import MAX_PAGE
from forcegen.core.registers import PAGE_SIZE, Column, Label, Register, choice_label

from . import citations
from .models import Document, DocumentQuerySet, DocumentStatus, DocumentType

REGISTER_ORDER = ("organisation__code", "type__rank", "-signed_on", "-pk")
# What the register's rows never show: the wide columns (a text runs to pages).
WIDE_FIELDS = ("text", "search_text", "search_words", "legal_basis")


def type_options(user: Any) -> Iterable[tuple[str, str]]:
    """The types of the user's country, by code (a partner's types share the codes)."""
    organisation = Organisation.objects.editable_by(user).first()
    types = DocumentType.objects.for_country(organisation.country if organisation else "")
    return [(t.code, t.label) for t in types]


def organisation_options(user: Any) -> Iterable[tuple[str, str]]:
    return Organisation.objects.visible_to(user).values_list("code", "name_native")


class DocumentFilters(Schema):
    q: Annotated[str, Label(gettext_lazy("Number, title or text"))] = Field(
        "",
        description="Words of the number, title or text (any script; Vietnamese with or "
        "without diacritics).",
    )
    type: Annotated[str, Label(gettext_lazy("Type"), type_options)] = Field(
        "", description="Document type code, e.g. decree, circular, law."
    )
    status: Annotated[DocumentStatus | None, Label(gettext_lazy("Status"))] = Field(
        None, description="Lifecycle status."
    )
    in_force_on: Annotated[datetime.date | None, Label(gettext_lazy("In force on"))] = Field(
        None, description="Only documents in force on this date (YYYY-MM-DD)."
    )
    organisation: Annotated[str, Label(gettext_lazy("Organisation"), organisation_options)] = Field(
        "", description="Owner's organisation code, e.g. vn-dpko."
    )


def _title(document: Document) -> Any:
    return format_html(
        '<span lang="{}">{}</span><br><span class="muted" lang="en">{}</span>',
        document.language,
        document.title,
        document.title_en,
    )


def _in_force(document: Document) -> Any:
    flag = getattr(document, "in_force_now", None)
    if flag is None:
        return "—"
    if flag:
        return format_html('<span class="good">{}</span>', gettext_lazy("yes"))
    return gettext_lazy("no")


def _citing_label(row: citations.CitingRecord) -> str:
    article = f", {gettext_lazy('Art.')} {row.citation.article}" if row.citation.article else ""
    return f"{row.kind.label}: {row.record}{article}"


def _cited_by(document: Document) -> str:
    return "; ".join(_citing_label(row) for row in citations.citing_of(document))


def _cited_by_links(document: Document) -> Any:
    """Each citing record the reader may see, linked to its page."""
    rows = citations.citing_of(document)
    if not rows:
        return ""
    return format_html_join(
        mark_safe("<br>"), '<a href="{}">{}</a>', ((r.url, _citing_label(r)) for r in rows)
    )


DOCUMENTS: Register[Document, DocumentFilters] = Register(
    name="legal-documents",
    filters=DocumentFilters,
    empty=gettext_lazy("No document matches these filters."),
    columns=(
        Column(
            "number",
            gettext_lazy("Number"),
            "number",
            display=lambda d: d.display_number,
            link=lambda d: reverse("documents:detail", args=[d.pk]),
        ),
        Column("type", gettext_lazy("Type"), "type.label"),
        Column("title", pgettext_lazy("of a legal document", "Title"), "title", display=_title),
        Column("title_en", gettext_lazy("Title (English)"), "title_en", page=False),
        Column("issuer", gettext_lazy("Issuing body"), "issuer.label", page=False),
        Column("status", gettext_lazy("Status"), lambda d: choice_label(d, "status")),
        Column("signed_on", gettext_lazy("Signed / adopted on"), "signed_on", page=False),
        Column("effective_from", gettext_lazy("Effective from"), "effective_from"),
        Column("effective_to", gettext_lazy("Effective to"), "effective_to"),
        Column(
            "in_force_today",
            gettext_lazy("In force today"),
            "in_force_now",
            display=_in_force,
            export=False,
        ),
        Column("cited_by", gettext_lazy("Cited by"), _cited_by, display=_cited_by_links),
        Column("organisation", gettext_lazy("Organisation"), "organisation.code"),
    ),
)


def page_slice(number: Any, per_page: int = PAGE_SIZE) -> slice:
    """The rows Django's paginator asks for on page `number` (as the query string gives it),
    when that page exists; past any register's end, the first page's (no database offsets by
    an unbounded number)."""
    try:
        page = int(number)
    except (TypeError, ValueError):
        page = 1
    page = page if 1 <= page <= MAX_PAGE else 1
    return slice((page - 1) * per_page, page * per_page)


FIRST_PAGE = page_slice(1)


class ByIds:
    """A register read in two steps, sliced by the page's and the API's paginators like a
    queryset: one narrow query picks the page's ids in the register's order (from covering
    indexes, without reading the documents' wide rows) and counts all the rows it selects in
    the same pass (`COUNT(*) OVER ()`), so a costly filter such as "in force on" or a search
    runs once, not once to count and once for the page; then the page's rows are read by id.

    Only the page's ids are read (LIMIT/OFFSET): reading all of them to cut out 50 sorted every
    visible row and sent 10,000 ids (PostgreSQL: 28 ms, against 12 ms for the page's). Django's
    paginator counts before it slices, so the count reads the ids of `first`, the slice the
    caller expects to ask for; ninja's slices first. A slice outside the one read (a page
    number past the end, which the paginator turns into the last page) costs one query more."""

    def __init__(
        self, filtered: DocumentQuerySet, rows: Callable[[Any], Any], first: slice = FIRST_PAGE
    ) -> None:
        self.filtered = filtered
        self.ids = (
            filtered.order_by(*REGISTER_ORDER)
            .annotate(total=Window(Count("pk")))
            .values_list("pk", "total")
        )
        self.rows = rows
        self.first = first
        self._read_slice: slice | None = None
        self._ids: list[int] = []
        self._total: int | None = None

    def _read(self, window: slice) -> None:
        found = list(self.ids[window])
        self._read_slice, self._ids = window, [pk for pk, _total in found]
        if found:
            self._total = found[0][1]
        elif not window.start:
            self._total = 0

    def _holds(self, window: slice) -> bool:
        read = self._read_slice
        return read is not None and read.start <= window.start and window.stop <= read.stop

    def all(self) -> ByIds:
        return self

    def count(self) -> int:
        if self._total is None:
            self._read(self.first)
        if self._total is None:  # the slice read lies past the end: count alone
            self._total = self.filtered.count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Document]:
        if not self._holds(page):
            self._read(page)
        offset = self._read_slice.start if self._read_slice else 0
        ids = self._ids[page.start - offset : page.stop - offset]
        found = {row.pk: row for row in self.rows(Document.objects.filter(pk__in=ids))}
        return [found[pk] for pk in ids if pk in found]
