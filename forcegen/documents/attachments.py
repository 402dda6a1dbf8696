"""What a document's attachments may be: the core upload rule, declared for the register."""

from django.core.files import File
from django.utils.translation import gettext_lazy as _

from forcegen.core.uploads import DOCX, MB, PDF, UploadRule

ATTACHMENT = UploadRule(
    types=(PDF, DOCX),
    max_bytes=20 * MB,
    wrong_type=_("%(name)s: only PDF or DOCX files are accepted."),
)


def validate_attachment(upload: File) -> None:  # type: ignore[type-arg]
    ATTACHMENT.check(upload)
