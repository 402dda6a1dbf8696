"""Bulk inventory import from a CSV or XLSX file: every row checked, then all rows or none.

The file's columns are `COLUMNS` (the template offers them in this order, with an example row);
a row is refused with messages naming its row number and column, and one refused row stops the
whole file: nothing is stored until every row is right.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from forcegen.core.models import Organisation
from forcegen.core.text import SINGLE_LINE_CONTROL
from forcegen.core.uploads import CSV, MB, XLSX, UploadRule
from forcegen.units.models import EquipmentKind, Unit

from .models import CoeItem, Condition, InventoryItem, Location

MAX_ROWS = 50_000
# 50,000 rows of XLSX are about 3 MB.
IMPORT = UploadRule(
    types=(CSV, XLSX), max_bytes=20 * MB, wrong_type=gettext_lazy("Give a .csv or .xlsx file.")
)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str | Promise
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "unit",
        True,
        gettext_lazy("Name of a unit of your organisation."),
        "Engineering company (UNISFA)",
    ),
    Column("category", True, gettext_lazy("Equipment category."), "Earthmoving"),
    Column("item", True, gettext_lazy("Item name."), "Bulldozer"),
    Column("serial", False, gettext_lazy("Serial number, unique per unit and item."), "EC-BD-004"),
    Column("annex", False, gettext_lazy("major or self_sustainment (default major)."), "major"),
    Column("coe_item", False, gettext_lazy("Code of a COE catalogue item."), "bulldozer"),
    Column(
        "condition",
        False,
        gettext_lazy("new, good, fair, poor, under_repair or written_off."),
        "good",
    ),
    Column("serviceable", False, gettext_lazy("yes or no (default yes)."), "yes"),
    Column(
        "location", False, gettext_lazy("home, in_transit or in_mission (default home)."), "home"
    ),
    Column("weight_kg", False, gettext_lazy("Weight in kg."), "18000"),
    Column("volume_m3", False, gettext_lazy("Volume in m³."), "45"),
    Column("remarks", False, gettext_lazy("Free text."), ""),
)
NAMES = [c.name for c in COLUMNS]
TEXT_LIMITS: dict[str, int] = {
    name: getattr(InventoryItem._meta.get_field(name), "max_length", 0)
    for name in ("category", "item", "serial", "remarks")
}
YES = {"yes": True, "y": True, "1": True, "true": True}
YES.update({"no": False, "n": False, "0": False, "false": False})


def template_workbook() -> bytes:
    """The import template: the columns, an example row, and what each column takes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "inventory"
    sheet.append(NAMES)
    sheet.append([c.example for c in COLUMNS])
    notes = workbook.create_sheet("columns")
    for column in COLUMNS:
        notes.append([column.name, _("required") if column.required else "", str(column.help)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number as the user sees it, {column: text}) for each non-empty row."""
    IMPORT.check(ContentFile(data, name=filename))
    if filename.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        table = [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Save the CSV file as UTF-8.")) from exc
        table = [[v.strip() for v in row] for row in csv.reader(io.StringIO(text))]
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [h.strip().lower() for h in table[0]]
    missing = [c.name for c in COLUMNS if c.required and c.name not in header]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [h for h in header if h and h not in NAMES]
    if unknown:
        raise ValidationError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    rows = [
        (number, dict(zip(header, values + [""] * (len(header) - len(values)), strict=False)))
        for number, values in enumerate(table[1:], start=2)
        if any(values)
    ]
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("At most %(max)d rows per file.") % {"max": MAX_ROWS})
    return rows


class _Checker:
    """Turns rows into unsaved items, collecting "row N, column: message" errors."""

    def __init__(self, organisation: Organisation) -> None:
        self.units = {u.name: u for u in Unit.objects.filter(organisation=organisation)}
        self.coe = {c.code: c for c in CoeItem.objects.all()}
        self.organisation = organisation
        self.errors: list[str] = []
        self.seen: set[tuple[int, str, str]] = set()
        self.existing = set(
            InventoryItem.objects.filter(organisation=organisation)
            .exclude(serial="")
            .values_list("unit_id", "item", "serial")
        )

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(
            _("row %(row)d, %(field)s: %(message)s")
            % {"row": row, "field": column, "message": message}
        )

    def choice(
        self, row: int, values: dict[str, str], column: str, choices: Any, default: str
    ) -> str:
        value = values.get(column, "") or default
        if value not in choices.values:
            self.error(
                row, column, _("expected one of %(values)s") % {"values": ", ".join(choices.values)}
            )
        return value

    def number(self, row: int, values: dict[str, str], column: str) -> Decimal | None:
        text = values.get(column, "").replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal(-1)
        if value < 0:
            self.error(row, column, _("expected a number of 0 or more"))
            return None
        return value

    def text(self, row: int, values: dict[str, str]) -> None:
        """Every cell on one line and within its field's length (bulk creation checks neither)."""
        for column, value in values.items():
            found = SINGLE_LINE_CONTROL.search(value)
            if found:
                self.error(
                    row,
                    column,
                    _("remove the control character (code %(code)s)")
                    % {"code": f"U+{ord(found.group()):04X}"},
                )
            limit = TEXT_LIMITS.get(column)
            if limit and len(value) > limit:
                self.error(row, column, _("at most %(limit)d characters") % {"limit": limit})

    def item(self, row: int, values: dict[str, str]) -> InventoryItem | None:
        self.text(row, values)
        unit = self.units.get(values.get("unit", ""))
        if unit is None:
            self.error(row, "unit", _("no unit of this name in your organisation"))
        for column in ("category", "item"):
            if not values.get(column):
                self.error(row, column, _("required"))
        coe_item = None
        if values.get("coe_item"):
            coe_item = self.coe.get(values["coe_item"])
            if coe_item is None:
                self.error(row, "coe_item", _("no COE catalogue item with this code"))
        serviceable = YES.get(values.get("serviceable", "yes").lower() or "yes")
        if serviceable is None:
            self.error(row, "serviceable", _("expected yes or no"))
        item = InventoryItem(
            organisation=self.organisation,
            unit=unit,
            annex=self.choice(row, values, "annex", EquipmentKind, EquipmentKind.MAJOR),
            coe_item=coe_item,
            category=values.get("category", ""),
            item=values.get("item", ""),
            serial=values.get("serial", ""),
            condition=self.choice(row, values, "condition", Condition, Condition.GOOD),
            serviceable=bool(serviceable) and values.get("condition") != Condition.WRITTEN_OFF,
            location=self.choice(row, values, "location", Location, Location.HOME),
            weight_kg=self.number(row, values, "weight_kg"),
            volume_m3=self.number(row, values, "volume_m3"),
            remarks=values.get("remarks", ""),
        )
        if unit is not None and item.serial:
            key = (unit.pk, item.item, item.serial)
            if key in self.seen or key in self.existing:
                self.error(
                    row, "serial", _("this unit already has this item with this serial number")
                )
            self.seen.add(key)
        return item


def import_inventory(*, organisation: Organisation, data: bytes, filename: str) -> int:
    """Check every row, then create all the items in one transaction, or none; returns how many."""
    rows = read_rows(data, filename)
    checker = _Checker(organisation)
    items = [checker.item(number, values) for number, values in rows]
    if checker.errors:
        raise ValidationError(checker.errors)
    with transaction.atomic():
        InventoryItem.objects.bulk_create([i for i in items if i is not None], batch_size=2000)
    return len(items)
