"""Which status may follow which, and the permission each step needs (drafter, reviewer,
approver). The checks that depend on the document itself live in `services.move`."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Status

DRAFT = "documents.draft_document"
REVIEW = "documents.review_document"
APPROVE = "documents.approve_document"


@dataclass(frozen=True)
class Step:
    source: Status
    target: Status
    permission: str


STEPS: tuple[Step, ...] = (
    Step(Status.PROPOSAL, Status.DRAFTING, DRAFT),
    Step(Status.DRAFTING, Status.CONSULTATION, DRAFT),
    Step(Status.CONSULTATION, Status.DRAFTING, REVIEW),
    Step(Status.CONSULTATION, Status.APPRAISAL, REVIEW),
    Step(Status.APPRAISAL, Status.DRAFTING, REVIEW),
    Step(Status.APPRAISAL, Status.APPROVED, APPROVE),
    Step(Status.APPROVED, Status.PROMULGATED, APPROVE),
    Step(Status.PROMULGATED, Status.IN_FORCE, APPROVE),
    *(
        Step(source, target, APPROVE)
        for source in (Status.IN_FORCE, Status.AMENDED)
        for target in (
            Status.AMENDED,
            Status.REPLACED,
            Status.REPEALED,
            Status.EXPIRED,
            Status.SUSPENDED,
        )
        if source != target
    ),
    Step(Status.SUSPENDED, Status.IN_FORCE, APPROVE),
)

# Ends that name the document doing it ("replaced" needs the replacing document).
NEEDS_RELATED = {Status.REPLACED, Status.REPEALED, Status.AMENDED}


def step(source: str, target: str) -> Step | None:
    return next((s for s in STEPS if s.source == source and s.target == target), None)


def next_steps(source: str) -> list[Step]:
    return [s for s in STEPS if s.source == source]
