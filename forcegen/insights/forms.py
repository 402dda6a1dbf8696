"""The insights pages' choices: a month, a contributor, a period, peers; and the file upload."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forcegen.core.dates import month_end

MONTH_INPUT = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
FIRST_YEAR, LAST_YEAR = 1948, 2100  # UN peacekeeping began in 1948


def parse_month(value: str) -> datetime.date:
    """`YYYY-MM` as the month's last day; a clear error for anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match or not (FIRST_YEAR <= int(match[1]) <= LAST_YEAR) or not 1 <= int(match[2]) <= 12:
        raise ValidationError(
            _("Give the month as YYYY-MM between %(first)d and %(last)d, e.g. 2022-01.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return month_end(datetime.date(int(match[1]), int(match[2]), 1))


def parse_country(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValidationError(_("Give the contributor as a three-letter code, e.g. VNM."))
    return code


class MonthField(forms.CharField):
    widget = MONTH_INPUT

    def clean(self, value: str | None) -> datetime.date | None:  # type: ignore[override]
        text = super().clean(value)
        return parse_month(text) if text else None


class CountryField(forms.CharField):
    def clean(self, value: str | None) -> str:
        text = super().clean(value)
        return parse_country(text) if text else ""


class RankingForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class ParityForm(forms.Form):
    country = CountryField(label=_("Contributor (ISO code)"), max_length=3, required=False)
    month = MonthField(label=_("Month"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("UN file (CSV)"),
        help_text=_(
            "The monthly contributions by sex, the monthly ranking, or the IPI wide file; the "
            "format is recognised from the header."
        ),
    )
