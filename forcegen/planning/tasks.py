"""The planner runs in the background: building the instance from 20,000 records and solving take
seconds, so a request only records the run and its core job and queues this task, which
`manage.py db_worker` runs (the test suite may use the immediate backend instead). The job is
claimed, moved on at each step, and ended by `core.jobs.run`, so the run page and "My jobs" show
how far it has got, in the language of whoever started it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from forcegen import planner
from forcegen.core import jobs
from forcegen.core.models import Job, Organisation
from forcegen.deployments.models import Rotation

from . import instance, services
from .models import PlanRun

KIND = "planning.plan_run"
jobs.register_kind(KIND, gettext_lazy("Plan run"))

Step = PlanRun.Step


@task()
def run_plan(run_id: int) -> str | None:
    """Build the instance, solve it, explain the empty slots and store the proposals.

    Takes the run's id, not its job's: tasks queued before runs had jobs carry a run's id."""
    job_id = PlanRun.objects.filter(pk=run_id).values_list("job_id", flat=True).first()
    return None if job_id is None else jobs.run(job_id, plan_job)


def plan_job(job: Job) -> dict[str, Any]:
    """The run's work, its job claimed: each step moves the job on as it starts."""
    run = PlanRun.objects.get(job=job)
    _step(job, Step.BUILDING)
    try:
        built = instance.build_instance(run)
        run.instance = built.data
        run.save(update_fields=["instance"])  # kept even if solving fails, to reproduce it
        _step(job, Step.SOLVING)
        plan = planner.solve(built.instance, time_limit=float(run.time_limit), method=run.method)
    except planner.InstanceError as exc:
        # The planner checks its own input: a refusal the user reads like a service's, not a
        # crash (its detail names the field, in the planner's words).
        raise ValidationError(
            _("The planner refused its input: %(error)s") % {"error": exc}
        ) from exc
    _step(job, Step.EXPLAINING)
    services.store_plan(run, built, plan, services.gap_notes(built, plan))
    jobs.progress(job, done=Step.STORED.percent, message=_filled(run))
    return {"slots": run.slot_count, "filled": run.filled_count, "planner": plan.status}


def _step(job: Job, step: PlanRun.Step) -> None:
    jobs.progress(job, done=step.percent, message=str(step.label))


def _filled(run: PlanRun) -> str:
    """The outcome on "My jobs"."""
    return ngettext(
        "%(filled)d of %(slots)d slot filled",
        "%(filled)d of %(slots)d slots filled",
        run.slot_count,
    ) % {"filled": run.filled_count, "slots": run.slot_count}


@transaction.atomic
def submit_run(
    *, organisation: Organisation, user: Any, rotations: Sequence[Rotation], **options: Any
) -> PlanRun:
    """Record a run and its job and queue it for the task worker."""
    run = record_run(organisation=organisation, user=user, rotations=rotations, **options)
    run_plan.enqueue(run.pk)
    return run


def record_run(
    *,
    organisation: Organisation,
    user: Any,
    rotations: Sequence[Rotation],
    method: str = PlanRun.Method.CP_SAT,
    min_women_percent: Decimal | None = None,
    min_experienced: int = 0,
    time_limit: int = 10,
) -> PlanRun:
    """A run of the rotations and its queued job (in the requester's language, linked to the
    run's page); the women's share defaults to the units' targets."""
    chosen = list(rotations)
    instance.check_rotations(organisation.pk, chosen)
    job = jobs.create_job(
        kind=KIND,
        organisation=organisation,
        user=user,
        total=Step.STORED.percent,
        message=str(Step.QUEUED.label),
    )
    run = PlanRun(
        organisation=organisation,
        job=job,
        method=method,
        min_women_percent=(
            services.default_women_percent(chosen)
            if min_women_percent is None
            else min_women_percent
        ),
        min_experienced=min_experienced,
        time_limit=time_limit,
    )
    run.full_clean()
    run.save()
    run.rotations.set(chosen)
    job.link = reverse("planning:detail", args=[run.pk])
    job.save(update_fields=["link"])
    return run
