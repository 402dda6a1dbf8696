"""CSV and XLSX downloads of any table, streamed so large lists do not sit in memory twice."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

Cell = str | int | float | datetime.date | None


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so spreadsheet programs read the file as UTF-8 (Lao, Vietnamese)
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow(["" if v is None else v for v in row])


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
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
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
