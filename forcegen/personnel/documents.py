"""What credential documents and rosters may be: the core upload rules, declared for personnel."""

from django.core.files import File
from django.utils.translation import gettext_lazy as _

from forcegen.core.uploads import CSV, JPEG, MB, PDF, PNG, XLSX, UploadRule

DOCUMENT = UploadRule(
    types=(PDF, PNG, JPEG),
    max_bytes=10 * MB,
    wrong_type=_("%(name)s: only PDF, PNG or JPEG documents are accepted."),
)
# A 10,000-row XLSX roster is about 1 MB.
ROSTER = UploadRule(
    types=(CSV, XLSX),
    max_bytes=20 * MB,
    wrong_type=_("Only .csv and .xlsx rosters can be imported."),
)


def validate_document(upload: File) -> None:  # type: ignore[type-arg]
    DOCUMENT.check(upload)


def validate_roster_file(upload: File) -> None:  # type: ignore[type-arg]
    ROSTER.check(upload)
