"""Validation every forcegen model gets on its fields, so that a form, the API, an import and a
command refuse the same input in one place (model validation, which all of them run).

- text: no control characters (tab and line breaks only in multi-line text);
- dates: within FIRST_DAY–LAST_DAY (a year 1 or 9999 is a typo, and date arithmetic on it fails).

Added to each field's validator list, not its `validators=` argument, so migrations do not change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .params import FIRST_DAY, LAST_DAY
from .text import validate_multi_line, validate_single_line


def validate_day(value: object) -> None:
    if isinstance(value, datetime.date) and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": date_format(FIRST_DAY), "last": date_format(LAST_DAY)},
        )


def _validator_for(field: object) -> Callable[[object], None] | None:
    if isinstance(field, models.TextField):
        return validate_multi_line
    if isinstance(field, models.CharField):
        return validate_single_line
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return validate_day
    return None


def guard_fields(model: type[models.Model]) -> None:
    for field in model._meta.get_fields():
        validator = _validator_for(field)
        if validator is not None and validator not in field.validators:  # type: ignore[union-attr]
            field.validators.append(validator)  # type: ignore[union-attr]


def guard_forcegen_models() -> None:
    """Every model of every forcegen app, so a new app's fields are guarded too."""
    for config in apps.get_app_configs():
        if config.name.startswith("forcegen."):
            for model in config.get_models():
                guard_fields(model)
