"""Background jobs: claimed once, progress saved as it goes, ended with a result or an error the
user reads on "My jobs" (their own jobs only, in the organisation they act for)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from forcegen.core import jobs
from forcegen.core.models import Job


@pytest.fixture
def job(cast, orgs):
    return jobs.create_job(
        kind="personnel.roster_check", organisation=orgs["vn"], user=cast["vn_planner"]
    )


def test_a_job_is_claimed_once(job):
    assert job.status == Job.Status.QUEUED
    claimed = jobs.claim(job.pk)
    assert claimed is not None
    assert claimed.status == Job.Status.RUNNING
    assert claimed.started_at is not None
    assert jobs.claim(job.pk) is None
    assert jobs.claim(999_999) is None


def test_progress_and_result_are_saved(job):
    def work(running):
        jobs.progress(running, done=3, total=10, message="Checking rows")
        assert Job.objects.get(pk=running.pk).percent == 30
        jobs.progress(running, done=12)  # never past the total
        assert Job.objects.get(pk=running.pk).done == 10
        return {"rows": 10}

    assert jobs.run(job.pk, work) == Job.Status.SUCCEEDED
    job.refresh_from_db()
    assert (job.status, job.result, job.percent) == (Job.Status.SUCCEEDED, {"rows": 10}, 100)
    assert job.finished_at is not None


def test_a_refusal_fails_the_job_with_its_message_in_the_submitters_language(cast, orgs):
    with translation.override("fr"):
        job = jobs.create_job(kind="x", organisation=orgs["vn"], user=cast["vn_planner"])

    def work(running):
        raise ValidationError(translation.get_language())

    assert jobs.run(job.pk, work) == Job.Status.FAILED
    job.refresh_from_db()
    assert job.error == "fr"


def test_an_unexpected_error_fails_the_job_and_is_raised(job):
    def work(running):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        jobs.run(job.pk, work)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "disk full" in job.error


def test_my_jobs_lists_only_my_own(cast, orgs, login, job):
    jobs.register_kind("personnel.roster_check", "Roster check")
    jobs.progress(job, done=1, total=4)
    jobs.create_job(kind="other.kind", organisation=orgs["vn"], user=cast["vn_admin"])
    page = login(cast["vn_planner"]).get("/jobs/").content.decode()
    table = page.split('data-testid="jobs"')[1]
    assert "Roster check" in table
    assert "other.kind" not in table
    assert 'value="25"' in table
    assert 'hx-trigger="every 2s"' in page  # still queued: the list keeps polling
    partial = login(cast["vn_planner"]).get("/jobs/", headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="jobs"')
    assert "You have no background jobs." in login(cast["outsider"]).get("/jobs/").content.decode()


def test_my_jobs_query_count_does_not_grow(cast, orgs, login, constant_queries):
    def grow():
        for _ in range(3):
            jobs.create_job(kind="x", organisation=orgs["vn"], user=cast["vn_planner"])

    grow()
    constant_queries(login(cast["vn_planner"]), "/jobs/", grow)
