"""Nominal rolls: every member of a rotation with identity, passport, role and travel dates, as an
XLSX workbook (openpyxl) and a landscape A4 PDF (reportlab).

Members are the rotation's deployments that are not cancelled. Both files are built from the same
rows (`roll_lines`), read in two queries whatever the size of the rotation: the members with
person and rank, then their passports.

Rendered on request rather than by the task worker: a 184-member roll (the UNISFA engineering
company) renders in about 0.25 s as PDF and 0.06 s as XLSX, and a roll drawn when asked always
shows the rotation as it stands. The PDF reuses the certificate fonts and script splitting
(forcegen.training.pdf) so Vietnamese and Lao names render air-gapped.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from forcegen.core.exports import Cell, append_row
from forcegen.personnel.models import Credential
from forcegen.training.pdf import Page, is_lao, register_fonts, script_runs

from .models import Deployment, Rotation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
FONT_SIZE = 7
PADDING = 2


@dataclass(frozen=True)
class Line:
    """One member of the roll: the tour and the passport valid the longest (None if none)."""

    deployment: Deployment
    passport: Credential | None


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[Line], Cell]
    width: float  # characters in the XLSX; relative share of the page width in the PDF
    wraps: bool = False  # free text (names, roles) wraps in the PDF; codes and dates do not


def _next_of_kin(line: Line) -> str:
    person = line.deployment.person
    phone = f"({person.next_of_kin_phone})" if person.next_of_kin_phone else ""
    return " ".join(part for part in (person.next_of_kin, phone) if part)


COLUMNS = [
    Column(gettext_lazy("Service number"), lambda m: m.deployment.person.service_number, 13),
    Column(
        gettext_lazy("Name (native script)"),
        lambda m: m.deployment.person.full_name_native,
        26,
        wraps=True,
    ),
    Column(
        gettext_lazy("Name (Latin letters)"),
        lambda m: m.deployment.person.full_name,
        26,
        wraps=True,
    ),
    Column(gettext_lazy("Rank"), lambda m: m.deployment.person.rank.name_en, 14, wraps=True),
    Column(gettext_lazy("Sex"), lambda m: m.deployment.person.sex, 5),
    Column(gettext_lazy("Date of birth"), lambda m: m.deployment.person.date_of_birth, 11),
    Column(
        gettext_lazy("Passport number"), lambda m: m.passport.reference if m.passport else None, 13
    ),
    Column(
        gettext_lazy("Passport expiry"),
        lambda m: m.passport.valid_until if m.passport else None,
        11,
    ),
    Column(gettext_lazy("Role"), lambda m: m.deployment.role, 20, wraps=True),
    Column(gettext_lazy("Sub-unit"), lambda m: m.deployment.sub_unit, 16, wraps=True),
    Column(gettext_lazy("Blood group"), lambda m: m.deployment.person.blood_group, 6),
    Column(gettext_lazy("Next of kin"), _next_of_kin, 26, wraps=True),
    Column(gettext_lazy("Planned departure"), lambda m: m.deployment.planned_start, 11),
    Column(gettext_lazy("Departed on"), lambda m: m.deployment.departed_on, 11),
    Column(gettext_lazy("Planned return"), lambda m: m.deployment.planned_end, 11),
    Column(gettext_lazy("Returned on"), lambda m: m.deployment.returned_on, 11),
]


def _longest_valid(passports: list[Credential]) -> Credential | None:
    """A passport without an expiry date outlasts any dated one."""
    return max(passports, key=lambda c: c.valid_until or datetime.date.max, default=None)


def roll_lines(rotation: Rotation) -> list[Line]:
    """The rotation's members (every tour not cancelled), by sub-unit, seniority and name."""
    members = (
        Deployment.objects.filter(rotation=rotation)
        .live()
        .select_related("person__rank")
        .prefetch_related(
            Prefetch(
                "person__credentials",
                queryset=Credential.objects.filter(kind=Credential.Kind.PASSPORT),
            )
        )
        .order_by("sub_unit", "-person__rank__seniority", "person__full_name", "pk")
    )
    # The prefetch above holds passports only, so credentials.all() lists exactly those.
    return [Line(m, _longest_valid(list(m.person.credentials.all()))) for m in members]


def roll_title(rotation: Rotation) -> str:
    """Unit, rotation, mission and dates (actual where known, else planned)."""
    return _("Nominal roll — %(rotation)s — %(mission)s — %(start)s – %(end)s") % {
        "rotation": rotation,
        "mission": rotation.mission.acronym,
        "start": rotation.starts_on.isoformat(),
        "end": rotation.ends_on.isoformat(),
    }


