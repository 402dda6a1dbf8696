"""Checks on uploaded credential documents: size, extension and the file's real type."""

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
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise ValidationError(
            _("%(name)s is not really a %(type)s file.") % {"name": upload.name, "type": suffix[1:]}
        )
