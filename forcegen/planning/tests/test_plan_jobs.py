"""A plan run is a core background job: "My jobs" shows it with its step and progress while it
works and its outcome after, linked to the run; a planner refusal fails the job with its message
in the language of whoever started the run; the data migration gives each earlier run a job
carrying its state, and back."""

import html
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from forcegen import planner
from forcegen.core.models import Job
from forcegen.planning import tasks
from forcegen.planning.models import PlanRun

from .conftest import IMMEDIATE


def job_row(page):
    """The one row of "My jobs"."""
    (row,) = page.split('data-testid="jobs"')[1].split("<tbody>")[1].split("</tr>")[:-1]
    return row


def test_a_plan_run_shows_on_my_jobs_with_its_progress_then_its_outcome(
    team, orgs, cast, login, settings, monkeypatch
):
    run = tasks.submit_run(
        organisation=orgs["vn"], user=cast["vn_planner"], rotations=[team.rotation]
    )
    client = login(cast["vn_planner"])
    queued = job_row(client.get("/jobs/").content.decode())
    assert 'data-status="queued"' in queued
    assert f'<a href="/planning/{run.pk}/">Plan run</a>' in queued
    assert 'value="0"' in queued
    assert "Waiting for the task worker" in queued

    seen: dict[str, Any] = {}
    solve = planner.solve

    def watched(*args, **kwargs):  # what the user sees while the solver works
        seen["job"] = Job.objects.get(pk=run.job_id)
        seen["row"] = job_row(client.get("/jobs/").content.decode())
        seen["run"] = client.get(f"/planning/{run.pk}/", headers={"HX-Request": "true"})
        return solve(*args, **kwargs)

    monkeypatch.setattr(planner, "solve", watched)
    settings.TASKS = IMMEDIATE
    tasks.run_plan.enqueue(run.pk)

    assert (seen["job"].status, seen["job"].done, seen["job"].message) == ("running", 30, "Solving")
    assert 'data-status="running"' in seen["row"]
    assert 'value="30"' in seen["row"]
    assert "Solving" in seen["row"]
    assert 'value="30"' in seen["run"].content.decode()
    page = client.get("/jobs/").content.decode()
    done = job_row(page)
    assert 'data-status="succeeded"' in done
    assert 'value="100"' in done
    assert "3 of 4 slots filled" in done
    assert 'hx-trigger="every 2s"' not in page  # nothing left running: the list stops polling
    job = Job.objects.get(pk=run.job_id)
    assert job.result == {"slots": 4, "filled": 3, "planner": "optimal"}
    run.refresh_from_db()
    assert (run.status, run.step, run.progress) == ("done", "stored", 100)
    assert "Plan run" not in login(cast["vn_admin"]).get("/jobs/").content.decode()  # not theirs


def test_a_planner_refusal_fails_the_job_in_the_requesters_language(
    team, orgs, cast, login, api, settings
):
    with translation.override("vi"):
        run = tasks.submit_run(
            organisation=orgs["vn"], user=cast["vn_planner"], rotations=[team.rotation]
        )
    # Past what the form and the API accept: the planner's own check of its input refuses it.
    PlanRun.objects.filter(pk=run.pk).update(min_women_percent=Decimal("150.0"))
    settings.TASKS = IMMEDIATE
    tasks.run_plan.enqueue(run.pk)  # the worker's language is not the requester's

    job = Job.objects.get(pk=run.job_id)
    refusal = "'min_female_share' must be between 0 and 1, got 1.5"
    assert job.status == Job.Status.FAILED
    assert job.error == f"Công cụ lập kế hoạch từ chối dữ liệu đầu vào: {refusal}"
    assert not run.proposals.exists()
    found = api(cast["vn_planner"]).get(f"/api/v1/plan-runs/{run.pk}/").json()
    assert (found["status"], found["step"], found["progress"]) == ("failed", "building", 5)
    assert found["error"] == job.error
    assert found["job"] == job.pk
    assert found["finished_at"] is not None
    client = login(cast["vn_planner"])
    assert job.error in html.unescape(client.get(f"/planning/{run.pk}/").content.decode())
    row = html.unescape(job_row(client.get("/jobs/").content.decode()))
    assert 'data-status="failed"' in row
    assert f'<span class="bad" role="alert">{job.error}</span>' in row


# --- The data migration ---------------------------------------------------------------------------

BEFORE = [("planning", "0004_planrun_job")]
AFTER = [("planning", "0005_plan_run_state_to_jobs")]


def migrated(executor, target):
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


# Migrations run outside the test's transaction; serialized rollback restores the roles and
# specialties that migrations created.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_each_run_a_job_with_its_state_and_back(orgs, cast):
    executor = MigrationExecutor(connection)
    try:
        old = migrated(executor, BEFORE)
        OldRun = old.get_model("planning", "PlanRun")
        at = timezone.now().replace(microsecond=0)
        states = {
            # status: (progress, step, error)
            "queued": (0, "queued", ""),
            "running": (30, "solving", ""),
            "failed": (5, "building", "Rotation 4 is Deployed."),
            "done": (100, "stored", ""),
            "accepted": (100, "stored", ""),
        }
        runs = {}
        for status, (progress, step, error) in states.items():
            runs[status] = OldRun.objects.create(
                organisation_id=orgs["vn"].pk,
                min_women_percent=15,
                status=status,
                progress=progress,
                step=step,
                error=error,
                language="lo",
                created_by_id=cast["vn_planner"].pk,
                started_at=None if status == "queued" else at,
                finished_at=at if status in ("failed", "done", "accepted") else None,
                accepted_at=at if status == "accepted" else None,
                accepted_by_id=cast["vn_admin"].pk if status == "accepted" else None,
            ).pk

        new = migrated(executor, AFTER)
        NewRun = new.get_model("planning", "PlanRun")
        moved = {
            status: NewRun.objects.select_related("job").get(pk=pk) for status, pk in runs.items()
        }
        assert {status: run.job.status for status, run in moved.items()} == {
            "queued": "queued",
            "running": "running",
            "failed": "failed",
            "done": "succeeded",
            "accepted": "succeeded",
        }
        for status, run in moved.items():
            job = run.job
            assert (job.kind, job.organisation_id, job.created_by_id) == (
                "planning.plan_run",
                orgs["vn"].pk,
                cast["vn_planner"].pk,
            )
            assert (job.done, job.total, job.language) == (states[status][0], 100, "lo")
            assert job.error == states[status][2]
            assert job.link == f"/planning/{run.pk}/"
            assert job.created_at == run.created_at
            assert (job.started_at is None) == (status == "queued")
            assert job.finished_at == (at if status in ("failed", "done", "accepted") else None)

        back = migrated(executor, BEFORE)
        restored = back.get_model("planning", "PlanRun").objects.filter(pk__in=runs.values())
        assert {
            run.status: (run.progress, run.step, run.error, run.language, run.job_id)
            for run in restored
        } == {status: (*state, "lo", None) for status, state in states.items()}
        assert not back.get_model("core", "Job").objects.exists()
    finally:
        migrated(executor, executor.loader.graph.leaf_nodes())
