"""The planner runs in the background: building the instance from 20,000 records and solving take
seconds, so a request only records the run and queues this task, which `manage.py db_worker` runs
(the test suite may use the immediate backend instead). Each step is saved as it starts, so the
run page can show the progress."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task

from forcegen import planner
from forcegen.core.models import Organisation
from forcegen.deployments.models import Rotation

from . import instance, services
from .models import PlanRun

logger = logging.getLogger(__name__)

Step = PlanRun.Step


@task()
def run_plan(run_id: int) -> str | None:
    """Build the instance, solve it, explain the empty slots and store the proposals."""
    run = _claim(run_id)
    if run is None:
        return None
    with translation.override(run.language or None):
        try:
            _execute(run)
        except (ValidationError, planner.InstanceError) as exc:
            _fail(run, " ".join(getattr(exc, "messages", [str(exc)])))
        except Exception as exc:
            logger.exception("Plan run %s failed", run_id)
            _fail(run, _("The planner stopped on an unexpected error: %(error)s") % {"error": exc})
            raise
    return run.status


def _claim(run_id: int) -> PlanRun | None:
    """Move a queued run to running; None if it is not queued (already taken, or gone)."""
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != PlanRun.Status.QUEUED:
            return None
        run.status = PlanRun.Status.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
        return run


def _progress(run: PlanRun, step: str, percent: int, *fields: str) -> None:
    run.step = step
    run.progress = percent
    run.save(update_fields=["step", "progress", *fields])


def _execute(run: PlanRun) -> None:
    _progress(run, Step.BUILDING, 5)
    built = instance.build_instance(run)
    run.instance = built.data
    _progress(run, Step.SOLVING, 30, "instance")
    plan = planner.solve(built.instance, time_limit=float(run.time_limit), method=run.method)
    _progress(run, Step.EXPLAINING, 80)
    services.store_plan(run, built, plan, services.gap_notes(built, plan))


def _fail(run: PlanRun, message: str) -> None:
    run.status = PlanRun.Status.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


@transaction.atomic
def submit_run(
    *,
    organisation: Organisation,
    user: Any,
    rotations: Sequence[Rotation],
    method: str = PlanRun.Method.CP_SAT,
    min_women_percent: Decimal | None = None,
    min_experienced: int = 0,
    time_limit: int = 10,
) -> PlanRun:
    """Record a run and queue it; the women's share defaults to the units' targets."""
    chosen = list(rotations)
    instance.check_rotations(organisation.pk, chosen)
    run = PlanRun(
        organisation=organisation,
        created_by=user,
        method=method,
        min_women_percent=(
            services.default_women_percent(chosen)
            if min_women_percent is None
            else min_women_percent
        ),
        min_experienced=min_experienced,
        time_limit=time_limit,
        language=get_language() or "",
    )
    run.full_clean()
    run.save()
    run.rotations.set(chosen)
    run_plan.enqueue(run.pk)
    return run
