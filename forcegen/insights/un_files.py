"""Readers for the UN's published peacekeeping files, and their all-or-nothing import.

Three formats, told apart by their header:
- the monthly contributions by sex (`Contributing_Country, ISOCode3, Mission_Acronym,
  Personnel_Type, Female_Personnel, Male_Personnel, Last_Reporting_Date`, or the data hub's
  lower-case variant with a `contribution_id`);
- the monthly ranking of contributors (BOM, CRLF, `dd-Mon-yy`, tied ranks);
- the IPI wide file (one row per country × mission × month, male/female/total per type).
A file's figures replace those of the months it covers; only non-zero figures are stored.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from forcegen.accounts.models import User
from forcegen.core.dates import month_end
from forcegen.deployments.models import PersonnelType

from .models import PublishedRank, UNContribution, UNDataFile

Progress = Callable[[int, int], None]
MAX_PROBLEMS = 50  # a file wrong on every line is refused with the first problems, not all
BATCH = 5000

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%b-%y", "%d-%b-%Y", "%d/%m/%y", "%d.%m.%Y", "%Y/%m/%d")

# Every spelling of a personnel type seen in UN files, old names included, lower case.
PERSONNEL_TYPES = {
    "troops": PersonnelType.TROOPS,
    "troop": PersonnelType.TROOPS,
    "contingent troop": PersonnelType.TROOPS,
    "contingent troops": PersonnelType.TROOPS,
    "staff officer": PersonnelType.STAFF_OFFICER,
    "staff officers": PersonnelType.STAFF_OFFICER,
    "experts on mission": PersonnelType.EXPERT_ON_MISSION,
    "expert on mission": PersonnelType.EXPERT_ON_MISSION,
    "military experts on mission": PersonnelType.EXPERT_ON_MISSION,
    "un military experts on mission": PersonnelType.EXPERT_ON_MISSION,
    "military observers": PersonnelType.EXPERT_ON_MISSION,
    "formed police units": PersonnelType.FORMED_POLICE,
    "formed police unit": PersonnelType.FORMED_POLICE,
    "individual police": PersonnelType.INDIVIDUAL_POLICE,
}

MONTHLY_COLUMNS = (
    "isocode3",
    "contributing_country",
    "mission_acronym",
    "personnel_type",
    "female_personnel",
    "male_personnel",
    "last_reporting_date",
)
RANKING_COLUMNS = (
    "isocode3",
    "contributing_country",
    "personnel_contribution_rank",
    "female_personnel",
    "male_personnel",
    "total_uniformed_personnel",
    "last_reporting_date",
)
IPI_TYPES = {
    "individual_police": PersonnelType.INDIVIDUAL_POLICE,
    "formed_police_units": PersonnelType.FORMED_POLICE,
    "experts_on_mission": PersonnelType.EXPERT_ON_MISSION,
    "troops": PersonnelType.TROOPS,
}
IPI_COLUMNS = (
    "date",
    "contributor",
    "contributor_iso_3",
    "mission",
    *(f"{kind}_{sex}" for kind in (*IPI_TYPES, "total") for sex in ("male", "female", "total")),
)


class Figure(NamedTuple):
    """A tuple, not a dataclass: a 20-year file makes 1.3 million of them, and the fields are
    in the table's column order so a figure is written as it is."""

    month: datetime.date
    iso3: str
    country: str
    mission: str
    personnel_type: str
    sex: str
    people: int  # the table's `count` (a tuple has its own count())


@dataclass(frozen=True)
class RankRow:
    month: datetime.date
    iso3: str
    country: str
    rank: int
    female: int
    male: int
    total: int


