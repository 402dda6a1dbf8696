"""The imported UN files, declared once for their page, its export and the API."""

from __future__ import annotations

from typing import Annotated

from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from ninja import Schema

from forcegen.core.registers import Column, Label, Register, choice_label

from .models import UNDataFile


class FileFilters(Schema):
    format: Annotated[UNDataFile.Format | None, Label(gettext_lazy("Format"))] = None


def _imported(file: UNDataFile) -> str:
    when = f"{file.imported_at:%Y-%m-%d %H:%M}"
    return f"{when} · {file.imported_by}" if file.imported_by else when


FILES: Register[UNDataFile, FileFilters] = Register(
    name="un-files",
    filters=FileFilters,
    empty=gettext_lazy("No UN file has been imported yet."),
    columns=(
        Column("name", gettext_lazy("File"), "name"),
        Column(
            "format", gettext_lazy("Format"), "format", display=lambda f: choice_label(f, "format")
        ),
        Column("rows", gettext_lazy("Rows"), "rows"),
        Column("figures", gettext_lazy("Figures"), "figures"),
        Column(
            "first_month",
            gettext_lazy("Months"),
            "first_month",
            display=lambda f: f"{f.first_month:%Y-%m} – {f.last_month:%Y-%m}",
        ),
        Column("last_month", "", "last_month", page=False),
        Column("imported_at", gettext_lazy("Imported"), "imported_at", display=_imported),
        Column("imported_by", "", lambda f: str(f.imported_by or ""), page=False),
        Column(
            "sha256",
            gettext_lazy("SHA-256"),
            "sha256",
            display=lambda f: format_html("<code>{}…</code>", f.sha256[:12]),
        ),
    ),
)
