"""Reading a roster file: its header matched to columns and its rows numbered as the user sees
them (header = 1), every problem a RowError with its row and column. Nothing is checked against
the organisation's records here (that is `imports`)."""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .roster_columns import IGNORED, KNOWN_COLUMNS, REQUIRED_COLUMNS, column_for

MAX_ROWS = 50_000
FILE_ROW = 0  # the row number of an error about the whole file rather than one row


def normalise_text(value: str) -> str:
    """NFC (one code point per accented letter), trimmed, single spaces."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def lookup_key(value: str) -> str:
    return normalise_text(value).casefold()


def cell_text(value: object) -> str:
    """A cell as text: numbers keep no spurious '.0', date cells become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalise_text(str(value))


# --- Errors --------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class RowError:
    """One problem: the row as numbered in the file (header = 1; 0 = the whole file)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        if self.row == FILE_ROW:
            return self.message
        where = {"row": self.row, "field": self.column, "message": self.message}
        if self.column:
            return _("row %(row)d, %(field)s: %(message)s") % where  # as core.validation words it
        return _("row %(row)d: %(message)s") % where


class CellError(Exception):
    """A cell's value is wrong; the message says how to fix it."""


# --- Reading the file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: dict[str, object]


@dataclass
class Sheet:
    columns: tuple[str, ...] = ()
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_roster(content: bytes, filename: str, mapping: dict[str, str] | None = None) -> Sheet:
    """The header and the non-blank rows of a .csv or .xlsx roster; unreadable files are errors.
    `mapping`: the organisation's own header -> column choices (RosterColumnMapping)."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".csv":
            return build_sheet(csv_rows(content), mapping or {})
        if suffix == ".xlsx":
            with xlsx_rows(content) as rows:
                return build_sheet(rows, mapping or {})
    except CellError as exc:
        return Sheet(errors=[RowError(FILE_ROW, "", str(exc))])
    return Sheet(errors=[RowError(FILE_ROW, "", _("Only .csv and .xlsx rosters can be imported."))])


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon (spreadsheets in Viet Nam, Laos and France often save with ';')."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return ";" if header.count(";") > header.count(",") else ","


def guarded(rows: Iterator[Sequence[object]], message: str) -> Iterator[Sequence[object]]:
    """Rows from a parser; a damaged file becomes one error a person can act on, not a crash."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a parser's error on a damaged file, whatever its class
            raise CellError(message) from exc
        yield row


def csv_rows(content: bytes) -> Iterator[Sequence[object]]:
    try:
        text = content.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as exc:
        raise CellError(
            _("The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    return guarded(reader, _("The file is not a readable CSV file."))


@contextmanager
def xlsx_rows(content: bytes) -> Iterator[Iterator[Sequence[object]]]:
    """The first worksheet's rows (values; date cells as dates); the workbook is closed after."""
    from openpyxl import load_workbook  # only imports need it

    message = _("The file is not a readable XLSX workbook.")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zip, XML or openpyxl errors alike: the file is damaged
        raise CellError(message) from exc
    try:
        sheet = workbook.worksheets[0]
        # Read every row and column present, not only the range the file declares: some programs
        # write a wrong <dimension>, and read-only mode would silently drop what lies outside it.
        sheet.reset_dimensions()
        yield guarded(sheet.iter_rows(values_only=True), message)
    finally:
        workbook.close()


def build_sheet(raw_rows: Iterable[Sequence[object]], mapping: dict[str, str]) -> Sheet:
    """Number rows as the user sees them (header = 1), normalise the header, skip blank rows."""
    rows = iter(raw_rows)
    header = next(rows, None)
    if header is None:
        return Sheet(errors=[RowError(FILE_ROW, "", _("The file is empty."))])
    if not any(cell_text(cell) for cell in header):
        message = _("Row 1 must hold the column names: see the roster template.")
        return Sheet(errors=[RowError(1, "", message)])
    names = [column_for(cell, mapping) for cell in header]
    sheet = Sheet(columns=tuple(name for name in names if name in KNOWN_COLUMNS))
    sheet.errors.extend(header_errors(names))
    for number, raw in enumerate(rows, start=2):
        values = [cell_text(cell) if not isinstance(cell, datetime.date) else cell for cell in raw]
        if not any(values):
            continue
        if len(sheet.rows) == MAX_ROWS:
            sheet.errors.append(
                RowError(number, "", _("A roster has at most %(max)d rows.") % {"max": MAX_ROWS})
            )
            break
        cells: dict[str, object] = {}
        for index, value in enumerate(values):
            name = names[index] if index < len(names) else ""
            if name in KNOWN_COLUMNS and name not in cells:
                cells[name] = value
            elif not name and value:
                sheet.errors.append(
                    RowError(number, "", _("A value stands in a column without a header."))
                )
        sheet.rows.append(SheetRow(number, cells))
    if not sheet.rows and not sheet.errors:
        sheet.errors.append(RowError(FILE_ROW, "", _("The file has no rows under its header.")))
    return sheet


def header_errors(names: Sequence[str]) -> list[RowError]:
    errors = []
    seen: set[str] = set()
    for name in names:
        if not name or name == IGNORED:
            continue
        if name not in KNOWN_COLUMNS:
            message = _("Unknown column: map it to a column of the template, or ignore it.")
            errors.append(RowError(1, name, message))
        elif name in seen:
            errors.append(RowError(1, name, _("This column appears twice.")))
        seen.add(name)
    errors.extend(
        RowError(1, name, _("This required column is missing."))
        for name in REQUIRED_COLUMNS
        if name not in seen
    )
    return errors
