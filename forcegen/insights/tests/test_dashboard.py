"""The home dashboard: the acting organisation's own figures, in a fixed number of queries."""

import datetime
import re

import pytest

from forcegen.deployments.models import PersonnelType
from forcegen.deployments.tests.factories import RotationFactory, UnitFactory
from forcegen.deployments.tests.test_numbers import tour
from forcegen.insights.un_files import import_un_file
from forcegen.personnel.models import Credential
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory

D = datetime.date
HEADER = (
    "Contributing_Country,ISOCode3,Mission_Acronym,Personnel_Type,Female_Personnel,"
    "Male_Personnel,Last_Reporting_Date\n"
)


def figure(html, testid):
    found = re.search(rf'data-testid="{testid}">(\d+)<', html)
    assert found, testid
    return int(found[1])


@pytest.fixture
def records(orgs):
    vn, la = orgs["vn"], orgs["la"]
    today = datetime.date.today()
    tour(vn, "UNISFA", PersonnelType.TROOPS, "F", today - datetime.timedelta(days=30))
    tour(vn, "UNISFA", PersonnelType.TROOPS, "M", today - datetime.timedelta(days=30))
    tour(vn, "UNMISS", PersonnelType.STAFF_OFFICER, "M", D(2019, 1, 1), D(2020, 1, 1))
    tour(la, "UNISFA", PersonnelType.TROOPS, "F", today - datetime.timedelta(days=30))
    CredentialFactory.create(
        person=PersonFactory.create(organisation=vn),
        kind=Credential.Kind.PASSPORT,
        valid_until=today + datetime.timedelta(days=20),
    )
    RotationFactory.create(
        organisation=vn,
        unit=UnitFactory.create(organisation=vn, name="Engineering company"),
        planned_departure=today - datetime.timedelta(days=200),
        planned_return=today + datetime.timedelta(days=60),
    )
    import_un_file(
        name="m.csv",
        data=(
            HEADER
            + "Viet Nam,VNM,UNISFA,Troops,1,1,31/01/2025\n"
            + "Ghana,GHA,UNIFIL,Troops,1,100,31/01/2025\n"
        ).encode(),
    )


def test_vietnam_sees_its_own_figures(cast, login, records):
    html = login(cast["vn_planner"]).get("/").content.decode()
    assert figure(html, "stock") == 2
    assert figure(html, "flow") == 3
    assert figure(html, "expiring") == 1
    assert figure(html, "un-rank") == 2
    assert "Engineering company" in html  # the unit's readiness, and its rotation due
    assert 'data-testid="dashboard-due"' in html


def test_laos_sees_only_its_own(cast, login, records):
    html = login(cast["la_planner"]).get("/").content.decode()
    assert figure(html, "stock") == 1
    assert figure(html, "flow") == 1
    assert figure(html, "expiring") == 0
    assert "Not among the UN’s contributors in 2025-01" in html
    assert "Engineering company" not in html


def test_no_dashboard_without_an_organisation(make_user, login, db):
    html = login(make_user("nobody")).get("/").content.decode()
    assert 'data-testid="dashboard"' not in html


def test_dashboard_query_count_does_not_grow(cast, login, orgs, records, constant_queries):
    def grow():
        vn = orgs["vn"]
        for sex in "FM":
            tour(vn, "UNMISS", PersonnelType.STAFF_OFFICER, sex, D(2024, 1, 1))
        unit = UnitFactory.create(organisation=vn, name="Second hospital")
        RotationFactory.create(
            organisation=vn,
            unit=unit,
            planned_departure=datetime.date.today(),
            planned_return=datetime.date.today() + datetime.timedelta(days=30),
        )

    html = constant_queries(login(cast["vn_planner"]), "/", grow)
    assert figure(html, "stock") == 4
    assert "Second hospital" in html


def test_national_report_pdf_carries_the_months_figures(cast, login, records):
    import io

    from pypdf import PdfReader

    month = f"{datetime.date.today():%Y-%m}"
    response = login(cast["vn_planner"]).get(f"/insights/report.pdf?month={month}")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"National peacekeeping report, {month}" in text
    assert "UNISFA" in text  # the two in UNISFA this month
    assert "UNMISS" not in text  # home since 2020
    assert "UN rank 2 of 2 contributors in 2025-01." in text
    assert login(cast["outsider"]).get("/insights/report.pdf").status_code == 200  # own, empty


def test_country_page_draws_the_trend_as_a_chart_with_its_table(cast, login, records):
    html = login(cast["vn_planner"]).get("/insights/country/?start=2024-01&end=2025-01").content
    page = html.decode()
    assert '<svg class="lines"' in page
    assert "<td>2025-01</td><td>1</td><td>1</td><td>2</td>" in page


def test_open_cooperation_items_of_our_side_and_overdue_commitments(cast, login, orgs):
    from forcegen.cooperation.models import Activity, Area, Commitment, Partner, Plan, PlanItem
    from forcegen.core.models import Partnership

    vn, la = orgs["vn"], orgs["la"]
    partner = Partner.objects.create(
        organisation=vn,
        code="la-pko",
        kind=Partner.Kind.TENANT,
        name_en="Lao PKO",
        partnership=Partnership.objects.get(source=vn, target=la),
        counterpart=la,
    )
    plan = Plan.objects.create(organisation=vn, partner=partner, year=2025, title="2025 plan")
    for title, side, target, status in (
        ("Train Lao officers", "owner", D(2020, 1, 1), "planned"),  # ours, late
        ("Advise on the decree", "owner", D(2099, 1, 1), "planned"),  # ours, open
        ("Send the unit list", "partner", D(2020, 1, 1), "planned"),  # Laos' own item
        ("Translate the manual", "owner", D(2020, 1, 1), "done"),
    ):
        PlanItem.objects.create(
            plan=plan,
            organisation=vn,
            area=Area.TRAINING,
            title=title,
            side=side,
            target_on=target,
            status=status,
        )
    visit = Activity.objects.create(
        organisation=vn,
        partner=partner,
        kind=Activity.Kind.VISIT_IN,
        title="31 March",
        starts_on=D(2025, 3, 31),
        ends_on=D(2025, 3, 31),
    )
    Commitment.objects.create(
        activity=visit, organisation=vn, side="partner", description="x", due_on=D(2025, 9, 30)
    )
    html = login(cast["vn_planner"]).get("/").content.decode()
    assert figure(html, "cooperation-open") == 2
    assert "late: 1 · commitments overdue: 1" in html
    assert figure(login(cast["la_planner"]).get("/").content.decode(), "cooperation-open") == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kept_figures_are_per_organisation_and_follow_every_write(
    cast, login, orgs, records, second_read
):
    """Between requests the figures are kept until anything is written (on PostgreSQL): read
    again, the page does not count credentials again; Laos never gets Viet Nam's kept figures;
    a credential recorded since shows at once."""
    from django.db import connection

    client = login(cast["vn_planner"])
    again = second_read(lambda: client.get("/"))
    counted = any("personnel_credential" in q["sql"] for q in again)
    assert counted == (connection.vendor != "postgresql")
    assert figure(login(cast["la_planner"]).get("/").content.decode(), "expiring") == 0
    CredentialFactory.create(
        person=PersonFactory.create(organisation=orgs["vn"]),
        kind=Credential.Kind.PASSPORT,
        valid_until=datetime.date.today() + datetime.timedelta(days=10),
    )
    assert figure(client.get("/").content.decode(), "expiring") == 2
