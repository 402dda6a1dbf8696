"""Roster import, the core: reading messy files, row errors, all-or-nothing commits, re-imports."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from openpyxl import Workbook

from forcegen.personnel.imports import RosterRejected, import_roster, preview_roster
from forcegen.personnel.models import Credential, LanguageLevel, Person, Rank, RosterImport
from forcegen.personnel.roster_columns import normalise_header, template_csv, template_xlsx
from forcegen.personnel.roster_sheet import read_roster, sniff_delimiter
from forcegen.personnel.services import add_credential, load_demo_ranks, save_person

from .conftest import DATA

MESSY = DATA / "roster-messy.csv"
FIXED = DATA / "roster-fixed.csv"


@pytest.fixture
def ranks(orgs):
    load_demo_ranks(orgs["vn"], "VNM")
    load_demo_ranks(orgs["la"], "LAO")


def csv_bytes(*lines, delimiter=","):
    return ("\n".join(delimiter.join(cells) for cells in lines) + "\n").encode()


def xlsx_bytes(*rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(plan):
    return [(e.row, e.column, e.message) for e in plan.errors]


def db_state():
    return (Person.objects.count(), Credential.objects.count(), LogEntry.objects.count())


@pytest.fixture
def noy(orgs, ranks):
    """LA-0002 is already registered, in another unit, with an older English result."""
    person = save_person(
        organisation=orgs["la"],
        service_number="LA-0002",
        full_name="Noy Phommachanh",
        full_name_native="ນ້ອຍ ພົມມະຈັນ",
        sex="F",
        date_of_birth=datetime.date(1994, 11, 2),
        rank=Rank.objects.get(organisation=orgs["la"], code="hoy-ek"),
        home_unit="Engineer company",
    )
    add_credential(person=person, kind=Credential.Kind.LANGUAGE, detail="en", level=1)
    return person


# --- Acceptance: messy roster -> precise errors, nothing stored; fixed -> imported; again -> same


def test_messy_roster_is_rejected_row_by_row_and_nothing_is_stored(orgs, noy):
    before = db_state()
    with pytest.raises(RosterRejected) as caught:
        import_roster(organisation=orgs["la"], content=MESSY.read_bytes(), filename=MESSY.name)

    rejected = caught.value
    assert [(e.row, e.column, e.message) for e in rejected.rows] == [
        (5, "rank", "Unknown rank “Field Marshal”: use a code or name from your rank table."),
        (6, "date_of_birth", "“31/02/1990” is not a date: use 2027-01-31 or 31/01/2027."),
        (7, "service_number", "Service number LA-0001 is already on row 2."),
        (8, "sex", "A value is required."),
        (9, "specialty", "Unknown specialty “astronaut”."),
        (10, "english_level", "“Z9” is not a level: use A1, A2, B1, B2, C1 or C2."),
        (11, "passport_expiry", "The passport expires before it was issued."),
        (12, "full_name", "A value is required."),
    ]
    assert "row 5, rank: Unknown rank “Field Marshal”" in rejected.messages[0]
    assert db_state() == before
    noy.refresh_from_db()
    assert noy.home_unit == "Engineer company"


def test_fixed_roster_imports_every_field(orgs, noy):
    plan = import_roster(organisation=orgs["la"], content=FIXED.read_bytes(), filename=FIXED.name)

    assert plan.counts == {"rows": 10, "created": 9, "updated": 1, "unchanged": 0, "errors": 0}
    assert Person.objects.filter(organisation=orgs["la"]).count() == 10
    keo = Person.objects.get(organisation=orgs["la"], service_number="LA-0001")
    assert (keo.full_name, keo.full_name_native, keo.sex) == ("Keo Sivongsa", "ແກ້ວ ສີວົງສາ", "M")
    assert keo.date_of_birth == datetime.date(1988, 3, 14)
    assert keo.rank.code == "phan-ti"  # matched by its Lao name, ພັນຕີ
    assert keo.home_unit == "ໂຮງໝໍສະໜາມ 1"
    assert sorted(keo.specialties.values_list("code", flat=True)) == ["physician", "surgeon"]
    passport = keo.credentials.get(kind=Credential.Kind.PASSPORT)
    assert (passport.reference, passport.valid_until, passport.issued_on) == (
        "P0123456",
        datetime.date(2031, 6, 30),
        datetime.date(2021, 7, 1),
    )
    assert passport.organisation_id == orgs["la"].pk
    english = keo.credentials.get(kind=Credential.Kind.LANGUAGE)
    assert (english.detail, english.level) == ("en", LanguageLevel.B2)

    noy.refresh_from_db()
    assert noy.home_unit == "Field hospital 1"
    assert noy.rank.code == "hoy-ek"  # "captain", by English name, any case
    assert list(noy.specialties.values_list("code", flat=True)) == ["nurse"]
    assert sorted(noy.credentials.values_list("level", flat=True)) == [1, LanguageLevel.A2]
    assert not noy.credentials.filter(kind=Credential.Kind.PASSPORT).exists()

    assert Person.objects.get(service_number="LA-0003").rank.code == "phan-ek"
    assert Person.objects.get(service_number="LA-0007").sex == "F"
    assert Person.objects.get(service_number="LA-0008").credentials.get().level == LanguageLevel.C1
    # Bulk writes bypass the per-object audit; people created by an import leave no entries.
    assert not LogEntry.objects.filter(content_type__model="person").exclude(object_id=noy.pk)


def test_importing_the_same_roster_again_changes_nothing(orgs, noy):
    import_roster(organisation=orgs["la"], content=FIXED.read_bytes(), filename=FIXED.name)
    before = db_state()
    stamps = dict(Person.objects.values_list("service_number", "updated_at"))
    credential_stamps = dict(Credential.objects.values_list("pk", "updated_at"))

    plan = import_roster(organisation=orgs["la"], content=FIXED.read_bytes(), filename=FIXED.name)

    assert plan.counts == {"rows": 10, "created": 0, "updated": 0, "unchanged": 10, "errors": 0}
    assert {o.action for o in plan.outcomes} == {"unchanged"}
    assert [o.row for o in plan.outcomes] == [2, 3, 5, 6, 7, 8, 9, 10, 11, 12]
    assert plan.changes == []
    assert db_state() == before
    assert dict(Person.objects.values_list("service_number", "updated_at")) == stamps
    assert dict(Credential.objects.values_list("pk", "updated_at")) == credential_stamps


def test_preview_stores_nothing_and_counts_what_would_happen(orgs, noy):
    before = db_state()
    plan = preview_roster(organisation=orgs["la"], content=FIXED.read_bytes(), filename="r.csv")
    assert plan.errors == []
    assert (plan.counts["created"], plan.counts["updated"]) == (9, 1)
    assert db_state() == before


# --- Formats --------------------------------------------------------------------------------------


def test_xlsx_with_date_cells_numbers_and_header_variants(orgs, ranks):
    header = [
        *("Service number", "Full Name", "FULL_NAME_NATIVE", "Sex", "Date of Birth", "rank"),
        *("Specialties", "Home unit", "Passport number", "Passport expiry", "english level"),
        *("Blood group", "Status", "E-mail", "Last mission return", None),
    ]
    lan_row = [
        *(20240153, "Nguyen Thi Lan", "Nguyễn Thị Lan", "Nữ", datetime.date(1991, 3, 14)),
        *("Thiếu tá", "Bác sĩ phẫu thuật|Điều dưỡng", "Bệnh viện dã chiến cấp 2 số 4"),
        *("c1234567", datetime.datetime(2031, 6, 30), "C1", "o +", "Reserve", "lan@example.vn"),
        *(datetime.date(2025, 1, 15), None),
    ]
    binh_row: list[object] = ["VN-9", "Tran Van Binh", "Trần Văn Bình", "nam", "1988-12-01"]
    binh_row += ["THIEU-TA", "", "", "", "", "", "", "", "", 45000.0]
    content = xlsx_bytes(header, lan_row, [None] * 16, binh_row)
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="roster.xlsx")
    # An Excel serial number is not a date: it is reported, with the row as Excel numbers it.
    assert errors_of(plan) == [
        (4, "last_mission_return", "“45000” is not a date: use 2027-01-31 or 31/01/2027.")
    ]

    rows = read_rows(content)
    rows[3][14] = None
    import_roster(organisation=orgs["vn"], content=xlsx_bytes(*rows), filename="roster.xlsx")

    lan = Person.objects.get(organisation=orgs["vn"], service_number="20240153")
    assert (lan.full_name_native, lan.sex, lan.date_of_birth) == (
        "Nguyễn Thị Lan",
        "F",
        datetime.date(1991, 3, 14),
    )
    assert lan.rank.name_native == "Thiếu tá"
    assert sorted(lan.specialties.values_list("code", flat=True)) == ["nurse", "surgeon"]
    assert (lan.blood_group, lan.status, lan.email) == ("O+", "reserve", "lan@example.vn")
    assert lan.last_mission_return == datetime.date(2025, 1, 15)
    passport = lan.credentials.get(kind=Credential.Kind.PASSPORT)
    assert (passport.reference, passport.valid_until) == ("C1234567", datetime.date(2031, 6, 30))
    binh = Person.objects.get(organisation=orgs["vn"], service_number="VN-9")
    assert (binh.sex, binh.rank.code, binh.status) == ("M", "thieu-ta", "active")


def test_xlsx_with_a_wrong_declared_dimension_loses_no_row_or_column(orgs, ranks):
    import re
    import zipfile

    content = xlsx_bytes(
        (*HEADER, "unit"),
        *[(f"VN-{n}", f"Name {n}", "F", "1990-01-01", "dai-uy", f"Unit {n}") for n in range(3)],
    )
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, replaced = re.subn(
                    rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', data
                )
                assert replaced == 1
            target.writestr(item, data)
    plan = import_roster(organisation=orgs["vn"], content=broken.getvalue(), filename="r.xlsx")
    assert plan.counts["created"] == 3
    assert Person.objects.get(service_number="VN-2").home_unit == "Unit 2"


def read_rows(content):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_header_names_are_matched_case_and_space_insensitively():
    assert normalise_header(" Service Number ") == "service_number"
    assert normalise_header("Full Name (Native)") == "full_name_native"
    assert normalise_header("ວັນເດືອນປີເກີດ") == "ວັນເດືອນປີເກີດ"  # Lao vowel marks are kept
    assert normalise_header("\ufeffDATE-OF-BIRTH") == "date_of_birth"
    assert normalise_header("English  level") == "english_level"
    assert normalise_header("Specialties") == "specialty"
    assert normalise_header(None) == ""


def test_header_problems_are_row_1_errors(orgs, ranks):
    content = csv_bytes(
        ("service_number", "full_name", "sex", "Sex", "date_of_birth", "pasport_number"),
        ("VN-1", "A", "F", "F", "1990-01-01", "X"),
    )
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert errors_of(plan) == [
        (1, "sex", "This column appears twice."),
        (1, "rank", "This required column is missing."),
        (1, "pasport_number", "Unknown column: map it to a column of the template, or ignore it."),
    ]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('service_number,full_name\nVN-1,"Nguyen; Van A"\n', ","),
        ("service_number;full_name\nVN-1;Nguyen, Van A\n", ";"),
        ("service_number;full_name\n", ";"),
        ("service_number\nVN-1\n", ","),
    ],
)
def test_the_delimiter_is_sniffed(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_comma_roster_with_quoted_commas_reads_whole_names():
    sheet = read_roster(b'service_number,full_name\r\nVN-1,"Nguyen, Van A"\r\n', "roster.CSV")
    assert sheet.columns == ("service_number", "full_name")
    assert sheet.rows[0].cells == {"service_number": "VN-1", "full_name": "Nguyen, Van A"}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\xff\xfes\x00e\x00", "r.csv", "The file is not UTF-8 text"),
        (b"PK\x03\x04 not really a workbook", "r.xlsx", "The file is not a readable XLSX"),
        (b"service_number", "r.txt", "Only .csv and .xlsx rosters can be imported."),
        (b"", "r.csv", "The file is empty."),
        (b"service_number,full_name,sex,date_of_birth,rank\n", "r.csv", "The file has no rows"),
    ],
)
def test_unreadable_files_are_one_error_not_a_crash(orgs, content, name, message):
    plan = preview_roster(organisation=orgs["vn"], content=content, filename=name)
    assert len(plan.errors) == 1
    assert plan.errors[0].row == 0
    assert plan.errors[0].message.startswith(message)


def test_a_value_under_a_column_without_header_is_an_error(orgs, ranks):
    content = csv_bytes(
        ("service_number", "full_name", "sex", "date_of_birth", "rank", ""),
        ("VN-1", "A", "F", "1990-01-01", "dai-uy", "forgotten"),
    )
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert errors_of(plan) == [(2, "", "A value stands in a column without a header.")]


def test_headers_written_as_the_template_s_headings_in_any_language(orgs, ranks):
    from django.utils import translation

    from forcegen.personnel.roster_columns import COLUMNS

    headings = {}
    for language in ("vi", "lo", "fr"):
        with translation.override(language):
            headings[language] = {c.name: str(c.label) for c in COLUMNS}
    assert headings["vi"]["date_of_birth"] != "Date of birth"  # translated, or this proves nothing
    header = (
        "Service Number",
        "Full Name (Latin letters)",
        "Full Name (Native)",
        headings["lo"]["sex"],
        headings["vi"]["date_of_birth"],
        headings["fr"]["rank"],
    )
    content = csv_bytes(header, ("VN-9", "Le Van A", "Lê Văn A", "M", "1990-01-01", "Lt Col"))
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert plan.errors == []
    import_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    person = Person.objects.get(service_number="VN-9")
    assert (person.full_name_native, person.rank.code) == ("Lê Văn A", "trung-ta")


@pytest.mark.parametrize(
    ("org", "written", "code"),
    [("vn", "Lieutenant", "trung-uy"), ("vn", "Lt", "trung-uy"), ("vn", "Sgt", "trung-si")],
)
def test_common_english_rank_forms_are_aliases(orgs, ranks, org, written, code):
    content = csv_bytes(HEADER, ("X-1", "A", "M", "1990-01-01", written))
    plan = preview_roster(organisation=orgs[org], content=content, filename="r.csv")
    assert plan.errors == []
    import_roster(organisation=orgs[org], content=content, filename="r.csv")
    assert Person.objects.get(service_number="X-1").rank.code == code


def test_an_ambiguous_spelling_names_its_candidates(orgs, ranks):
    content = csv_bytes(HEADER, ("LA-9", "A", "M", "1990-01-01", "Lt"))
    plan = preview_roster(organisation=orgs["la"], content=content, filename="r.csv")
    assert errors_of(plan) == [
        (2, "rank", "“Lt” names several ranks (ຮ້ອຍຕີ (hoy-ti), ຮ້ອຍໂທ (hoy-tho)): use the rank code.")
    ]


def test_an_unknown_heading_mapped_or_ignored_is_remembered(orgs, ranks):
    from forcegen.personnel.models import RosterColumnMapping

    content = csv_bytes(
        (*HEADER, "Tên khai sinh", "Ghi chú"),
        ("VN-8", "Pham Van B", "M", "1990-01-01", "Sgt", "Phạm Văn B", "x"),
    )
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert [e.column for e in plan.errors] == ["tên_khai_sinh", "ghi_chú"]
    for header, column in (("tên_khai_sinh", "full_name_native"), ("ghi_chú", "-")):
        RosterColumnMapping.objects.create(organisation=orgs["vn"], header=header, column=column)
    import_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert Person.objects.get(service_number="VN-8").full_name_native == "Phạm Văn B"
    # Another organisation's choices are its own.
    assert (
        len(preview_roster(organisation=orgs["la"], content=content, filename="r.csv").errors) >= 2
    )


# --- Matching and updating -----------------------------------------------------------------------


HEADER = ("service_number", "full_name", "sex", "date_of_birth", "rank")


def test_ranks_match_by_code_or_either_name_and_ambiguous_names_are_refused(orgs, ranks):
    Rank.objects.create(
        organisation=orgs["vn"],
        code="dai-uy-2",
        name_native="Đại úy",
        name_en="Captain",
        nato_code="OF-2",
    )
    content = csv_bytes(
        HEADER,
        ("VN-1", "A", "M", "1990-01-01", "DAI-UY"),
        ("VN-2", "B", "M", "1990-01-01", "captain"),
        ("VN-3", "C", "M", "1990-01-01", "thượng tá"),
        ("VN-4", "D", "M", "1990-01-01", "Trung  tá"),
    )
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert errors_of(plan) == [
        (
            3,
            "rank",
            "“captain” names several ranks (Đại úy (dai-uy), Đại úy (dai-uy-2)): "
            "use the rank code.",
        ),
    ]
    # Another organisation's ranks are unknown here.
    content = csv_bytes(HEADER, ("VN-5", "E", "F", "1990-01-01", "ພັນຕີ"))
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert errors_of(plan)[0][:2] == (2, "rank")


def test_passport_and_english_updates(orgs, ranks):
    columns = (*HEADER, "passport_number", "passport_expiry", "passport_issued", "english_level")
    row = ("VN-1", "Pham Minh", "M", "1990-01-01", "dai-uy")

    def run(*extra):
        content = csv_bytes(columns, (*row, *extra))
        return import_roster(organisation=orgs["vn"], content=content, filename="r.csv")

    run("B1234567", "2030-01-01", "2020-01-01", "B1")
    first = Credential.objects.get(kind=Credential.Kind.PASSPORT)

    plan = run("b1234567", "31/12/2032", "", "B1")  # same number, new expiry: updated in place
    assert plan.counts["updated"] == 1
    first.refresh_from_db()
    assert (first.valid_until, first.issued_on) == (
        datetime.date(2032, 12, 31),
        datetime.date(2020, 1, 1),
    )
    assert Credential.objects.filter(kind=Credential.Kind.PASSPORT).count() == 1

    plan = run("N7654321", "2035-05-05", "", "C1")  # a new passport, a new English result
    assert plan.counts["updated"] == 1
    passports = Credential.objects.filter(kind=Credential.Kind.PASSPORT).order_by("pk")
    assert [p.reference for p in passports] == ["B1234567", "N7654321"]
    levels = Credential.objects.filter(kind=Credential.Kind.LANGUAGE).order_by("pk")
    assert [c.level for c in levels] == [LanguageLevel.B1, LanguageLevel.C1]

    # An expiry before the recorded issue date is refused even when the file gives no issue date.
    with pytest.raises(RosterRejected) as caught:
        run("B1234567", "2019-01-01", "", "C1")
    assert [(e.row, e.column) for e in caught.value.rows] == [(2, "passport_expiry")]

    assert run("N7654321", "2035-05-05", "", "C1").counts["unchanged"] == 1


def test_empty_cells_clear_optional_fields_but_keep_the_status(orgs, ranks):
    columns = (*HEADER, "phone", "status", "specialty")
    row = ("VN-1", "Pham Minh", "M", "1990-01-01", "dai-uy")
    import_roster(
        organisation=orgs["vn"],
        content=csv_bytes(columns, (*row, "+84 1", "reserve", "driver")),
        filename="r.csv",
    )
    plan = import_roster(
        organisation=orgs["vn"], content=csv_bytes(columns, (*row, "", "", "")), filename="r.csv"
    )
    person = Person.objects.get()
    assert plan.counts["updated"] == 1
    assert (person.phone, person.status, person.specialties.count()) == ("", "reserve", 0)
    # Without the specialty column, specialties are left alone.
    person.specialties.add(1)
    import_roster(organisation=orgs["vn"], content=csv_bytes(HEADER, row), filename="r.csv")
    assert person.specialties.count() == 1


def test_people_of_another_organisation_are_never_matched(orgs, ranks):
    content = csv_bytes(HEADER, ("X-1", "A", "F", "1990-01-01", "hoy-ek"))
    import_roster(organisation=orgs["la"], content=content, filename="r.csv")
    content = csv_bytes(HEADER, ("X-1", "B", "F", "1990-01-01", "dai-uy"))
    plan = import_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert plan.counts["created"] == 1
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["A", "B"]


def test_bad_values_in_optional_columns(orgs, ranks):
    columns = (*HEADER, "email", "blood_group", "status", "unit", "passport_number")
    content = csv_bytes(
        columns,
        ("VN-1", "A", "X", "2999-01-01", "dai-uy", "not-an-email", "C+", "gone", "u" * 201, "P1"),
    )
    plan = preview_roster(organisation=orgs["vn"], content=content, filename="r.csv")
    assert [(e.column, e.message.split(":")[0]) for e in plan.errors] == [
        ("sex", "“X” is not a sex"),
        ("date_of_birth", "The date of birth is in the future."),
        ("unit", "Ensure this value has at most 200 characters (it has 201)."),
        ("passport_expiry", "Give the passport's expiry date with its number."),
        ("blood_group", "“C+” is not a blood group"),
        ("status", "“gone” is not a status"),
        ("email", "Enter a valid email address."),
    ]


def test_templates_carry_the_documented_columns():
    header = template_csv().decode("utf-8-sig").strip()
    assert header == (
        "service_number,full_name,full_name_native,sex,date_of_birth,rank,specialty,unit,"
        "passport_number,passport_expiry,english_level"
    )
    rows = read_rows(template_xlsx())
    assert ",".join(rows[0]) == header
    sheet = read_roster(template_xlsx(), "template.xlsx")
    assert sheet.errors[0].message.startswith("The file has no rows")


# --- The command ---------------------------------------------------------------------------------


@pytest.fixture
def manage(monkeypatch):
    """Run the command as `manage.py` does (real exit codes), keeping the test's connection open:
    run_from_argv closes every connection at the end, which would end the test's transaction."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    def run(*args):
        execute_from_command_line(["manage.py", "import_personnel", *args])

    return run


