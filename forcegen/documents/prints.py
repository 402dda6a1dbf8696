"""A document and the framework coverage as PDFs, in the reader's language, drawn by the core PDF
helper (Lao and Vietnamese shaped by HarfBuzz). The document's own text stays in its language."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from forcegen.core.models import Organisation
from forcegen.core.pdf import document, page_frame, paragraph, register_fonts, style, table

from . import articles
from .coverage import Coverage, Covering
from .models import Document, Transition


def _date(day: datetime.date | None) -> str:
    return day.isoformat() if day else "—"


def _names(rows: Iterable[Any]) -> str:
    return "; ".join(row.label for row in rows) or "—"


def _facts(doc: Document, in_force: bool) -> list[list[str]]:
    """The register entry, as label and value rows."""
    source = doc.source or "—"
    if doc.source_tag:
        source = f"{source} [{doc.source_tag}] {doc.get_source_tag_display()}"
    return [
        [_("Owner"), f"{doc.organisation.name_native} · {doc.organisation.code}"],
        [_("Issuing body"), doc.issuer.label if doc.issuer else "—"],
        [_("Type"), doc.type.label],
        [_("Status"), str(doc.get_status_display())],
        [_("In force today"), _("yes") if in_force else _("no")],
        [_("Signed by"), doc.signer or "—"],
        [_("Signed / adopted on"), _date(doc.signed_on)],
        [_("Published on"), _date(doc.published_on)],
        [_("Effective from"), _date(doc.effective_from)],
        [_("Effective to"), _date(doc.effective_to)],
        [_("Legal basis"), doc.legal_basis or "—"],
        [_("Framework items it covers"), _names(doc.covers.all())],
        [_("Subject areas"), _names(doc.subjects.all())],
        [_("Source"), source],
    ]


def _text(doc: Document) -> list[Any]:
    """The text article by article: each heading bold, each line of its body a paragraph."""
    heading, body = style("doc-article", 10, bold=True, leading=14), style("doc-body", 9.5)
    story: list[Any] = []
    for article in articles.split(doc.text):
        if article.heading:
            story.append(paragraph(article.heading, heading))
        story.extend(paragraph(line, body) for line in article.body.splitlines() if line.strip())
    return story or [paragraph(_("No text recorded."), body)]


def _history(transitions: Iterable[Transition], width: float) -> Any:
    rows = [
        [
            str(t.get_source_display()),
            str(t.get_target_display()) + (f" ({t.related.display_number})" if t.related else ""),
            t.effective_on.isoformat(),
            (t.by.get_full_name() or t.by.username) if t.by else "—",
            t.reason or "—",
        ]
        for t in transitions
    ]
    header = [_("Previous status"), _("New status"), _("Takes effect on"), _("By"), _("Reason")]
    return table(header, rows, width=width, wraps=[True, True, False, True, True])


def document_pdf(doc: Document, *, in_force: bool) -> bytes:
    """One document: its register entry, its text by article and its status history."""
    register_fonts()  # before the styles name them
    frame = page_frame()
    name = f"{doc.type.label} {doc.display_number}"
    heading = style("doc-h", 11, bold=True, leading=15)
    transitions = list(doc.transitions.select_related("by", "related"))
    story = [
        paragraph(name, style("doc-title", 15, bold=True, leading=20)),
        paragraph(doc.title, style("doc-native", 11, leading=15)),
        paragraph(doc.title_en, style("doc-en", 9)),
        table([_("Field"), _("Value")], _facts(doc, in_force), width=frame.width),
        paragraph(_("Text"), heading),
        *_text(doc),
        paragraph(_("Status history"), heading),
    ]
    if transitions:
        story.append(_history(transitions, frame.width))
    else:
        story.append(paragraph(_("No status change recorded."), style("doc-body", 9)))
    return document(story, title=name, author=doc.organisation.name_en, footer=name, frame=frame)


def _covering(documents: list[Covering], *, owner: bool) -> str:
    return "; ".join(
        (f"{c.document.organisation.code}: " if owner else "")
        + f"{c.document.type.label} {c.document.display_number}"
        + f" ({c.document.get_status_display()})"
        for c in documents
    )


def coverage_pdf(report: Coverage, organisation: Organisation) -> bytes:
    """The checklist with the organisation's state on each item and what partners used."""
    register_fonts()
    frame = page_frame()
    title = _("Framework coverage")
    summary = _(
        "On %(day)s: %(in_force)s of %(total)s in force, %(drafting)s in preparation, "
        "%(missing)s missing."
    ) % {
        "day": report.day.isoformat(),
        "in_force": report.in_force,
        "total": len(report.rows),
        "drafting": report.drafting,
        "missing": report.missing,
    }
    rows = [
        [
            row.item.label,
            row.state_label,
            _covering(row.own, owner=False) or "—",
            _covering(row.partners, owner=True) or "—",
        ]
        for row in report.rows
    ]
    header = [
        _("What a country needs before it deploys"),
        _("State"),
        _("Our documents"),
        _("What partners used"),
    ]
    story = [
        paragraph(title, style("coverage-title", 15, bold=True, leading=20)),
        paragraph(f"{organisation.name_native} · {organisation.name_en}", style("cov", 9)),
        paragraph(summary, style("coverage-summary", 10, leading=14)),
        table(header, rows, width=frame.width),
    ]
    return document(story, title=title, author=organisation.name_en, footer=title, frame=frame)
