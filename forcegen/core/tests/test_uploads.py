"""The one upload check: name, type, size, and content that really is of the named type."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from forcegen.core.tests.samples import pdf_bytes, xlsx_bytes, zip_bytes
from forcegen.core.uploads import CSV, DOCX, MB, PDF, XLSX, UploadRule

RULE = UploadRule(types=(PDF, DOCX, XLSX, CSV), max_bytes=1 * MB, wrong_type="%(name)s: no")


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as refused:
        RULE.check(ContentFile(data, name=name))
    return refused.value.messages[0]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (pdf_bytes(), "decree.pdf"),
        (pdf_bytes(), "DECREE.PDF"),
        (zip_bytes("[Content_Types].xml", "word/document.xml"), "letter.docx"),
        (xlsx_bytes(["unit", "item"], ["Engineering", "Grader"]), "items.xlsx"),
        ("unit,item\nĐội công binh,ລົດ\n".encode(), "items.csv"),
    ],
)
def test_genuine_files_pass(data, name):
    RULE.check(ContentFile(data, name=name))


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\n<html><script>alert(1)</script></html>", "a.pdf", "a.pdf is not really a pdf"),
        (b"MZ\x90\x00", "a.pdf", "a.pdf is not really a pdf file."),
        (
            zip_bytes("[Content_Types].xml", "word/document.xml"),
            "a.xlsx",
            "a.xlsx is not really an XLSX",
        ),
        (b"PK\x03\x04 broken", "a.xlsx", "a.xlsx is not really an XLSX workbook."),
        (zip_bytes("xl/other.xml"), "a.docx", "a.docx is not really a docx file."),
        ("unit\n".encode("utf-16"), "a.csv", "a.csv is not really a csv file."),
        (b"text", "a.exe", "a.exe: no"),
        (b"text", "noext", "noext: no"),
    ],
)
def test_a_file_that_only_carries_the_suffix_is_refused(data, name, message):
    assert refusal(data, name).startswith(message)


def test_size_limit_names_the_file():
    big = b"a," * (MB // 2 + 1)
    assert refusal(big, "big.csv") == "big.csv is larger than 1 MB."


def test_names_too_long_or_with_control_characters_are_refused():
    assert refusal(b"a", "a" * 97 + ".csv") == "Rename the file to at most 100 characters."
    assert refusal(b"a", "bell\x07.csv") == (
        "Rename the file: its name holds a control character (code U+0007)."
    )
    assert refusal(b"a", "c:\\temp\\a.csv") == "Rename the file: its name holds a folder separator."
    assert refusal(b"a", " ") == "The file has no name."


def test_the_check_leaves_the_read_position_where_it_was():
    upload = ContentFile(pdf_bytes(), name="a.pdf")
    upload.seek(5)
    RULE.check(upload)
    assert upload.tell() == 5


def test_the_apps_use_the_core_rule():
    """Documents' attachments, credential documents and rosters are refused by the same check."""
    from forcegen.documents.attachments import validate_attachment
    from forcegen.logistics.imports import IMPORT
    from forcegen.personnel.documents import validate_document, validate_roster_file

    fake = b"%PDF-1.7\n<html></html>"
    for validate in (validate_attachment, validate_document):
        with pytest.raises(ValidationError, match="is not really a pdf file"):
            validate(ContentFile(fake, name="scan.pdf"))
    for check in (validate_roster_file, IMPORT.check):
        with pytest.raises(ValidationError, match="not really an XLSX"):
            check(ContentFile(b"PK\x03\x04", name="list.xlsx"))
