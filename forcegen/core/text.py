"""What text the product takes in and writes out: no control characters.

A control character in a name breaks every export that contains it (XLSX cannot hold one) and
hides text from the people reading it, so input refuses it, in the UI and the API alike (model
field validation, which forms and services both run), and writers drop any already stored.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every C0 control character and DEL; multi-line text keeps tab, line feed and carriage return.
SINGLE_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MULTI_LINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

REFUSED = _("Remove the control character (invisible character, code %(code)s) from this text.")


def _refuse(pattern: re.Pattern[str], value: object) -> None:
    found = pattern.search(value) if isinstance(value, str) else None
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValidationError(REFUSED, code="control_character", params={"code": code})


def validate_single_line(value: object) -> None:
    """For names, codes and numbers: no control character at all."""
    _refuse(SINGLE_LINE_CONTROL, value)


def validate_multi_line(value: object) -> None:
    """For notes and remarks: tab and line breaks are allowed, other control characters not."""
    _refuse(MULTI_LINE_CONTROL, value)


def without_control_characters(value: str) -> str:
    """What a writer puts out for text stored before input refused control characters."""
    return MULTI_LINE_CONTROL.sub("", value)
