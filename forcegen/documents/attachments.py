"""Checks on a document's attachments: PDF or DOCX, under the size limit, really of that type."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# The first bytes of each accepted type: a renamed executable is refused, not just a wrong suffix.
SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}


def validate_attachment(upload: File) -> None:  # type: ignore[type-arg]
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in SIGNATURES:
        raise ValidationError(
            _("%(name)s: only PDF or DOCX files are accepted.") % {"name": upload.name}
        )
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = bytes(upload.read(len(SIGNATURES[suffix])))
    upload.seek(position)
    if head != SIGNATURES[suffix]:
        raise ValidationError(
            _("%(name)s is not really a %(type)s file.") % {"name": upload.name, "type": suffix[1:]}
        )
