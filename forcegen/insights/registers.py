"""The insights registers, each declared once for its page and its export (and the API where
it has one): the imported UN files, the UN ranking and a contributor's trend."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, pgettext_lazy
from ninja import Field, Schema
from pydantic import AfterValidator

from forcegen.core.registers import Column, Label, Register, choice_label

from .forms import parse_country, parse_month
from .models import UNDataFile
from .reports import RankLine


class FileFilters(Schema):
    format: Annotated[UNDataFile.Format | None, Label(gettext_lazy("Format"))] = None


def _imported(file: UNDataFile) -> str:
    when = f"{file.imported_at:%Y-%m-%d %H:%M}"
    return f"{when} · {file.imported_by}" if file.imported_by else when


FILES: Register[UNDataFile, FileFilters] = Register(
    name="un-files",
    filters=FileFilters,
    empty=gettext_lazy("No UN file has been imported yet."),
    columns=(
        Column("name", gettext_lazy("File"), "name"),
        Column(
            "format", gettext_lazy("Format"), "format", display=lambda f: choice_label(f, "format")
        ),
        Column("rows", gettext_lazy("Rows"), "rows"),
        Column("figures", gettext_lazy("Figures"), "figures"),
        Column(
            "first_month",
            gettext_lazy("Months"),
            "first_month",
            display=lambda f: f"{f.first_month:%Y-%m} – {f.last_month:%Y-%m}",
        ),
        Column("last_month", "", "last_month", page=False),
        Column("imported_at", gettext_lazy("Imported"), "imported_at", display=_imported),
        Column("imported_by", "", lambda f: str(f.imported_by or ""), page=False),
        Column(
            "sha256",
            gettext_lazy("SHA-256"),
            "sha256",
            display=lambda f: format_html("<code>{}…</code>", f.sha256[:12]),
        ),
    ),
)


# --- The UN ranking and a contributor's trend, computed from the UN's figures ---------------------
# Their export keys are the UN's own column names, as in its published files: users' spreadsheets
# read them.


def _month(value: str) -> str:
    """A month as YYYY-MM, or a message a person can act on (pydantic reports a ValueError)."""
    if value:
        try:
            parse_month(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc
    return value


def _country(value: str) -> str:
    try:
        return parse_country(value) if value.strip() else ""
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc


def _countries(value: str) -> str:
    for code in value.split(","):
        _country(code)
    return value


MonthText = Annotated[str, AfterValidator(_month)]


class RankingFilters(Schema):
    month: Annotated[MonthText, Label(gettext_lazy("Month"))] = Field(
        "", max_length=7, description="YYYY-MM; empty: the latest month with UN figures."
    )

    def month_end(self) -> datetime.date | None:
        return parse_month(self.month) if self.month else None


def _contributor(line: RankLine) -> SafeString:
    return format_html(
        '<a href="{}?country={}" data-iso3="{}">{}</a> <span class="muted">{}</span>',
        reverse("insights:country"),
        line.iso3,
        line.iso3,
        line.country,
        line.iso3,
    )


def _published_rank(line: RankLine) -> Any:
    """The published rank, marked where it differs from the one computed here."""
    if line.published_rank is None:
        return None
    if line.differs:
        return format_html('<span class="bad">{}</span>', line.published_rank)
    return line.published_rank


RANKING: Register[RankLine, RankingFilters] = Register(
    name="un-ranking",
    filters=RankingFilters,
    empty=gettext_lazy("No contributor has UN figures for this month."),
    columns=(
        Column("Rank", pgettext_lazy("position in a ranking", "Rank"), "rank"),
        Column("ISOCode3", "", "iso3", page=False),
        Column(
            "Contributing_Country", gettext_lazy("Contributor"), "country", display=_contributor
        ),
        Column("Female", gettext_lazy("Women"), "female"),
        Column("Male", gettext_lazy("Men"), "male"),
        Column("Total", gettext_lazy("Total"), "total"),
        Column(
            "published_rank",
            gettext_lazy("Published rank"),
            "published_rank",
            display=_published_rank,
            export=False,
        ),
    ),
)


class TrendFilters(Schema):
    country: Annotated[
        Annotated[str, AfterValidator(_country)], Label(gettext_lazy("Contributor (ISO code)"))
    ] = Field("", max_length=3, description="ISO 3166 alpha-3; empty: the user's own country.")
    start: Annotated[MonthText, Label(gettext_lazy("From"))] = Field(
        "", max_length=7, description="YYYY-MM; empty: five years before the end."
    )
    end: Annotated[MonthText, Label(gettext_lazy("To"))] = Field(
        "", max_length=7, description="YYYY-MM; empty: the latest month with monthly figures."
    )
    peers: Annotated[
        Annotated[str, AfterValidator(_countries)],
        Label(
            gettext_lazy("Peers (ISO codes)"),
            help=gettext_lazy(
                "Separated by commas, e.g. IDN, MYS, THA. Empty: the ASEAN contributors."
            ),
        ),
    ] = Field("", max_length=200)

    def peer_codes(self) -> list[str]:
        return [_country(code) for code in self.peers.split(",") if code.strip()]


@dataclass(frozen=True)
class TrendRow:
    """A contributor's uniformed personnel at one month's end."""

    month: datetime.date
    iso3: str
    female: int
    male: int
    total: int


TREND: Register[TrendRow, TrendFilters] = Register(
    name="un-trend",
    filters=TrendFilters,
    empty=gettext_lazy("No UN figures for this contributor in this period."),
    columns=(
        Column("Month", gettext_lazy("Month"), "month", display=lambda row: f"{row.month:%Y-%m}"),
        Column("ISOCode3", "", "iso3", page=False),
        Column("Female", gettext_lazy("Women"), "female"),
        Column("Male", gettext_lazy("Men"), "male"),
        Column("Total", gettext_lazy("Total"), "total"),
    ),
)
