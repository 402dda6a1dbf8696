"""Framework coverage: for each item of the organisation's checklist (the shared items and those
it added), which of the organisation's documents cover it and
how far they are (in force, drafting, missing), beside what partners who share their documents
used for the same item ("what Viet Nam used")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import active_organisation_id

from .models import DRAFT_STATUSES, CoverageItem, Document, DocumentStatus

IN_FORCE = "in_force"
DRAFTING = "drafting"
MISSING = "missing"
PREPARING = (*DRAFT_STATUSES, DocumentStatus.APPROVED, DocumentStatus.PROMULGATED)
STATE_LABELS = {
    IN_FORCE: _("In force"),
    DRAFTING: _("In preparation"),
    MISSING: _("Not covered yet"),
}


@dataclass(frozen=True)
class Covering:
    document: Document
    in_force: bool


@dataclass
class CoverageRow:
    item: CoverageItem
    own: list[Covering] = field(default_factory=list)
    partners: list[Covering] = field(default_factory=list)

    @property
    def state(self) -> str:
        if any(c.in_force for c in self.own):
            return IN_FORCE
        return DRAFTING if self.own else MISSING

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class Coverage:
    day: datetime.date
    rows: list[CoverageRow]

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def in_force(self) -> int:
        return self.count(IN_FORCE)

    @property
    def drafting(self) -> int:
        return self.count(DRAFTING)

    @property
    def missing(self) -> int:
        return self.count(MISSING)


def coverage_for(user: object, day: datetime.date) -> Coverage:
    """Two queries: the checklist, and every visible covering document with its in-force flag.
    A document that has ended (replaced, repealed, expired) no longer covers its items."""
    org_id = active_organisation_id(user)
    items = list(CoverageItem.objects.current(day).for_organisation(org_id))
    links = (
        Document.covers.through.objects.filter(
            document__in=Document.objects.visible_to(user).exclude(
                status__in=(
                    DocumentStatus.REPLACED,
                    DocumentStatus.REPEALED,
                    DocumentStatus.EXPIRED,
                )
            ),
            coverageitem_id__in=[i.pk for i in items],
        )
        .select_related("document__type", "document__organisation")
        .annotate(
            in_force_now=Exists(
                Document.objects.in_force_on(day).filter(pk=OuterRef("document_id"))
            )
        )
        .order_by("document__organisation__code", "document__type__rank", "document_id")
    )
    grouped: dict[int, CoverageRow] = {i.pk: CoverageRow(i) for i in items}
    for link in links:
        covering = Covering(link.document, getattr(link, "in_force_now"))  # noqa: B009
        if not covering.in_force and covering.document.status not in PREPARING:
            continue  # ended, by its own dates or by the graph
        row = grouped[link.coverageitem_id]
        mine = covering.document.organisation_id == org_id
        (row.own if mine else row.partners).append(covering)
    return Coverage(day=day, rows=list(grouped.values()))
