"""The pledge package: an XLSX workbook following the PCRS pledge annexes.

Sheets: a cover sheet (organisation, unit, template, PCRS level, dates, totals), the table of
organisation (positions by sub-unit, role and rank range, with required seats and the women/men
split of the people assigned), the major equipment list and the self-sustainment list. Each list
ends with a TOTAL row.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from forcegen.core.exports import append_row
from forcegen.personnel.models import Person, Requirement

from .models import EquipmentKind, EquipmentLine, ReadinessPolicy, Slot, Unit, rank_range

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


def positions(unit: Unit) -> list[dict[str, Any]]:
    """One row per position of the unit: seats, reserved for women, assigned women and men."""
    return list(
        Slot.objects.filter(unit=unit)
        .values(
            "sub_unit",
            "title",
            "requirement__specialty__name_en",
            "requirement__min_rank",
            "requirement__max_rank",
            "requirement__female_only",
        )
        .annotate(
            required=Count("pk"),
            women=Count("pk", filter=Q(person__sex=Person.Sex.FEMALE)),
            men=Count("pk", filter=Q(person__sex=Person.Sex.MALE)),
            first=Min("order"),
        )
        .order_by("first", "sub_unit", "title")
    )


def equipment(unit: Unit) -> list[EquipmentLine]:
    return list(
        EquipmentLine.objects.filter(unit=unit).with_item_counts().order_by("kind", "order", "pk")
    )


def _bold_row(sheet: Worksheet, row: list[Any]) -> None:
    """A header or TOTAL row."""
    append_row(sheet, row)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _rank_range(row: dict[str, Any]) -> str:
    return rank_range(
        Requirement(min_rank=row["requirement__min_rank"], max_rank=row["requirement__max_rank"])
    )


def pledge_workbook(unit: Unit) -> bytes:
    rows = positions(unit)
    lines = equipment(unit)
    policy = ReadinessPolicy.objects.for_organisations({unit.organisation_id})[unit.organisation_id]
    workbook = Workbook()
    cover = workbook.active
    cover.title = _("Cover")[:31]

    required = sum(r["required"] for r in rows)
    reserved = sum(r["required"] for r in rows if r["requirement__female_only"])
    women = sum(r["women"] for r in rows)
    men = sum(r["men"] for r in rows)
    major = [line for line in lines if line.kind == EquipmentKind.MAJOR]
    sustainment = [line for line in lines if line.kind == EquipmentKind.SELF_SUSTAINMENT]
    due = unit.renewal_due(policy)
    organisation = unit.organisation
    facts: list[tuple[str, Any]] = [
        (_("Pledge package"), unit.name),
        (_("Organisation"), f"{organisation.name_en} · {organisation.name_native}"),
        (_("Country"), organisation.country),
        (_("Unit type"), unit.get_kind_display()),
        (_("Template"), unit.template.name if unit.template else ""),
        (_("Source of the template"), unit.template.source if unit.template else ""),
        (_("PCRS level"), unit.get_pcrs_level_display()),
        (_("Pledge registered on"), unit.pledged_on),
        (_("Next renewal due"), due),
        (_("Planned deployment"), f"{unit.starts_on.isoformat()} – {unit.ends_on.isoformat()}"),
        (_("Prepared on"), timezone.localdate()),
        ("", ""),
        (_("Personnel (positions)"), required),
        (_("Positions reserved for women"), reserved),
        (_("Assigned: women"), women),
        (_("Assigned: men"), men),
        (_("Vacant"), required - women - men),
        (_("Major equipment (lines)"), len(major)),
        (_("Major equipment (items required)"), sum(line.quantity for line in major)),
        (_("Self-sustainment (lines)"), len(sustainment)),
        (_("Self-sustainment (items required)"), sum(line.quantity for line in sustainment)),
    ]
    for label, value in facts:
        append_row(cover, [label, value])
        cover.cell(row=cover.max_row, column=1).font = BOLD
    cover.column_dimensions["A"].width = 36
    cover.column_dimensions["B"].width = 60

    table = workbook.create_sheet(_("Table of organisation")[:31])
    _bold_row(
        table,
        [
            _("Sub-unit"),
            _("Position"),
            _("Specialty"),
            _("Rank range (NATO)"),
            _("Reserved for women"),
            _("Required"),
            _("Assigned: women"),
            _("Assigned: men"),
            _("Vacant"),
        ],
    )
    for row in rows:
        append_row(
            table,
            [
                row["sub_unit"],
                row["title"],
                row["requirement__specialty__name_en"] or "",
                _rank_range(row),
                _("yes") if row["requirement__female_only"] else "",
                row["required"],
                row["women"],
                row["men"],
                row["required"] - row["women"] - row["men"],
            ],
        )
    _bold_row(
        table, [_("TOTAL"), "", "", "", reserved, required, women, men, required - women - men]
    )

    for kind, title in (
        (EquipmentKind.MAJOR, _("Major equipment")),
        (EquipmentKind.SELF_SUSTAINMENT, _("Self-sustainment")),
    ):
        sheet = workbook.create_sheet(title[:31])
        chosen = [line for line in lines if line.kind == kind]
        _bold_row(sheet, [_("Category"), _("Item"), _("Required"), _("Held"), _("Serviceable")])
        for line in chosen:
            append_row(
                sheet,
                [
                    line.category,
                    line.item,
                    line.quantity,
                    getattr(line, "held_count", 0),
                    getattr(line, "serviceable_count", 0),
                ],
            )
        _bold_row(
            sheet,
            [
                _("TOTAL"),
                "",
                sum(line.quantity for line in chosen),
                sum(getattr(line, "held_count", 0) for line in chosen),
                sum(getattr(line, "serviceable_count", 0) for line in chosen),
            ],
        )
    for sheet in workbook.worksheets[1:]:
        for column in "ABCDEFGHI":
            sheet.column_dimensions[column].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pledge_response(unit: Unit) -> HttpResponse:
    """The workbook as a download named after the unit (the page and the API serve the same)."""
    response = HttpResponse(pledge_workbook(unit), content_type=XLSX)
    name = slugify(unit.name) or "unit"
    response["Content-Disposition"] = f'attachment; filename="pledge-{name}.xlsx"'
    return response