def test_command_imports_and_reports_counts(orgs, noy, capsys, manage):
    manage(str(FIXED), "--org", "la-pko")
    out = capsys.readouterr().out
    assert "Imported roster-fixed.csv: created: 9, updated: 1, unchanged: 0." in out
    record = RosterImport.objects.get()
    assert (record.organisation, record.status, record.counts["created"]) == (
        orgs["la"],
        RosterImport.Status.DONE,
        9,
    )
    updated = [c for c in record.changes if c["action"] == "updated"]
    assert [(c["row"], c["service_number"]) for c in updated] == [(3, "LA-0002")]
    assert record.file.read().startswith(b"\xef\xbb\xbf Service Number")

    manage(str(FIXED), "--org", "la-pko")
    assert "created: 0, updated: 0, unchanged: 10." in capsys.readouterr().out


def test_command_with_errors_exits_non_zero_lists_them_and_stores_nothing(
    orgs, noy, capsys, manage
):
    before = db_state()
    with pytest.raises(SystemExit) as exited:
        manage(str(MESSY), "--org", "la-pko")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "row 5, rank: Unknown rank “Field Marshal”" in err
    assert "row 7, service_number: Service number LA-0001 is already on row 2." in err
    assert "row 12, full_name: A value is required." in err
    assert "8 error(s) in roster-messy.csv; nothing was stored." in err
    assert db_state() == before
    assert not RosterImport.objects.exists()


def test_command_dry_run_stores_nothing(orgs, noy):
    before = db_state()
    out = io.StringIO()
    call_command("import_personnel", str(FIXED), "--org", "la-pko", "--dry-run", stdout=out)
    assert "Dry run, nothing stored. roster-fixed.csv would give created: 9, updated: 1" in (
        out.getvalue()
    )
    assert db_state() == before
    assert not RosterImport.objects.exists()


def test_command_refuses_unknown_organisation_and_missing_file(orgs, tmp_path):
    with pytest.raises(CommandError, match="No organisation with code 'nope'"):
        call_command("import_personnel", str(FIXED), "--org", "nope")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_personnel", str(tmp_path / "absent.csv"), "--org", "la-pko")
