"""CSV and XLSX downloads of any table, streamed so large lists do not sit in memory twice.

Every spreadsheet the product writes puts its cells through here, so none can be turned against
its reader: text is written as text, never as a formula (a name such as `=HYPERLINK(…)` stays a
name), CSV cells that a spreadsheet would evaluate get a leading apostrophe, and control
characters stored before input refused them are dropped instead of breaking the file.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.worksheet.worksheet import Worksheet

from .text import without_control_characters

Cell = str | int | float | datetime.date | None

# A spreadsheet program evaluates a CSV cell that starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Cell) -> Cell:
    """The value as a CSV cell that a spreadsheet shows as written, not evaluates."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = value if value.isprintable() else without_control_characters(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_cell(sheet: Any, column: int, value: Any) -> Any:
    """The value as an XLSX cell: text is stored as text (never a formula)."""
    if not isinstance(value, str):
        return value
    cell = SheetCell(sheet, column=column, value=without_control_characters(value))
    cell.data_type = "s"
    return cell


def append_row(sheet: Worksheet | Any, values: Iterable[Any]) -> None:
    """Appends one row to a worksheet (normal or write-only); every writer adds rows here."""
    sheet.append([xlsx_cell(sheet, i, value) for i, value in enumerate(values, start=1)])


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so spreadsheet programs read the file as UTF-8 (Lao, Vietnamese)
    yield writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


FORMATS = ("csv", "xlsx")


def tabular_response(
    *, filename: str, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> Any:
    """`fmt` is "csv" or "xlsx" (anything else is a 404: the URL names a file that does not
    exist); the file is named `filename`.csv/.xlsx."""
    if fmt not in FORMATS:
        raise Http404
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        append_row(sheet, headers)
        for row in rows:
            append_row(sheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            _csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
