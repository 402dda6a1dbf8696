"""Reports: trainees per course, year, organisation and country; pass rate, women, foreign."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest

from forcegen.core.registers import PAGE_SIZE
from forcegen.personnel.tests.factories import PersonFactory
from forcegen.training import services
from forcegen.training.models import Enrolment
from forcegen.training.registers import REPORT

from .factories import ClassFactory, CourseFactory, present_every_day


@pytest.fixture
def results(orgs, grant, cptm):
    """A completed 2025 class: 3 Lao trainees (1 woman; 2 pass) and 2 Vietnamese (2 women; 1
    passes); a Lao nomination declined and one never accepted do not count."""
    session = ClassFactory.create(
        organisation=orgs["vn"], course=cptm, capacity=10, starts_on=datetime.date(2025, 3, 3)
    )
    session.shared_with.add(orgs["la"])
    trainees = [
        ("la", "F", 90),
        ("la", "M", 75),
        ("la", "M", 40),
        ("vn", "F", 88),
        ("vn", "F", 50),
    ]
    enrolments = []
    for org, sex, score in trainees:
        person = PersonFactory.create(organisation=orgs[org], sex=sex)
        enrolment = services.nominate(session=session, person=person, organisation=orgs[org])
        enrolments.append((services.accept(enrolment=enrolment), score))
    declined = services.nominate(
        session=session,
        person=PersonFactory.create(organisation=orgs["la"]),
        organisation=orgs["la"],
    )
    services.decline(enrolment=declined, reason="Late")
    services.nominate(
        session=session,
        person=PersonFactory.create(organisation=orgs["la"]),
        organisation=orgs["la"],
    )
    session = services.set_class_status(session=session, status="running")
    present_every_day(session)
    for enrolment, score in enrolments:
        services.record_result(enrolment=enrolment, score=Decimal(score))
    return session


def rows(client, query=""):
    return list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(f"/training/reports/export.csv?{query}").streaming_content)
                .decode()
                .lstrip("\ufeff")
            )
        )
    )


def test_the_centre_sees_every_organisation_in_its_classes(login, centre, results):
    report = rows(login(centre))
    assert [
        (r["course"], r["year"], r["organisation"], r["country"], r["trainees"], r["passed"])
        for r in report
    ] == [("CPTM", "2025", "la-pko", "LAO", "3", "2"), ("CPTM", "2025", "vn-dpko", "VNM", "2", "1")]
    lao, vietnamese = report
    assert (lao["pass_rate_percent"], lao["women"], lao["women_percent"]) == ("66.7", "1", "33.3")
    assert (lao["foreign_trainees"], vietnamese["foreign_trainees"]) == ("3", "0")
    assert (vietnamese["pass_rate_percent"], vietnamese["women_percent"]) == ("50.0", "100.0")


def test_the_page_shows_totals_and_a_partner_sees_only_its_own(login, centre, la_officer, results):
    html = login(centre).get("/training/reports/").content.decode()
    assert "<td>5</td><td>5</td><td>3</td><td>60.0</td><td>3</td><td>60.0</td><td>3</td>" in html
    lao_only = rows(login(la_officer))
    assert [r["organisation"] for r in lao_only] == ["la-pko"]


def test_filters_and_xlsx(login, centre, results):
    client = login(centre)
    assert rows(client, "year=2019") == []
    assert len(rows(client, "course=cptm")) == 2
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get("/training/reports/export.xlsx").content)
    ).active
    values = list(sheet.values)
    assert values[0][:3] == ("course", "course_title", "year")
    assert [v[3] for v in values[1:]] == ["la-pko", "vn-dpko"]
    assert client.get("/training/reports/export.pdf").status_code == 404


def test_the_api_report_and_the_outsider(api, cast, centre, results):
    body = api(centre).get("/api/v1/training/reports/?year=2025").json()
    assert body["totals"]["trainees"] == 5
    assert body["totals"]["pass_rate"] == 60.0
    assert body["rows"][0]["foreign"] == 3
    assert api(cast["outsider"]).get("/api/v1/training/reports/").json()["rows"] == []


def test_the_report_page_keeps_a_constant_query_count(
    login, centre, orgs, cptm, results, constant_queries
):
    def grow():
        for year in (2024, 2026):
            session = ClassFactory.create(
                organisation=orgs["vn"], course=cptm, starts_on=datetime.date(year, 3, 1)
            )
            for org in ("vn", "la"):
                person = PersonFactory.create(organisation=orgs[org], sex="F")
                Enrolment.objects.create(
                    organisation=orgs[org], session=session, person=person, status="accepted"
                )

    html = constant_queries(login(centre), "/training/reports/", grow)
    assert html.count("<td>CPTM</td>") == 6  # 2026, 2025 and 2024, for each organisation
    assert "<td>9</td><td>5</td><td>3</td><td>60.0</td><td>7</td><td>77.8</td><td>5</td>" in html


def test_the_page_its_export_and_the_api_read_one_declaration(api, login, centre, results):
    client = login(centre)
    page = client.get("/training/reports/?course=CPTM&year=2025").content.decode()
    assert rows(client, "course=CPTM&year=2025")[0].keys() == {c.key for c in REPORT.columns}
    for column in REPORT.columns:
        assert f'<th scope="col">{column.label}</th>' in page
    assert "export.xlsx?course=CPTM&amp;year=2025" in page
    # One bad value: explained on the page (the valid one still applies), a 400 for the file
    # and a 422 for the API.
    bad = client.get("/training/reports/?course=NONE&year=soon").content.decode()
    assert "Enter a whole number." in bad
    assert "No trainees yet for these filters." in bad
    assert client.get("/training/reports/export.csv?year=soon").status_code == 400
    assert api(centre).get("/api/v1/training/reports/?year=soon").status_code == 422
    assert api(centre).get("/api/v1/training/reports/?course=NONE").json()["rows"] == []


def test_the_report_pages_across_the_boundary_with_totals_over_every_row(
    login, centre, orgs, results
):
    """PAGE_SIZE + 5 courses of one trainee each: two pages, each row once, totals of all."""
    for n in range(PAGE_SIZE + 5):
        course = CourseFactory.create(organisation=orgs["vn"], code=f"NAT-{n:03d}")
        session = ClassFactory.create(
            organisation=orgs["vn"], course=course, starts_on=datetime.date(2025, 5, 5)
        )
        Enrolment.objects.create(
            organisation=orgs["vn"],
            session=session,
            person=PersonFactory.create(organisation=orgs["vn"]),
            status="accepted",
        )
    client = login(centre)
    pages = [client.get(f"/training/reports/?page={n}").content.decode() for n in (1, 2)]
    shown = [re.findall(r"<td>(CPTM|NAT-\d{3})</td>", html) for html in pages]
    # 57 rows: CPTM for two organisations, then the 55 courses
    assert [len(codes) for codes in shown] == [PAGE_SIZE, 7]
    assert len(set(shown[0]) & set(shown[1]) - {"CPTM"}) == 0
    assert len(set(shown[0]) | set(shown[1])) == PAGE_SIZE + 6
    total = f'<th scope="row" colspan="5">Total</th><td>{5 + PAGE_SIZE + 5}</td>'
    assert all(total in html for html in pages)
    assert len(rows(client)) == PAGE_SIZE + 7
