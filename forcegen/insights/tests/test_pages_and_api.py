"""Insights pages and API: ranking, trends and peers, parity colours, reconciliation."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from forcegen.deployments.models import GenderCategory, PersonnelType
from forcegen.deployments.tests.test_numbers import tour
from forcegen.insights.models import NationalGoal, UNContribution, UNDataFile
from forcegen.insights.un_files import import_un_file

DATA = Path(__file__).resolve().parents[1] / "data"
D = datetime.date
HEADER = (
    "Contributing_Country,ISOCode3,Mission_Acronym,Personnel_Type,Female_Personnel,"
    "Male_Personnel,Last_Reporting_Date\n"
)


def monthly(name, *rows):
    return import_un_file(name=name, data=(HEADER + "\n".join(rows) + "\n").encode())


@pytest.fixture
def ranks_2022(db):
    return import_un_file(
        name="ranks.csv", data=(DATA / "un_contribution_ranks_2022-01-31.csv").read_bytes()
    )


@pytest.fixture
def vietnam(db):
    """Viet Nam and two peers over three months of 2024."""
    rows = []
    for month, troops_f in (("31/10/2024", 18), ("30/11/2024", 19), ("31/12/2024", 20)):
        rows += [
            f"Viet Nam,VNM,UNISFA,Troops,{troops_f},166,{month}",
            f"Viet Nam,VNM,UNMISS,Staff Officer,0,10,{month}",
            f"Indonesia,IDN,UNIFIL,Troops,100,1000,{month}",
            f"Thailand,THA,UNMISS,Troops,20,250,{month}",
        ]
    return monthly("vn.csv", *rows)


def test_ranking_page_shows_the_agreement_with_the_published_file(cast, login, ranks_2022):
    html = login(cast["vn_planner"]).get("/insights/?month=2022-01").content.decode()
    assert 'data-testid="agrees"' in html
    assert "Bangladesh" in html
    assert "6403" in html


def test_ranking_page_lists_differences_from_the_published_ranking(cast, login, ranks_2022):
    monthly("jan.csv", "Bangladesh,BGD,UNMISS,Troops,1,9,31/01/2022")
    html = login(cast["vn_planner"]).get("/insights/?month=2022-01").content.decode()
    assert 'data-testid="differences"' in html
    assert "Bangladesh: rank 1 with 10 here, rank 1 with 6403 published" in html
    assert "NPL is in the published ranking but not in the monthly figures" in html


def test_ranking_export_and_bad_month(cast, login, ranks_2022):
    client = login(cast["vn_planner"])
    csv_text = b"".join(client.get("/insights/?month=2022-01&format=csv").streaming_content)
    assert csv_text.decode("utf-8-sig").splitlines()[1] == "1,BGD,Bangladesh,397,6006,6403"
    response = client.get("/insights/?month=2022-13")
    assert response.status_code == 400
    assert "Give the month as YYYY-MM" in response.content.decode()


def test_ranking_page_without_data_says_so(cast, login):
    html = login(cast["la_planner"]).get("/insights/").content.decode()
    assert "No UN figures have been imported yet" in html


def test_country_page_trend_breakdown_and_peers(cast, login, vietnam):
    html = login(cast["vn_planner"]).get("/insights/country/").content.decode()
    # defaults: the user's own country, the latest month, the ASEAN peers
    assert "<td>2024-12</td><td>20</td><td>176</td><td>196</td>" in html
    assert "<td>UNISFA</td><td>Troops (contingent)</td><td>20</td><td>166</td>" in html
    assert '<th scope="col">IDN</th>' in html
    assert "<td>1100</td>" in html


def test_api_ranking_contributions_and_parity(cast, api, vietnam, ranks_2022):
    client = api(cast["vn_planner"])
    ranked = client.get("/api/v1/insights/ranking/?month=2024-12").json()
    assert [(r["rank"], r["iso3"], r["total"]) for r in ranked] == [
        (1, "IDN", 1100),
        (2, "THA", 270),
        (3, "VNM", 196),
    ]
    assert client.get("/api/v1/insights/ranking/?month=2022-01").json()[0] == {
        "rank": 1,
        "iso3": "BGD",
        "country": "Bangladesh",
        "female": 397,
        "male": 6006,
        "total": 6403,
    }
    rows = client.get(
        "/api/v1/insights/contributions/?country=VNM&from=2024-11&to=2024-12&type=troops"
    ).json()
    assert rows == [
        {
            "month": "2024-11-30",
            "mission": "UNISFA",
            "personnel_type": "troops",
            "female": 19,
            "male": 166,
            "total": 185,
        },
        {
            "month": "2024-12-31",
            "mission": "UNISFA",
            "personnel_type": "troops",
            "female": 20,
            "male": 166,
            "total": 186,
        },
    ]
    bad = client.get("/api/v1/insights/contributions/?country=VNM&from=2024-12&to=2024-01")
    assert bad.status_code == 400
    assert bad.json()["details"][0]["field"] == "to"
    assert client.get("/api/v1/insights/ranking/?month=0000-01").status_code == 422


def test_parity_colours_targets_and_the_national_goal(cast, api, orgs, vietnam):
    NationalGoal.objects.create(
        organisation=orgs["vn"],
        category=GenderCategory.CONTINGENT,
        percent=Decimal(15),
        effective_from=D(2020, 1, 1),
        source="test",
    )
    monthly("police.csv", "Viet Nam,VNM,UNMISS,Individual Police,0,0,31/01/2025")
    parity = api(cast["vn_planner"]).get("/api/v1/insights/parity/?country=VNM&month=2024-12")
    lines = {line["category"]: line for line in parity.json()}
    contingent = lines["contingent"]
    assert (contingent["female"], contingent["total"], contingent["share"]) == (20, 186, "10.8")
    assert contingent["target"] == "8.0"  # the 2021 target is the latest set for 2024
    assert contingent["colour"] == "green"
    assert contingent["national_goal"] == "15.0"  # …but not the national goal
    assert lines["military_individual"]["colour"] == "red"  # no women
    thailand = api(cast["vn_planner"]).get("/api/v1/insights/parity/?country=THA&month=2024-12")
    assert [(line["share"], line["colour"]) for line in thailand.json()] == [("7.4", "yellow")]
    # another organisation sees the UN figures, not Viet Nam's national goal
    la_lines = api(cast["la_planner"]).get("/api/v1/insights/parity/?country=VNM&month=2024-12")
    assert {line["national_goal"] for line in la_lines.json()} == {None}


def test_parity_page_shows_the_colour_and_the_goal(cast, login, orgs, vietnam):
    NationalGoal.objects.create(
        organisation=orgs["vn"],
        category=GenderCategory.CONTINGENT,
        percent=Decimal(15),
        effective_from=D(2020, 1, 1),
    )
    html = login(cast["vn_planner"]).get("/insights/parity/?month=2024-12").content.decode()
    assert 'data-colour="green"' in html
    assert 'data-colour="red"' in html
    assert '15.0 <span class="bad">not met</span>' in html


def test_reconciliation_lists_every_difference_and_the_people_behind_ours(cast, login, orgs, db):
    in_unisfa = tour(orgs["vn"], "UNISFA", PersonnelType.TROOPS, "F", D(2024, 9, 24))
    tour(orgs["vn"], "UNISFA", PersonnelType.TROOPS, "M", D(2024, 9, 24))
    tour(orgs["la"], "UNISFA", PersonnelType.TROOPS, "F", D(2024, 9, 24))  # never Viet Nam's
    monthly(
        "dec.csv",
        "Viet Nam,VNM,UNISFA,Troops,1,2,31/12/2024",
        "Viet Nam,VNM,UNMISS,Staff Officer,0,1,31/12/2024",
    )
    client = login(cast["vn_planner"])
    html = client.get("/insights/reconciliation/?month=2024-12").content.decode()
    assert "2 lines differ." in html
    assert "differs: 2 here, 3 published" in html
    assert "differs: 0 here, 1 published" in html
    people = client.get(
        "/insights/reconciliation/?month=2024-12&mission=UNISFA&type=troops"
    ).content.decode()
    assert in_unisfa.person.service_number in people
    assert len(re.findall(r'href="/personnel/\d+/"', people)) == 2


def test_reconciliation_needs_an_organisation(make_user, login, db):
    nobody = make_user("nobody")
    assert login(nobody).get("/insights/reconciliation/").status_code == 404


def test_imports_page_and_api_list_the_files_with_provenance(cast, login, api, ranks_2022):
    html = login(cast["vn_admin"]).get("/insights/imports/").content.decode()
    assert "ranks.csv" in html
    assert ranks_2022.file.sha256[:10] in html
    listed = api(cast["la_planner"]).get("/api/v1/insights/imports/").json()
    assert listed["items"][0]["sha256"] == ranks_2022.file.sha256
    assert listed["items"][0]["rows"] == 122


def test_imported_files_page_export_and_api_read_one_filter_declaration(
    cast, login, api, ranks_2022
):
    client = login(cast["vn_planner"])
    assert "ranks.csv" in client.get("/insights/imports/?format=ranking").content.decode()
    other = client.get("/insights/imports/?format=monthly_by_sex").content.decode()
    assert "ranks.csv" not in other.split('data-testid="files"')[-1]
    exported = b"".join(client.get("/insights/imports/export.csv?format=ranking").streaming_content)
    rows = exported.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("name,format,rows,figures,first_month,last_month,imported_at")
    assert rows[1].startswith("ranks.csv,ranking,122,")
    assert ranks_2022.file.sha256 in rows[1]
    assert (
        api(cast["la_planner"]).get("/api/v1/insights/imports/?format=ipi_wide").json()["items"]
        == []
    )
    assert client.get("/insights/imports/export.csv?format=pdf").status_code == 400
    assert api(cast["la_planner"]).get("/api/v1/insights/imports/?format=pdf").status_code == 422


def test_ranking_and_imports_pages_query_counts_do_not_grow(cast, login, constant_queries, vietnam):
    client = login(cast["vn_planner"])
    constant_queries(
        client,
        "/insights/?month=2024-12",
        lambda: monthly(
            "more.csv",
            *(f"Q{c},QQ{c},UNMISS,Troops,1,{i},31/12/2024" for i, c in enumerate("ABCDEFGHIJ")),
        ),
    )
    constant_queries(
        client,
        "/insights/imports/",
        lambda: monthly("more2.csv", "X,XXX,UNMISS,Troops,1,1,31/03/2025"),
    )
    assert UNDataFile.objects.count() == 3
    assert UNContribution.objects.filter(iso3="QQA").exists()


def test_an_administrator_uploads_a_file_imported_by_the_worker(cast, login, api, immediate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forcegen.core.models import Job
    from forcegen.insights.models import UNUpload

    data = (DATA / "un_contribution_ranks_2021-01-31.csv").read_bytes()
    client = login(cast["vn_admin"])
    response = client.post(
        "/insights/imports/", {"file": SimpleUploadedFile("ranks.csv", data, "text/csv")}
    )
    assert response.status_code == 302
    assert response["Location"] == "/jobs/"
    job = Job.objects.get()
    assert (job.status, job.created_by, job.message) == (
        Job.Status.SUCCEEDED,
        cast["vn_admin"],
        "ranks.csv: 122 figures, 2021-01 to 2021-01",
    )
    assert UNDataFile.objects.get().imported_by == cast["vn_admin"]
    assert not UNUpload.objects.exists()  # the upload goes with its job
    # the API: a bad file fails its job with the row and column, and stores nothing
    bad = data.replace(b",6297,", b",6298,")
    answer = api(cast["vn_admin"]).post(
        "/api/v1/insights/imports/", {"file": SimpleUploadedFile("bad.csv", bad, "text/csv")}
    )
    assert answer.status_code == 202
    followed = api(cast["vn_admin"]).get(f"/api/v1/jobs/{answer.json()['job']}/").json()
    assert followed["status"] == "failed"
    assert "Row 4, column Total_Uniformed_Personnel" in followed["error"]
    assert UNDataFile.objects.count() == 1
    assert not UNUpload.objects.exists()
    # another user does not see the job
    assert api(cast["vn_planner"]).get(f"/api/v1/jobs/{answer.json()['job']}/").status_code == 404


def test_only_administrators_upload(cast, login, api, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    html = login(cast["vn_planner"]).get("/insights/imports/").content.decode()
    assert 'enctype="multipart/form-data"' not in html
    refused = login(cast["vn_planner"]).post(
        "/insights/imports/", {"file": SimpleUploadedFile("x.csv", b"a", "text/csv")}
    )
    assert refused.status_code == 403
    answer = api(cast["vn_planner"]).post(
        "/api/v1/insights/imports/", {"file": SimpleUploadedFile("x.csv", b"a", "text/csv")}
    )
    assert answer.status_code == 403
    assert not UNDataFile.objects.exists()


def test_trends_default_to_the_latest_monthly_figures_not_a_later_ranking(cast, login, ranks_2022):
    monthly("2013.csv", "Ghana,GHA,UNIFIL,Troops,30,70,31/12/2013")
    html = login(cast["vn_planner"]).get("/insights/country/?country=GHA").content.decode()
    assert "<td>2013-12</td><td>30</td><td>70</td><td>100</td>" in html
