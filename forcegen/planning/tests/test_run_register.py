"""The plan runs list is one register: the page, the CSV/XLSX export and the API take the same
filters (status, unit) and show the same runs; a bad value is explained on the page, a 400 for
the export and a 422 for the API; another organisation's runs never show."""

import csv
import io
import re

import pytest
from django.utils import timezone

from forcegen.core.models import Job
from forcegen.planning.models import PlanRun

from .factories import hospital, plan_run

RUNS = "/api/v1/plan-runs/"


@pytest.fixture
def runs(team, orgs, cast):
    """A run ready for review of the team's rotation, a queued one of another hospital's, and
    one of the Lao organisation's."""

    def run(organisation, rotation, job_status):
        return plan_run(
            organisation,
            rotation,
            user=cast["vn_planner"],
            job_status=job_status,
            slot_count=4,
            filled_count=3,
        )

    other = hospital(orgs["vn"], name="Other hospital")
    return {
        "done": run(orgs["vn"], team.rotation, Job.Status.SUCCEEDED),
        "queued": run(orgs["vn"], other, Job.Status.QUEUED),
        "lao": run(orgs["la"], hospital(orgs["la"], name="Lao hospital"), Job.Status.SUCCEEDED),
        "other_unit": other.unit,
    }


def text(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def links(html):
    return {int(pk) for pk in re.findall(r'href="/planning/(\d+)/"', html)}


def test_the_page_export_and_api_filter_alike(runs, cast, login, api):
    done, queued = runs["done"].pk, runs["queued"].pk
    client = login(cast["vn_planner"])
    assert links(client.get("/planning/").content.decode()) == {done, queued}
    assert links(client.get("/planning/?status=done").content.decode()) == {done}
    by_unit = f"/planning/?unit={runs['other_unit'].pk}"
    assert links(client.get(by_unit).content.decode()) == {queued}

    export = client.get("/planning/export.csv?status=done")
    rows = list(csv.DictReader(io.StringIO(text(export))))
    assert [(int(r["run"]), r["status"], r["filled"], r["slots"]) for r in rows] == [
        (done, "done", "3", "4")
    ]
    assert rows[0]["rotations"] == str(runs["done"].rotations.get())
    assert client.get("/planning/export.xlsx").status_code == 200

    found = api(cast["vn_planner"]).get(f"{RUNS}?unit={runs['other_unit'].pk}").json()
    assert [r["id"] for r in found] == [queued]


def test_a_bad_filter_is_explained_refused_by_the_export_and_the_api(runs, cast, login, api):
    client = login(cast["vn_planner"])
    html = client.get("/planning/?unit=abc&status=done").content.decode()
    assert "Enter a whole number." in html
    assert links(html) == {runs["done"].pk}  # the valid filter still applies
    assert client.get("/planning/export.csv?unit=abc").status_code == 400
    assert api(cast["vn_planner"]).get(f"{RUNS}?unit=abc").status_code == 422


def test_another_organisations_runs_never_show(runs, cast, login, api):
    lao = runs["lao"].pk
    assert lao not in links(login(cast["vn_planner"]).get("/planning/").content.decode())
    export = text(login(cast["vn_planner"]).get("/planning/export.csv"))
    assert f"\n{lao}," not in export
    assert lao not in [r["id"] for r in api(cast["vn_planner"]).get(RUNS).json()]


def test_the_status_filter_reads_each_runs_job_at_a_constant_query_count(
    team, orgs, cast, login, api, constant_queries
):
    """Each status picks its runs in SQL: queued, running and failed as the job is, ready for
    review when the job succeeded and the plan is not accepted, accepted once it is."""

    def one_of_each():
        made = {
            status: plan_run(orgs["vn"], team.rotation, user=cast["vn_planner"], job_status=job)
            for status, job in [
                ("queued", Job.Status.QUEUED),
                ("running", Job.Status.RUNNING),
                ("failed", Job.Status.FAILED),
                ("done", Job.Status.SUCCEEDED),
                ("accepted", Job.Status.SUCCEEDED),
            ]
        }
        PlanRun.objects.filter(pk=made["accepted"].pk).update(accepted_at=timezone.now())
        return {status: run.pk for status, run in made.items()}

    first = one_of_each()
    client = login(cast["vn_planner"])
    for status, pk in first.items():
        assert links(client.get(f"/planning/?status={status}").content.decode()) == {pk}
        found = api(cast["vn_planner"]).get(f"{RUNS}?status={status}").json()
        assert [(r["id"], r["status"]) for r in found] == [(pk, status)]
    more = []
    html = constant_queries(client, "/planning/?status=done", lambda: more.append(one_of_each()))
    assert links(html) == {first["done"], more[0]["done"]}
