"""Checks on every uploaded file: one answer to "may this file be taken in?".

A rule names the file types a field takes and its size limit; `UploadRule.check` refuses, with a
message naming the file, a name that is too long or holds a control character or a path, a
type the rule does not take, a file over the limit, and a file that only carries the suffix: a
PDF must parse as a PDF, an XLSX must open as a workbook, a DOCX must be a Word document, a CSV
must be text. Apps declare their rules (documents' attachments, credential documents, rosters,
inventory imports) and call them from their field validators and services.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .text import SINGLE_LINE_CONTROL

MB = 1024 * 1024
MAX_NAME_LENGTH = 100  # what the file fields store
NOT_REALLY = gettext_lazy("%(name)s is not really a %(type)s file.")

Upload = File[Any]


# --- Reading without moving the file's position --------------------------------------------------


def _read_at(upload: Upload, offset: int, count: int | None = None) -> bytes:
    """`count` bytes (all with None) from `offset`, leaving the read position where it was."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(max(offset, 0))
    data = upload.read() if count is None else upload.read(count)
    upload.seek(position)
    return bytes(data)


def _size(upload: Upload) -> int:
    return upload.size if upload.size is not None else len(_read_at(upload, 0))


# --- What each type really is --------------------------------------------------------------------

PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d[\r\n]")
# A PDF ends with `startxref`, the offset of its cross-reference section, and `%%EOF`.
PDF_TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
PDF_XREF = re.compile(rb"^(xref|\d+\s+\d+\s+obj)")


def is_pdf(upload: Upload) -> bool:
    """The header, then a trailer whose offset points at the cross-reference section: a file
    that only starts with `%PDF-` (HTML behind it) is not a PDF."""
    if not PDF_HEADER.match(_read_at(upload, 0, 16)):
        return False
    size = _size(upload)
    trailer = PDF_TRAILER.search(_read_at(upload, size - 1024, 1024))
    if trailer is None or int(trailer.group(1)) >= size:
        return False
    return PDF_XREF.match(_read_at(upload, int(trailer.group(1)), 32).lstrip()) is not None


def _zip_holding(member: str) -> Callable[[Upload], bool]:
    """An Office file is a zip archive with its main part inside (a renamed zip is not one)."""

    def genuine(upload: Upload) -> bool:
        try:
            with zipfile.ZipFile(io.BytesIO(_read_at(upload, 0))) as archive:
                return member in archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return False

    return genuine


def is_xlsx(upload: Upload) -> bool:
    """Opens as a workbook with at least one sheet."""
    if not _zip_holding("xl/workbook.xml")(upload):
        return False
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(_read_at(upload, 0)), read_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        return False
    sheets = len(workbook.sheetnames)
    workbook.close()
    return sheets > 0


def is_text(upload: Upload) -> bool:
    """A CSV is text: no NUL byte (UTF-16 or a binary file has them) in its first 64 kB."""
    return b"\x00" not in _read_at(upload, 0, 64 * 1024)


def _starts_with(signature: bytes) -> Callable[[Upload], bool]:
    return lambda upload: _read_at(upload, 0, len(signature)) == signature


@dataclass(frozen=True)
class FileType:
    """A type a rule may take: its suffixes, the test of its content, and the refusal."""

    name: str
    suffixes: tuple[str, ...]
    genuine: Callable[[Upload], bool]
    refusal: str | Promise = NOT_REALLY


PDF = FileType("pdf", (".pdf",), is_pdf)
PNG = FileType("png", (".png",), _starts_with(b"\x89PNG\r\n\x1a\n"))
JPEG = FileType("jpg", (".jpg", ".jpeg"), _starts_with(b"\xff\xd8\xff"))
DOCX = FileType("docx", (".docx",), _zip_holding("word/document.xml"))
XLSX = FileType(
    "xlsx", (".xlsx",), is_xlsx, gettext_lazy("%(name)s is not really an XLSX workbook.")
)
CSV = FileType("csv", (".csv",), is_text)


# --- Rules ---------------------------------------------------------------------------------------


def suffix(name: str) -> str:
    """ ".pdf" for "Scan.PDF"; "" without one."""
    lowered = name.lower()
    return lowered[lowered.rfind(".") :] if "." in lowered else ""


@dataclass(frozen=True)
class UploadRule:
    """What one kind of upload may be: `wrong_type` (with %(name)s) says which types it takes."""

    types: tuple[FileType, ...]
    max_bytes: int
    wrong_type: str | Promise
    max_name_length: int = MAX_NAME_LENGTH

    def file_type(self, name: str) -> FileType | None:
        return next((t for t in self.types if suffix(name) in t.suffixes), None)

    def check(self, upload: Upload) -> None:
        """Refuse the file with one message a person can act on, or return."""
        name = os.path.basename(upload.name or "")  # a stored file's name holds its folder
        check_name(name, self.max_name_length)
        file_type = self.file_type(name)
        if file_type is None:
            raise ValidationError(str(self.wrong_type) % {"name": name})
        if _size(upload) > self.max_bytes:
            raise ValidationError(
                _("%(name)s is larger than %(limit)d MB.")
                % {"name": name, "limit": self.max_bytes // MB}
            )
        if not file_type.genuine(upload):
            raise ValidationError(str(file_type.refusal) % {"name": name, "type": file_type.name})


def check_name(name: str, max_length: int = MAX_NAME_LENGTH) -> None:
    """A name that fits the field, on one line, without a folder."""
    if not name.strip():
        raise ValidationError(_("The file has no name."))
    if len(name) > max_length:
        raise ValidationError(
            _("Rename the file to at most %(limit)d characters.") % {"limit": max_length}
        )
    found = SINGLE_LINE_CONTROL.search(name)
    if found:
        raise ValidationError(
            _("Rename the file: its name holds a control character (code %(code)s).")
            % {"code": f"U+{ord(found.group()):04X}"}
        )
    if "/" in name or "\\" in name:
        raise ValidationError(_("Rename the file: its name holds a folder separator."))
