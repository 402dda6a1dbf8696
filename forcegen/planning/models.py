"""Plan runs of the rotation planner, and the person each run proposes for each slot.

A run plans the slots of one or several rotations' units from the organisation's people in the
background (tasks.py), then stores one proposal per slot. Planners review and edit proposals by
hand; accepting a run assigns the slots and adds the rotations' members (services.py).

How far a run has got (queued, running, failed, when, in which language, with which error) is its
core background job's, shown on "My jobs" like every other job; the run keeps what is planning's
own: the rotations, the options, the instance and plan, and the review and acceptance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import Job, OrganisationOwned, OrganisationOwnedQuerySet
from forcegen.deployments.models import Rotation
from forcegen.personnel.models import Person
from forcegen.units.models import Slot

if TYPE_CHECKING:
    from .registers import PlanRunFilters

# The rotations whose members are still being chosen.
PLANNABLE = (Rotation.Status.PLANNING, Rotation.Status.FORMING)


class PlanRunQuerySet(OrganisationOwnedQuerySet["PlanRun"]):
    def with_job(self) -> Self:
        """With the job, which holds the run's status and progress."""
        return self.select_related("job")

    def with_rotations(self) -> Self:
        rotations = Rotation.objects.select_related("unit", "mission").order_by("unit__name")
        return self.select_related("job__created_by").prefetch_related(
            Prefetch("rotations", queryset=rotations)
        )

    def in_status(self, status: str) -> Self:
        return self.filter(PlanRun.Status.condition(status))

    def filtered(self, filters: PlanRunFilters) -> Self:
        """The plan runs list's filters (page, export and API alike)."""
        runs = self
        if filters.status:
            runs = runs.in_status(filters.status)
        if filters.unit is not None:
            planned = PlanRun.rotations.through.objects.filter(
                planrun_id=OuterRef("pk"), rotation__unit_id=filters.unit
            )
            runs = runs.filter(Exists(planned))
        return runs

    def for_list(self) -> Self:
        """Without the instance and plan documents, which can weigh megabytes."""
        return self.with_rotations().defer("instance", "plan")

    def for_detail(self) -> Self:
        return self.with_rotations().defer("instance").select_related("accepted_by")