@dataclass
class Parsed:
    format: str
    rows: int = 0
    figures: list[Figure] = field(default_factory=list)
    ranks: list[RankRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    months: set[datetime.date] = field(default_factory=set)  # zero rows count: they cover a month


@dataclass(frozen=True)
class ImportResult:
    file: UNDataFile
    created: bool


def normalise_header(name: str) -> str:
    """`Female_Personnel`, `female_personnel` and ` Contributor ISO-3` all compare equal."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def detect_format(header: Sequence[str]) -> str:
    names = set(header)
    for fmt, columns in (
        (UNDataFile.Format.RANKING, RANKING_COLUMNS),
        (UNDataFile.Format.MONTHLY_BY_SEX, MONTHLY_COLUMNS),
        (UNDataFile.Format.IPI_WIDE, IPI_COLUMNS),
    ):
        if names >= set(columns):
            return fmt
    raise ValidationError(
        _(
            "This is not a UN file we can read: its header matches none of the monthly "
            "contributions by sex, the monthly ranking or the IPI wide file."
        )
    )


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text (byte %(position)d).") % {"position": exc.start}
        ) from exc


def records(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The normalised header, and each non-blank row as (line number, {column: stripped value})."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [normalise_header(name) for name in next(reader, [])]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for values in reader:
            if "".join(values).strip():
                yield reader.line_num, {k: v.strip() for k, v in zip(header, values, strict=False)}

    return header, rows()


@lru_cache(maxsize=1024)
def _personnel_type(value: str) -> PersonnelType | None:
    return PERSONNEL_TYPES.get(" ".join(value.lower().split()))


@lru_cache(maxsize=1024)
def _iso3_ok(value: str) -> bool:
    return re.fullmatch(r"[A-Z]{3}", value) is not None


@lru_cache(maxsize=4096)
def month_of(value: str) -> datetime.date | None:
    """The month's end of a date in any of the UN's forms; a file repeats a few dates a million
    times, so each is parsed once."""
    for fmt in DATE_FORMATS:
        try:
            return month_end(datetime.datetime.strptime(value, fmt).date())
        except ValueError:
            continue
    return None


class RowReader:
    """Reads typed values from one row, noting each problem with its row and column."""

    def __init__(self, parsed: Parsed, line: int, row: dict[str, str], header: dict[str, str]):
        self.parsed, self.line, self.row, self.header = parsed, line, row, header

    def problem(self, column: str, message: str) -> None:
        self.parsed.problems.append(
            _("Row %(row)d, column %(column)s: %(message)s")
            % {"row": self.line, "column": self.header.get(column, column), "message": message}
        )

    def text(self, column: str) -> str:
        value = self.row.get(column, "")
        if not value:
            self.problem(column, _("a value is required."))
        return value

    def count(self, column: str) -> int:
        value = self.row.get(column, "")
        if not value:
            return 0  # the UN leaves zero counts blank in some releases
        if not value.isdigit():
            self.problem(column, _("“%(value)s” is not a whole number.") % {"value": value})
            return 0
        return int(value)

    def month(self, column: str) -> datetime.date:
        value = self.row.get(column, "")
        found = month_of(value)
        if found is None:
            self.problem(
                column, _("“%(value)s” is not a date (e.g. 30/11/2020).") % {"value": value}
            )
            return datetime.date(1900, 1, 31)
        return found

    def iso3(self, column: str) -> str:
        value = self.row.get(column, "").upper()
        if not _iso3_ok(value):
            self.problem(
                column, _("“%(value)s” is not a three-letter country code.") % {"value": value}
            )
        return value

    def personnel_type(self, column: str) -> str:
        value = self.row.get(column, "")
        found = _personnel_type(value)
        if found is None:
            self.problem(column, _("“%(value)s” is not a UN personnel type.") % {"value": value})
            return ""
        return found.value

    def check_total(self, female: int, male: int, column: str) -> None:
        total = self.count(column)
        if female + male != total:
            self.problem(
                column,
                _("women %(female)d + men %(male)d = %(sum)d, but the file says %(total)d.")
                % {"female": female, "male": male, "sum": female + male, "total": total},
            )


def parse(text: str) -> Parsed:
    header, rows = records(text)
    fmt = detect_format(header)
    parsed = Parsed(format=fmt)
    raw_names = dict(
        zip(header, next(csv.reader(io.StringIO(text.lstrip("\ufeff")))), strict=False)
    )
    read_row = {
        UNDataFile.Format.MONTHLY_BY_SEX: _monthly_row,
        UNDataFile.Format.RANKING: _ranking_row,
        UNDataFile.Format.IPI_WIDE: _ipi_row,
    }[UNDataFile.Format(fmt)]
    for line, row in rows:
        parsed.rows += 1
        read_row(parsed, RowReader(parsed, line, row, raw_names))
        if len(parsed.problems) >= MAX_PROBLEMS:
            break
    if not parsed.problems:
        _refuse_repeats(parsed)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(_("The file has a header but no rows."))
    return parsed


def _monthly_row(parsed: Parsed, r: RowReader) -> None:
    month, iso3 = r.month("last_reporting_date"), r.iso3("isocode3")
    parsed.months.add(month)
    country, mission = r.text("contributing_country"), r.text("mission_acronym").upper()
    kind = r.personnel_type("personnel_type")
    female, male = r.count("female_personnel"), r.count("male_personnel")
    if "total_personnel" in r.row:
        r.check_total(female, male, "total_personnel")
    for sex, count in ((UNContribution.Sex.FEMALE, female), (UNContribution.Sex.MALE, male)):
        if count:
            parsed.figures.append(Figure(month, iso3, country, mission, kind, sex, count))


def _ranking_row(parsed: Parsed, r: RowReader) -> None:
    female, male = r.count("female_personnel"), r.count("male_personnel")
    r.check_total(female, male, "total_uniformed_personnel")
    rank = r.count("personnel_contribution_rank")
    if rank < 1:
        r.problem("personnel_contribution_rank", _("a rank starts at 1."))
    month = r.month("last_reporting_date")
    parsed.months.add(month)
    parsed.ranks.append(
        RankRow(
            month,
            r.iso3("isocode3"),
            r.text("contributing_country"),
            rank,
            female,
            male,
            female + male,
        )
    )


def _ipi_row(parsed: Parsed, r: RowReader) -> None:
    month, iso3 = r.month("date"), r.iso3("contributor_iso_3")
    parsed.months.add(month)
    country, mission = r.text("contributor"), r.text("mission").upper()
    sums = {"male": 0, "female": 0}
    for column, kind in IPI_TYPES.items():
        female, male = r.count(f"{column}_female"), r.count(f"{column}_male")
        r.check_total(female, male, f"{column}_total")
        sums["female"] += female
        sums["male"] += male
        for sex, count in ((UNContribution.Sex.FEMALE, female), (UNContribution.Sex.MALE, male)):
            if count:
                parsed.figures.append(Figure(month, iso3, country, mission, kind, sex, count))
    totals = {name: r.count(f"total_{name}") for name in sums}
    for name, total in totals.items():
        if total != sums[name]:
            r.problem(
                f"total_{name}",
                _("the types add up to %(sum)d, but the file says %(total)d.")
                % {"sum": sums[name], "total": total},
            )
    r.check_total(totals["female"], totals["male"], "total_total")


def _refuse_repeats(parsed: Parsed) -> None:
    keys = {(f.month, f.iso3, f.mission, f.personnel_type, f.sex) for f in parsed.figures}
    if len(keys) != len(parsed.figures):
        _name_first_repeat(parsed)
    if len({(r.month, r.iso3) for r in parsed.ranks}) != len(parsed.ranks):
        parsed.problems.append(_("A contributor appears more than once in the ranking."))


def _name_first_repeat(parsed: Parsed) -> None:
    seen: set[tuple[object, ...]] = set()
    for figure in parsed.figures:
        key = (figure.month, figure.iso3, figure.mission, figure.personnel_type, figure.sex)
        if key in seen:
            parsed.problems.append(
                _("%(country)s, %(mission)s, %(type)s, %(month)s appears more than once.")
                % {
                    "country": figure.iso3,
                    "mission": figure.mission,
                    "type": figure.personnel_type,
                    "month": f"{figure.month:%Y-%m}",
                }
            )
            return
        seen.add(key)


def import_un_file(
    *, name: str, data: bytes, user: User | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import one UN file, all or nothing. The same file again changes nothing; a file with any
    bad row is refused with every problem (row and column) and nothing is stored."""
    digest = hashlib.sha256(data).hexdigest()
    existing = UNDataFile.objects.filter(sha256=digest).first()
    if existing is not None:
        return ImportResult(existing, created=False)
    parsed = parse(decode(data))
    if parsed.problems:
        raise ValidationError(parsed.problems)
    if progress:
        progress(0, parsed.rows)  # checked: storing is what remains
    months = sorted(parsed.months)
    with transaction.atomic():
        source = UNDataFile.objects.create(
            name=name[:255],
            sha256=digest,
            format=parsed.format,
            rows=parsed.rows,
            figures=len(parsed.figures) + len(parsed.ranks),
            first_month=months[0],
            last_month=months[-1],
            imported_by=user,
        )
        if parsed.ranks:
            PublishedRank.objects.filter(month__in=months).delete()
            PublishedRank.objects.bulk_create(
                PublishedRank(source=source, **vars(row)) for row in parsed.ranks
            )
        else:
            UNContribution.objects.filter(month__in=months).delete()
            _insert_figures(parsed.figures, source.pk)
    return ImportResult(source, created=True)


FIGURE_COLUMNS = (*Figure._fields[:-1], "count", "source_id")


def _insert_figures(figures: list[Figure], source_id: int) -> None:
    """A 20-year file has ~1.3 million figures: PostgreSQL takes them by COPY, SQLite by plain
    executemany (the ORM's bulk_create would send batches of a hundred on SQLite)."""
    table = connection.ops.quote_name(UNContribution._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in FIGURE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for figure in figures:
                    copy.write_row((*figure, source_id))
            return
        placeholders = ", ".join(["%s"] * len(FIGURE_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(figures), BATCH):
            cursor.executemany(sql, [(*f, source_id) for f in figures[start : start + BATCH]])
