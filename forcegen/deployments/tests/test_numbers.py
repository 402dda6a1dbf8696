"""Numbers page and UN-format contributions: stock on a day, flow over a period, women against the
targets, the month-end file checked to the byte, the organisation boundary and bad input."""

import datetime
import io
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from forcegen.deployments.models import Deployment, GenderCategory, GenderTarget, PersonnelType
from forcegen.deployments.tests.factories import (
    DeploymentFactory,
    MissionFactory,
    RotationFactory,
)
from forcegen.personnel.tests.factories import PersonFactory

D = datetime.date
S = Deployment.Status
T = PersonnelType
MONTH_END = D(2024, 12, 31)


def tour(organisation, acronym, personnel_type, sex, departed=None, returned=None, rotation=None):
    """A tour with actual dates; the status follows them, as the services would set it."""
    status = S.PLANNED if departed is None else S.DEPLOYED if returned is None else S.RETURNED
    planned = departed or D(2024, 12, 1)
    return DeploymentFactory.create(
        person=PersonFactory.create(organisation=organisation, sex=sex),
        mission=MissionFactory.create(acronym=acronym, name=f"Mission {acronym}"),
        rotation=rotation,
        personnel_type=personnel_type,
        status=status,
        planned_start=planned,
        planned_end=planned + datetime.timedelta(days=365),
        departed_on=departed,
        returned_on=returned,
    )


@pytest.fixture
def tours(orgs):
    """Viet Nam: a UNISFA contingent and individuals in UNMISS around the end of December 2024;
    Laos: one woman in UNISFA who must never appear in Viet Nam's figures."""
    vn = orgs["vn"]
    company = RotationFactory.create(
        organisation=vn,
        mission=MissionFactory.create(acronym="UNISFA", name="Mission UNISFA"),
        planned_departure=D(2024, 9, 24),
        planned_return=D(2025, 9, 22),
    )

    def troops(sex, departed=None, returned=None):
        return tour(vn, "UNISFA", T.TROOPS, sex, departed, returned, rotation=company)

    troops("F", D(2024, 9, 24))  # in
    troops("M", D(2023, 9, 25), MONTH_END)  # home on the month-end: not counted that day
    troops("M", MONTH_END)  # left on the month-end: counted
    troops("M", D(2024, 9, 24), D(2024, 12, 15))  # home before the month-end
    troops("F", D(2025, 1, 1))  # left after it
    troops("M")  # planned only: never counted
    tour(vn, "UNMISS", T.STAFF_OFFICER, "F", D(2024, 6, 1), D(2025, 1, 15))  # in
    tour(vn, "UNMISS", T.EXPERT_ON_MISSION, "M", MONTH_END)  # in
    tour(orgs["la"], "UNISFA", T.TROOPS, "F", D(2024, 1, 1))  # another organisation