class PlanRun(OrganisationOwned):
    """One run of the planner over one or several rotations planned together."""

    class Status(models.TextChoices):
        """What pages, filters and the API call a run's state: its job's, until it is accepted."""

        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready for review")
        FAILED = "failed", _("Failed")
        ACCEPTED = "accepted", _("Accepted")

        @classmethod
        def of(cls, job_status: str, accepted: bool) -> PlanRun.Status:
            return cls.ACCEPTED if accepted else FROM_JOB[job_status]

        @classmethod
        def condition(cls, status: str) -> Q:
            """The runs in this status, in SQL (one join to the job, whatever the count)."""
            if status == cls.ACCEPTED:
                return Q(accepted_at__isnull=False)
            job_status = next(job for job, run in FROM_JOB.items() if run == status)
            return Q(accepted_at__isnull=True, job__status=job_status)

    class Step(models.TextChoices):
        """Where the run is, read from its job's progress (each step starts at its percent)."""

        QUEUED = "queued", _("Waiting for the task worker")
        BUILDING = "building", _("Building the instance from the records")
        SOLVING = "solving", _("Solving")
        EXPLAINING = "explaining", _("Explaining the empty slots")
        STORED = "stored", _("Stored")

        @property
        def percent(self) -> int:
            return STEP_PERCENT[self.value]

        @classmethod
        def at(cls, percent: int) -> PlanRun.Step:
            return max(
                (step for step in cls if step.percent <= percent), key=lambda step: step.percent
            )

    class Method(models.TextChoices):
        CP_SAT = "cp-sat", _("Optimal (CP-SAT)")
        GREEDY = "greedy", _("Greedy (baseline)")

    rotations = models.ManyToManyField(
        Rotation, related_name="plan_runs", verbose_name=_("rotations")
    )
    method = models.CharField(
        _("method"), max_length=8, choices=Method.choices, default=Method.CP_SAT
    )
    min_women_percent = models.DecimalField(
        _("minimum share of women (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    min_experienced = models.PositiveIntegerField(
        _("minimum experienced people"),
        default=0,
        help_text=_("People with at least one past tour, for continuity and handover."),
    )
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (seconds)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    job = models.OneToOneField(
        Job,
        on_delete=models.CASCADE,
        related_name="plan_run",
        verbose_name=_("background job"),
        help_text=_("Runs the planner: status, progress, language, error and times."),
    )
    instance = models.JSONField(
        _("instance"), null=True, blank=True, help_text=_("The planner's input, as JSON.")
    )
    plan = models.JSONField(
        _("plan"), null=True, blank=True, help_text=_("The planner's output, as JSON.")
    )
    slot_count = models.PositiveIntegerField(_("slots planned"), default=0)
    filled_count = models.PositiveIntegerField(_("slots filled by the planner"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = PlanRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("plan run")
        verbose_name_plural = _("plan runs")
        permissions = [
            (
                "accept_planrun",
                _("Can accept a plan: assign its slots and add the rotations' members"),
            ),
        ]

    def __str__(self) -> str:
        return _("Plan run %(number)d") % {"number": self.pk or 0}

    # Read from the job (load it with the run: `with_job()`).
    @property
    def status(self) -> PlanRun.Status:
        return self.Status.of(self.job.status, accepted=self.accepted_at is not None)

    def get_status_display(self) -> str:
        return str(self.status.label)

    @property
    def progress(self) -> int:
        """Percent done: the job counts in percent, each step starting at its own."""
        return self.job.percent or 0

    @property
    def step(self) -> PlanRun.Step:
        return self.Step.at(self.progress)

    def get_step_display(self) -> str:
        return str(self.step.label)

    @property
    def is_running(self) -> bool:
        return self.job.is_running

    @property
    def can_edit(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_infeasible(self) -> bool:
        """No plan meets the women's share: the planner filled nothing (needs `plan` loaded)."""
        return isinstance(self.plan, dict) and self.plan.get("status") == "infeasible"


# The run's status while it is not accepted, by its job's.
FROM_JOB: dict[str, PlanRun.Status] = {
    Job.Status.QUEUED: PlanRun.Status.QUEUED,
    Job.Status.RUNNING: PlanRun.Status.RUNNING,
    Job.Status.SUCCEEDED: PlanRun.Status.DONE,
    Job.Status.FAILED: PlanRun.Status.FAILED,
}
# How far the run has got when each step starts, in percent (the job's done, of 100).
STEP_PERCENT: dict[str, int] = {
    PlanRun.Step.QUEUED: 0,
    PlanRun.Step.BUILDING: 5,
    PlanRun.Step.SOLVING: 30,
    PlanRun.Step.EXPLAINING: 80,
    PlanRun.Step.STORED: 100,
}


class Change(models.TextChoices):
    """A proposal against the slot's current holder."""

    SAME = "same", _("unchanged")
    NEW = "new", _("fills an empty slot")
    REPLACES = "replaces", _("replaces the current holder")
    EMPTIES = "empties", _("leaves the slot empty")
    KEEPS = "keeps", _("keeps the holder: no eligible candidate")
    NONE = "none", _("stays empty")


class Proposal(OrganisationOwned):
    """Who a run proposes for one slot; planners may change it by hand before accepting."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="proposals")
    rotation = models.ForeignKey(
        Rotation, on_delete=models.CASCADE, related_name="+", verbose_name=_("rotation")
    )
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed"),
    )
    planned_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by the planner"),
    )
    kept = models.BooleanField(
        _("kept"),
        default=False,
        help_text=_("The holder is already a member of the rotation: not planned again."),
    )
    # Why the planner left the slot empty and what would fill it, as data (codes with counts,
    # names and dates, see `explanations`), worded in each reader's language when shown.
    explanation = models.JSONField(_("why the planner left it empty"), default=dict, blank=True)
    fixes = models.JSONField(_("what would fill it"), default=list, blank=True)
    # Plans stored before explanations were data kept their English sentence, shown as it is.
    reason = models.TextField(_("why the planner left it empty (earlier plans)"), blank=True)
    # What the records said about an empty slot, as data (`services.gap_notes`); plans stored
    # before notes were data keep their sentences, in the language of whoever started the run.
    notes = models.JSONField(_("eligibility notes"), default=list, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    objects = OrganisationOwnedQuerySet["Proposal"].as_manager()

    # Set by `explanations.word` for a page or the API, in the reader's language; not stored.
    why: str
    fix_texts: list[str]
    note_texts: list[str]

    class Meta:
        ordering = ["run", "rotation", "slot__order", "slot__seat", "slot"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["run", "slot"], name="proposal_once_per_slot"),
            models.UniqueConstraint(
                fields=["run", "person"],
                condition=Q(person__isnull=False),
                name="proposal_person_once_per_run",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} — {self.person or '—'}"

    @property
    def change(self) -> Change:
        """Needs `slot` loaded; compares with the slot's holder now. Only a planner emptying a
        slot by hand removes its holder: the solver finding no one eligible never does."""
        holder = self.slot.person_id
        if self.person_id == holder:
            return Change.SAME if holder else Change.NONE
        if self.person_id is None:
            return Change.EMPTIES if self.edited else Change.KEEPS
        return Change.REPLACES if holder else Change.NEW

    @property
    def edited(self) -> bool:
        return self.edited_at is not None
