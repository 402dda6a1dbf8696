"""Turning model validation errors into messages that name the file row and the field."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def row_errors(row: int, exc: ValidationError) -> list[str]:
    """One "row N, field: message" line per invalid field of the record read from row N."""
    return [
        _("row %(row)d, %(field)s: %(message)s")
        % {"row": row, "field": field, "message": " ".join(messages)}
        for field, messages in exc.message_dict.items()
    ]
