"""Checks on uploaded files (credential documents, rosters): size, extension and real type."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

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


def validate_document(upload: File) -> None:  # type: ignore[type-arg]
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
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise ValidationError(
            _("%(name)s is not really a %(type)s file.") % {"name": upload.name, "type": suffix[1:]}
        )


ROSTER_SUFFIXES = (".csv", ".xlsx")
MAX_ROSTER_BYTES = 20 * 1024 * 1024  # a 10,000-row XLSX roster is about 1 MB
XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX workbook is a zip archive


def validate_roster_file(upload: File) -> None:  # type: ignore[type-arg]
    """Only .csv or .xlsx rosters under the size limit; a renamed other file is refused."""
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
