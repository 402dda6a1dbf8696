"""The MOU as files laid out like its annexes: an XLSX workbook (one sheet per annex)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .annexes import Annexes, Line

BOLD = Font(bold=True)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _sheet(
    workbook: Workbook,
    title: str,
    heading: str,
    columns: list[str],
    lines: list[Line],
    total: Decimal,
) -> None:
    sheet = workbook.create_sheet(title=title)
    sheet.append([heading])
    sheet["A1"].font = BOLD
    sheet.append(columns)
    for cell in sheet[2]:
        cell.font = BOLD
    for line in lines:
        sheet.append(
            [line.label, line.detail, line.quantity, _number(line.rate), _number(line.amount)]
        )
    sheet.append([_("Total per month (US$)"), "", "", "", _number(total)])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 28


def mou_workbook(annexes: Annexes) -> bytes:
    mou = annexes.mou
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = _("MOU")
    for row in [
        [_("Memorandum of understanding")],
        [_("Unit"), mou.unit.name],
        [_("Mission"), mou.mission.acronym],
        [_("Reference"), mou.reference],
        [_("In force from"), mou.in_force_from],
        [_("Rates in force on"), annexes.on],
        [_("Mission factors (%)"), _number(annexes.uplift_percent)],
        [_("Total per month (US$)"), _number(annexes.total)],
    ]:
        cover.append(row)
    cover["A1"].font = BOLD
    cover.column_dimensions["A"].width = 30
    amount = _("Amount per month (US$)")
    _sheet(
        workbook,
        _("Annex A"),
        _("Annex A: personnel"),
        [_("Category"), _("Rank"), _("Strength"), _("Rate per person (US$)"), amount],
        annexes.personnel,
        annexes.personnel_total,
    )
    _sheet(
        workbook,
        _("Annex B"),
        _("Annex B: major equipment"),
        [_("Item"), _("Lease"), _("Quantity"), _("Rate per item (US$)"), amount],
        annexes.equipment,
        annexes.equipment_total,
    )
    _sheet(
        workbook,
        _("Annex C"),
        _("Annex C: self-sustainment"),
        [_("Category"), _("Provided by"), _("Strength"), _("Rate per person (US$)"), amount],
        annexes.self_sustainment,
        annexes.self_sustainment_total,
    )
    factors = workbook.create_sheet(title=_("Mission factors"))
    factors.append([_("Factor"), _("Percent"), _("Source")])
    for factor in annexes.factors:
        factors.append([factor.get_kind_display(), _number(factor.percent), factor.source])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
