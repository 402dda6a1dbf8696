"""The register's one definition: its filters (page, API and export) and its columns."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from forcegen.core.exports import Cell

from .models import Document, Status


class DocumentFilters(Schema):
    q: str = Field(
        "",
        description="Words of the number, title or text (any script; Vietnamese "
        "with or without diacritics).",
    )
    type: str = Field("", description="Document type code, e.g. decree, circular, law.")
    status: Status | None = Field(None, description="Lifecycle status.")
    in_force_on: datetime.date | None = Field(
        None, description="Only documents in force on this date (YYYY-MM-DD)."
    )
    organisation: str = Field("", description="Owner's organisation code, e.g. vn-dpko.")


COLUMNS: tuple[tuple[str, Any], ...] = (
    ("number", _("Number")),
    ("type", _("Type")),
    ("title", _("Title")),
    ("title_en", _("Title (English)")),
    ("issuer", _("Issuing body")),
    ("status", _("Status")),
    ("signed_on", _("Signed / adopted on")),
    ("effective_from", _("Effective from")),
    ("effective_to", _("Effective to")),
    ("organisation", _("Organisation")),
)


def export_rows(documents: Iterable[Document]) -> Iterator[list[Cell]]:
    for d in documents:
        yield [
            d.number,
            d.type.label,
            d.title,
            d.title_en,
            d.issuer.label if d.issuer else "",
            str(d.get_status_display()),
            d.signed_on,
            d.effective_from,
            d.effective_to,
            d.organisation.code,
        ]
