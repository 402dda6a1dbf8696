"""What an agreement's signed copy may be: the core upload rule, declared for the register."""

from django.core.files import File
from django.utils.translation import gettext_lazy as _

from forcegen.core.uploads import JPEG, MB, PDF, PNG, UploadRule

SIGNED_COPY = UploadRule(
    types=(PDF, PNG, JPEG),
    max_bytes=20 * MB,
    wrong_type=_("%(name)s: a signed copy is a PDF, PNG or JPEG scan."),
)


def validate_signed_copy(upload: File) -> None:  # type: ignore[type-arg]
    SIGNED_COPY.check(upload)
