"""Checks on uploaded files (credential documents, rosters): size, name, extension, real type."""

import re

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 100  # what the file fields store

# The first bytes of each accepted type: a renamed executable is refused, not just a wrong suffix.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def _first_bytes(upload: File, count: int) -> bytes:  # type: ignore[type-arg]
    """The file's first bytes, leaving its read position where it was."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(count)
    upload.seek(position)
    return bytes(head)


def _file_tail(upload: File, count: int) -> bytes:  # type: ignore[type-arg]
    position = upload.tell() if hasattr(upload, "tell") else 0
    size = upload.size or 0
    upload.seek(max(size - count, 0))
    tail = upload.read(count)
    upload.seek(position)
    return bytes(tail)


PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d[\r\n]")
# A PDF ends with `startxref`, the offset of its cross-reference section, and `%%EOF`.
PDF_TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
PDF_XREF = re.compile(rb"^(xref|\d+\s+\d+\s+obj)")


def is_pdf(upload: File) -> bool:  # type: ignore[type-arg]
    """Whether the file parses as a PDF: the header, then a trailer whose offset points at the
    cross-reference section. A file that only starts with `%PDF-` (HTML behind it) does not."""
    if not PDF_HEADER.match(_first_bytes(upload, 16)):
        return False
    trailer = PDF_TRAILER.search(_file_tail(upload, 1024))
    if trailer is None or int(trailer.group(1)) >= (upload.size or 0):
        return False
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(int(trailer.group(1)))
    xref = upload.read(32)
    upload.seek(position)
    return PDF_XREF.match(bytes(xref).lstrip()) is not None


def validate_document(upload: File) -> None:  # type: ignore[type-arg]
    if len(upload.name or "") > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Rename the file to at most %(limit)d characters.") % {"limit": MAX_NAME_LENGTH}
        )
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in SIGNATURES:
        raise ValidationError(
            _("%(name)s: only PDF, PNG or JPEG documents are accepted.") % {"name": upload.name}
        )
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": MAX_DOCUMENT_BYTES // (1024 * 1024)}
        )
    head = _first_bytes(upload, 8)
    genuine = any(head.startswith(signature) for signature in SIGNATURES[suffix])
    if not genuine or (suffix == ".pdf" and not is_pdf(upload)):
        raise ValidationError(
            _("%(name)s is not really a %(type)s file.") % {"name": upload.name, "type": suffix[1:]}
        )


ROSTER_SUFFIXES = (".csv", ".xlsx")
MAX_ROSTER_BYTES = 20 * 1024 * 1024  # a 10,000-row XLSX roster is about 1 MB
XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX workbook is a zip archive


def validate_roster_file(upload: File) -> None:  # type: ignore[type-arg]
    """Only .csv or .xlsx rosters under the size limit; a renamed other file is refused."""
    if len(upload.name or "") > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Rename the file to at most %(limit)d characters.") % {"limit": MAX_NAME_LENGTH}
        )
    name = (upload.name or "").lower()
    if not name.endswith(ROSTER_SUFFIXES):
        raise ValidationError(_("Only .csv and .xlsx rosters can be imported."))
    if upload.size is not None and upload.size > MAX_ROSTER_BYTES:
        raise ValidationError(
            _("The roster is larger than %(limit)d MB.")
            % {"limit": MAX_ROSTER_BYTES // (1024 * 1024)}
        )
    if name.endswith(".xlsx") and _first_bytes(upload, len(XLSX_SIGNATURE)) != XLSX_SIGNATURE:
        raise ValidationError(_("This file is not really an XLSX workbook."))
