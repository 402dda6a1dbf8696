"""Each plan run's execution state moves to a core job: queued, running and failed as they were,
a run ready for review or accepted as a job that succeeded (acceptance stays on the run); the
progress in percent becomes the job's done of 100. Backwards, the state comes back from the job
and the jobs go."""

from django.db import migrations
from django.urls import reverse

KIND = "planning.plan_run"
# The run's status then → its job's status now.
TO_JOB = {
    "queued": "queued",
    "running": "running",
    "done": "succeeded",
    "failed": "failed",
    "accepted": "succeeded",
}
FROM_JOB = {"queued": "queued", "running": "running", "succeeded": "done", "failed": "failed"}
# The step each run had reached, by its progress (the percent each step started at).
STEPS = [(100, "stored"), (80, "explaining"), (30, "solving"), (5, "building"), (0, "queued")]


def runs_to_jobs(apps, schema_editor):
    PlanRun = apps.get_model("planning", "PlanRun")
    Job = apps.get_model("core", "Job")
    for run in PlanRun.objects.filter(job__isnull=True).defer("instance", "plan").iterator():
        job = Job.objects.create(
            kind=KIND,
            organisation_id=run.organisation_id,
            created_by_id=run.created_by_id,
            status=TO_JOB[run.status],
            done=min(run.progress, 100),
            total=100,
            link=reverse("planning:detail", args=[run.pk]),
            language=run.language[:16],
            error=run.error,
            started_at=run.started_at,
            finished_at=run.finished_at,
        )
        Job.objects.filter(pk=job.pk).update(created_at=run.created_at)  # not the migration's
        PlanRun.objects.filter(pk=run.pk).update(job=job)


def jobs_to_runs(apps, schema_editor):
    PlanRun = apps.get_model("planning", "PlanRun")
    Job = apps.get_model("core", "Job")
    runs = PlanRun.objects.filter(job__isnull=False).select_related("job")
    for run in runs.defer("instance", "plan").iterator():
        job = run.job
        PlanRun.objects.filter(pk=run.pk).update(
            status="accepted" if run.accepted_at else FROM_JOB[job.status],
            progress=min(job.done, 100),
            step=next(step for percent, step in STEPS if job.done >= percent),
            language=job.language[:10],
            error=job.error,
            created_by_id=job.created_by_id,
            started_at=job.started_at,
            finished_at=job.finished_at,
            job=None,
        )
    # Unlinked first: deleting a run's job would delete the run.
    Job.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_lao_platoon_position_terms"),
        ("planning", "0004_planrun_job"),
    ]

    operations = [migrations.RunPython(runs_to_jobs, jobs_to_runs)]