class _Tables(HTMLParser):
    """Cell texts of each table with a data-testid, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("data-testid"):
            self._table = dict(attrs)["data-testid"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif self._table and tag in {"td", "th"} and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html):
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def download(response):
    return b"".join(response.streaming_content).decode("utf-8")


# --- Numbers page ---------------------------------------------------------------------------------


def test_stock_and_flow_by_mission_type_and_sex(cast, login, tours):
    html = login(cast["vn_viewer"]).get("/deployments/numbers/?on=2024-12-31&since=2024-01-01")
    found = tables(html.content.decode())
    assert found["stock"][1:] == [
        ["UNISFA", "Troops (contingent)", "1", "1", "2", "50.0"],
        ["UNMISS", "Expert on mission (military observer)", "0", "1", "1", "0.0"],
        ["UNMISS", "Staff officer", "1", "0", "1", "100.0"],
        ["Total", "2", "2", "4", "50.0"],
    ]
    # Left in 2024: the two UNISFA men who left in September and on 31 December, the woman of
    # September, and both individuals; the 2023 and 2025 departures and the plan are outside.
    assert found["flow"][1:] == [
        ["UNISFA", "Troops (contingent)", "1", "2", "3", "33.3"],
        ["UNMISS", "Expert on mission (military observer)", "0", "1", "1", "0.0"],
        ["UNMISS", "Staff officer", "1", "0", "1", "100.0"],
        ["Total", "2", "3", "5", "40.0"],
    ]


def test_women_against_the_target_in_force_that_year(cast, login, tours):
    GenderTarget.objects.create(
        category=GenderCategory.MILITARY_INDIVIDUAL, year=2024, percent=60, verified=False
    )
    html = login(cast["vn_planner"]).get("/deployments/numbers/?on=2024-12-31").content.decode()
    assert tables(html)["targets"][1:] == [
        ["Military contingents", "1", "2", "50.0", "8.0", "2021", "verified", "met"],
        ["Military staff officers and observers", "1", "2", "50.0", "60.0", "2024", "unverified",
         "not met"],
    ]  # fmt: skip


def test_defaults_to_today_and_the_start_of_its_year(cast, login, tours):
    html = login(cast["vn_viewer"]).get("/deployments/numbers/").content.decode()
    today = timezone.localdate()
    assert f"Deployed on {today.isoformat()}" in html
    assert f"Departed from {today.replace(month=1, day=1).isoformat()} to" in html
    # Today the tours without a return are in: two UNISFA women and a man, and the expert.
    assert tables(html)["stock"][-1] == ["Total", "2", "2", "4", "50.0"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("on=2024-13-45", "Enter a valid date."),
        ("on=yesterday", "Enter a valid date."),
        ("on=2024-12-31&since=2025-01-01", "The period must start on or before the date above."),
    ],
)
def test_bad_dates_are_form_errors(cast, login, tours, query, message):
    response = login(cast["vn_viewer"]).get(f"/deployments/numbers/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "stock" not in tables(html)


def test_only_the_users_organisation_is_counted(cast, login, tours):
    la_html = login(cast["la_planner"]).get("/deployments/numbers/?on=2024-12-31").content
    assert tables(la_html.decode())["stock"][1:] == [
        ["UNISFA", "Troops (contingent)", "1", "0", "1", "100.0"],
        ["Total", "1", "0", "1", "100.0"],
    ]
    outsider = login(cast["outsider"]).get("/deployments/numbers/?on=2024-12-31").content
    assert "stock" not in tables(outsider.decode())
    assert "Nobody of the organisation was in a mission that day." in outsider.decode()


def test_outsider_without_an_organisation_gets_404(make_user, login):
    loner = login(make_user("loner"))
    assert loner.get("/deployments/numbers/").status_code == 404
    assert loner.get("/deployments/contributions.csv?month=2024-12").status_code == 404


def test_numbers_page_query_count_does_not_grow(cast, login, orgs, tours, constant_queries):
    def grow():
        for acronym, kind, sex in [
            ("MINUSCA", T.STAFF_OFFICER, "F"),
            ("MINUSCA", T.INDIVIDUAL_POLICE, "M"),
            ("UNIFIL", T.FORMED_POLICE, "F"),
        ]:
            tour(orgs["vn"], acronym, kind, sex, D(2024, 3, 1))

    html = constant_queries(
        login(cast["vn_viewer"]), "/deployments/numbers/?on=2024-12-31&since=2024-01-01", grow
    )
    assert "MINUSCA" in html
    assert "Formed police units" in html


# --- UN-format contributions ----------------------------------------------------------------------


def test_contributions_csv_is_the_month_end_stock(cast, login, tours):
    response = login(cast["vn_viewer"]).get("/deployments/contributions.csv?month=2024-12")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="contributions-vn-dpko-2024-12.csv"'
    )
    assert download(response) == (
        "\ufeff"
        "ISOCode3,Contributing_Country,Mission_Acronym,Personnel_Type,Female_Personnel,"
        "Male_Personnel,Total_Personnel,Last_Reporting_Date\r\n"
        "VNM,Viet Nam,UNISFA,Troops,1,1,2,2024-12-31\r\n"
        "VNM,Viet Nam,UNMISS,Experts on Mission,0,1,1,2024-12-31\r\n"
        "VNM,Viet Nam,UNMISS,Staff Officer,1,0,1,2024-12-31\r\n"
    )


def test_contributions_of_the_next_month_and_of_another_organisation(cast, login, tours):
    january = login(cast["vn_viewer"]).get("/deployments/contributions.csv?month=2025-01")
    # 31 January: the UNISFA woman and man still in, the woman of 1 January added; the staff
    # officer came home on the 15th.
    assert download(january).splitlines()[1:] == [
        "VNM,Viet Nam,UNISFA,Troops,2,1,3,2025-01-31",
        "VNM,Viet Nam,UNMISS,Experts on Mission,0,1,1,2025-01-31",
    ]
    laos = login(cast["la_planner"]).get("/deployments/contributions.csv?month=2024-12")
    assert laos["Content-Disposition"].endswith('filename="contributions-la-pko-2024-12.csv"')
    assert download(laos).splitlines()[1:] == [
        "LAO,Lao People's Democratic Republic,UNISFA,Troops,1,0,1,2024-12-31"
    ]


def test_contributions_as_xlsx(cast, login, tours):
    response = login(cast["vn_viewer"]).get(
        "/deployments/contributions.csv?month=2024-12&format=xlsx"
    )
    assert response["Content-Disposition"].endswith('"contributions-vn-dpko-2024-12.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["ISOCode3", "Contributing_Country", "Mission_Acronym"]
    assert rows[1:] == [
        ["VNM", "Viet Nam", "UNISFA", "Troops", 1, 1, 2, "2024-12-31"],
        ["VNM", "Viet Nam", "UNMISS", "Experts on Mission", 0, 1, 1, "2024-12-31"],
        ["VNM", "Viet Nam", "UNMISS", "Staff Officer", 1, 0, 1, "2024-12-31"],
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2024-13", "Give the month as YYYY-MM, e.g. 2024-12."),
        ("month=December", "Give the month as YYYY-MM, e.g. 2024-12."),
        ("", "This field is required."),
        ("month=2999-01", "2999-01 has not begun yet."),
        ("month=2024-12&format=pdf", "Select a valid choice."),
    ],
)
def test_bad_month_is_a_400_with_the_reason(cast, login, tours, query, message):
    response = login(cast["vn_viewer"]).get(f"/deployments/contributions.csv?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_numbers_page_offers_last_month(cast, login):
    html = login(cast["vn_viewer"]).get("/deployments/numbers/").content.decode()
    first = timezone.localdate().replace(day=1)
    last_month = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    assert f'value="{last_month}"' in html
    assert 'action="/deployments/contributions.csv#contributions"' in html