def roll_filename(rotation: Rotation, extension: str) -> str:
    """ASCII for every browser; a unit named only in Lao script falls back to its number."""
    unit = slugify(rotation.unit.name) or str(rotation.unit_id)
    return f"nominal-roll-{unit}-rotation-{rotation.number}.{extension}"


# --- XLSX -----------------------------------------------------------------------------------------


def roll_xlsx(rotation: Rotation, lines: list[Line]) -> bytes:
    """Row 1 the title, row 2 the bold header (frozen, filterable), then one row per member."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Nominal roll")[:31]
    append_row(sheet, [roll_title(rotation)])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [str(column.label) for column in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in lines:
        append_row(sheet, [column.value(line) or None for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{len(lines) + 2}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------------


def _markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup drawing Lao runs in the Lao font; the paragraph's font draws the rest."""
    lao = "Lao-Bold" if bold else "Lao"
    return "".join(
        f'<font name="{lao}">{escape(run)}</font>' if is_lao else escape(run)
        for run, is_lao in script_runs(text)
    )


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    base = {"fontSize": FONT_SIZE, "leading": FONT_SIZE + 1.5}
    return {
        "cell": ParagraphStyle("roll-cell", fontName="Latin", **base),
        "head": ParagraphStyle("roll-head", fontName="Latin-Bold", **base),
        "title": ParagraphStyle("roll-title", fontName="Latin-Bold", fontSize=12, leading=16),
        "note": ParagraphStyle("roll-note", fontName="Latin", fontSize=8, leading=11),
    }


def _pdf_cell(column: Column, line: Line, width: float) -> Any:
    """Plain text draws fastest; a Paragraph only where free text wraps or holds Lao script."""
    value = column.value(line)
    text = value.isoformat() if isinstance(value, datetime.date) else str(value or "")
    if column.wraps and (
        any(map(is_lao, text)) or pdfmetrics.stringWidth(text, "Latin", FONT_SIZE) > width
    ):
        return Paragraph(_markup(text), _styles()["cell"])
    return text


def _table(lines: list[Line], width: float) -> Table:
    share = width / sum(column.width for column in COLUMNS)
    widths = [column.width * share for column in COLUMNS]
    header = [Paragraph(_markup(str(c.label), bold=True), _styles()["head"]) for c in COLUMNS]
    rows = [
        [
            _pdf_cell(column, line, w - 2 * PADDING)
            for column, w in zip(COLUMNS, widths, strict=True)
        ]
        for line in lines
    ]
    table = Table([header, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 1), (-1, -1), "Latin"),
                ("FONTSIZE", (0, 1), (-1, -1), FONT_SIZE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.91, 0.95)),
                (
                    "ROWBACKGROUNDS",
                    (0, 1),
                    (-1, -1),
                    [colors.white, colors.Color(0.96, 0.97, 0.98)],
                ),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.Color(0.7, 0.73, 0.78)),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page back until the end so each footer can say "page 3 of 7"."""

    def __init__(self, *args: Any, footer: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, len(self._pages))
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        page = Page(self)
        width = self._pagesize[0]
        page.line(self._footer, 6 * mm, 7, x=10 * mm)
        numbering = _("Page %(number)d of %(total)d") % {"number": number, "total": total}
        page.line(numbering, 6 * mm, 7, x=width - 10 * mm - page.width(numbering, 7))


def roll_pdf(rotation: Rotation, lines: list[Line]) -> bytes:
    """Landscape A4: the title, then the members' table with its header repeated on every page."""
    register_fonts()
    buffer = io.BytesIO()
    title = roll_title(rotation)
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=12 * mm,
        title=title,
        author=rotation.organisation.name_en,
    )
    note = _("%(organisation)s · %(count)d members · %(mission)s · printed %(today)s") % {
        "organisation": rotation.organisation.name_native,
        "count": len(lines),
        "mission": rotation.mission.name,
        "today": timezone.localdate().isoformat(),
    }
    story = [
        Paragraph(_markup(title, bold=True), _styles()["title"]),
        Paragraph(_markup(note), _styles()["note"]),
        Spacer(1, 3 * mm),
        _table(lines, document.width),
    ]
    footer = _("%(title)s · contains personal data") % {"title": title}
    document.build(story, canvasmaker=functools.partial(_NumberedCanvas, footer=footer))
    return buffer.getvalue()
