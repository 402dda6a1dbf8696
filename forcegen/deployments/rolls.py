"""Nominal rolls: every member of a rotation with identity, passport, role and travel dates, as an
XLSX workbook (openpyxl) and a landscape A4 PDF (reportlab).

Members are the rotation's deployments that are not cancelled. Both files are built from the same
rows (`roll_lines`), read in two queries whatever the size of the rotation: the members with
person and rank, then their passports.

Rendered on request rather than by the task worker: a roll drawn when asked always shows the
rotation as it stands. A 184-member roll (the UNISFA engineering company) with Lao names shaped
by HarfBuzz took 2.3-2.9 s as PDF on a busy 2-core machine (load 12; 0.06 s as XLSX): if that
grows, move the PDF to a background job (core/jobs.py). The PDF is drawn through
forcegen.core.pdf: shipped fonts, text shaped by HarfBuzz, columns as wide as their widest date
or code, headers wrapped at spaces.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Spacer  # type: ignore[import-untyped]

from forcegen.core import pdf
from forcegen.core.exports import Cell, append_row
from forcegen.personnel.models import Credential

from .models import Deployment, Rotation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
FONT_SIZE = 7  # the largest the table is drawn in; it shrinks until every column fits


@dataclass(frozen=True)
class Line:
    """One member of the roll: the tour and the passport valid the longest (None if none)."""

    deployment: Deployment
    passport: Credential | None


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[Line], Cell]
    width: float  # characters in the XLSX (the PDF sizes columns to their contents)
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


def _pdf_text(value: Cell) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")


def roll_pdf(rotation: Rotation, lines: list[Line]) -> bytes:
    """Landscape A4: the title, then the members' table with its header repeated on every page."""
    title = roll_title(rotation)
    note = _("%(organisation)s · %(count)d members · %(mission)s · printed %(today)s") % {
        "organisation": rotation.organisation.name_native,
        "count": len(lines),
        "mission": rotation.mission.name,
        "today": timezone.localdate().isoformat(),
    }
    frame = pdf.page_frame(landscape(A4))
    members = pdf.table(
        [str(column.label) for column in COLUMNS],
        [[_pdf_text(column.value(line)) for column in COLUMNS] for line in lines],
        width=frame.width,
        wraps=[column.wraps for column in COLUMNS],
        size=FONT_SIZE,
    )
    story = [
        pdf.paragraph(title, pdf.style("roll-title", 12, bold=True, leading=16)),
        pdf.paragraph(note, pdf.style("roll-note", 8, leading=11)),
        Spacer(1, 3 * mm),
        members,
    ]
    footer = _("%(title)s · contains personal data") % {"title": title}
    return pdf.document(
        story, title=title, author=rotation.organisation.name_en, footer=footer, frame=frame
    )
