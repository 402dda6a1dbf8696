"""The roster's columns: what each one holds, how a header written by hand finds its column, and
the template offered for download.

A header matches its column by the column's code or by its label in any language of the interface,
ignoring case, accents' encoding, spaces and punctuation ("Full Name (Native)", "Ngày sinh",
"date-of-birth"). A header that matches nothing can be mapped to a column, or ignored, by the
organisation's own choice (RosterColumnMapping), remembered for its next rosters.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forcegen.core.exports import append_row


@dataclass(frozen=True)
class Column:
    name: str
    label: str | Promise
    required: bool
    help: str | Promise
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "service_number",
        gettext_lazy("Service number"),
        True,
        gettext_lazy("Unique in your organisation."),
        "VN-2024-0153",
    ),
    Column(
        "full_name",
        gettext_lazy("Full name (Latin letters)"),
        True,
        gettext_lazy("Name in Latin letters."),
        "Nguyen Thi Lan",
    ),
    Column(
        "full_name_native",
        gettext_lazy("Full name (native script)"),
        False,
        gettext_lazy("Name in the native script."),
        "Nguyễn Thị Lan",
    ),
    Column(
        "sex",
        gettext_lazy("Sex"),
        True,
        gettext_lazy("F or M (also female/male, nữ/nam, ຍິງ/ຊາຍ)."),
        "F",
    ),
    Column(
        "date_of_birth",
        gettext_lazy("Date of birth"),
        True,
        gettext_lazy("2027-01-31 or 31/01/2027."),
        "14/03/1991",
    ),
    Column(
        "rank",
        gettext_lazy("Rank"),
        True,
        gettext_lazy("Code, English or native name of a rank."),
        "Thiếu tá",
    ),
    Column(
        "specialty",
        gettext_lazy("Specialty"),
        False,
        gettext_lazy("Code or name; several separated by |."),
        "surgeon",
    ),
    Column(
        "unit",
        gettext_lazy("Home unit"),
        False,
        gettext_lazy("Home unit."),
        "Bệnh viện dã chiến cấp 2 số 4",
    ),
    Column(
        "passport_number",
        gettext_lazy("Passport number"),
        False,
        gettext_lazy("With passport_expiry."),
        "C1234567",
    ),
    Column(
        "passport_expiry",
        gettext_lazy("Passport expiry"),
        False,
        gettext_lazy("Date."),
        "2031-06-30",
    ),
    Column(
        "english_level",
        gettext_lazy("English level"),
        False,
        gettext_lazy("A1, A2, B1, B2, C1 or C2."),
        "B2",
    ),
    Column(
        "passport_issued",
        gettext_lazy("Passport issued on"),
        False,
        gettext_lazy("Date (optional)."),
        "2021-07-01",
    ),
    Column(
        "branch", gettext_lazy("Branch / corps"), False, gettext_lazy("Branch or corps."), "Medical"
    ),
    Column(
        "blood_group",
        gettext_lazy("Blood group"),
        False,
        gettext_lazy("A+, A-, B+, B-, AB+, AB-, O+ or O-."),
        "O+",
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        False,
        gettext_lazy("active, reserve or retired."),
        "active",
    ),
    Column("phone", gettext_lazy("Phone"), False, gettext_lazy("Phone number."), "+84 912 345 678"),
    Column(
        "email", gettext_lazy("Email"), False, gettext_lazy("Email address."), "lan.nt@example.vn"
    ),
    Column(
        "next_of_kin",
        gettext_lazy("Next of kin"),
        False,
        gettext_lazy("Name of the next of kin."),
        "Nguyen Van Minh",
    ),
    Column(
        "next_of_kin_phone",
        gettext_lazy("Phone of the next of kin"),
        False,
        gettext_lazy("Phone of the next of kin."),
        "+84 987 654 321",
    ),
    Column(
        "last_mission_return",
        gettext_lazy("Last return from a mission"),
        False,
        gettext_lazy("Date of return from a mission."),
        "",
    ),
)
TEMPLATE_COLUMNS = tuple(c.name for c in COLUMNS[:11])  # the documented template
KNOWN_COLUMNS = frozenset(c.name for c in COLUMNS)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)
COLUMN_ORDER = {c.name: position for position, c in enumerate(COLUMNS)}
BY_NAME = {c.name: c for c in COLUMNS}
HEADER_ALIASES = {"specialties": "specialty", "home_unit": "unit", "e_mail": "email"}
IGNORED = "-"  # a header the organisation chose to ignore: its cells are not read


def normalise_header(value: object) -> str:
    """' Service Number ' -> 'service_number'; 'Full Name (Native)' -> 'full_name_native'.

    Letters, combining marks (Lao vowels, Vietnamese tones) and digits are kept; any other run of
    characters becomes one underscore."""
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in text)
    key = "_".join(kept.split())
    return HEADER_ALIASES.get(key, key)


@functools.cache
def _label_keys() -> dict[str, str]:
    """Every column's label in every interface language, as a normalised header -> column."""
    keys: dict[str, str] = {}
    for language in ("en", "lo", "vi", "fr"):
        with translation.override(language):
            keys.update({normalise_header(str(c.label)): c.name for c in COLUMNS})
    return keys


def column_for(header: object, mapping: dict[str, str]) -> str:
    """The column a header names: the organisation's own mapping first, then codes and labels.
    A header that names nothing comes back normalised (an "unknown column" error)."""
    key = normalise_header(header)
    if key in mapping:
        return mapping[key]
    if key in KNOWN_COLUMNS:
        return key
    return _label_keys().get(key, key)


def template_csv() -> bytes:
    """The header of the documented template, with the BOM Excel needs to read UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(TEMPLATE_COLUMNS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """A 'Roster' sheet with the header (the import reads the first sheet) and a 'Columns' guide."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    roster = workbook.active
    roster.title = "Roster"
    append_row(roster, TEMPLATE_COLUMNS)
    guide = workbook.create_sheet("Columns")
    append_row(guide, [_("Column"), _("Heading"), _("Required"), _("What to write"), _("Example")])
    for column in COLUMNS:
        required = _("yes") if column.required else ""
        append_row(
            guide, [column.name, str(column.label), required, str(column.help), column.example]
        )
    for sheet in (roster, guide):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for letter in ("A", "B", "C", "D", "E"):
            sheet.column_dimensions[letter].width = 24
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
