"""Which status may follow which, and the permission each step needs (drafter, reviewer,
approver). The checks that depend on the document itself live in `services.move`."""

from __future__ import annotations

from dataclasses import dataclass

from .models import DocumentStatus

DRAFT = "documents.draft_document"
REVIEW = "documents.review_document"
APPROVE = "documents.approve_document"


@dataclass(frozen=True)
class Step:
    source: DocumentStatus
    target: DocumentStatus
    permission: str


STEPS: tuple[Step, ...] = (
    Step(DocumentStatus.PROPOSAL, DocumentStatus.DRAFTING, DRAFT),
    Step(DocumentStatus.DRAFTING, DocumentStatus.CONSULTATION, DRAFT),
    Step(DocumentStatus.CONSULTATION, DocumentStatus.DRAFTING, REVIEW),
    Step(DocumentStatus.CONSULTATION, DocumentStatus.APPRAISAL, REVIEW),
    Step(DocumentStatus.APPRAISAL, DocumentStatus.DRAFTING, REVIEW),
    Step(DocumentStatus.APPRAISAL, DocumentStatus.APPROVED, APPROVE),
    Step(DocumentStatus.APPROVED, DocumentStatus.PROMULGATED, APPROVE),
    Step(DocumentStatus.PROMULGATED, DocumentStatus.IN_FORCE, APPROVE),
    *(
        Step(source, target, APPROVE)
        for source in (DocumentStatus.IN_FORCE, DocumentStatus.AMENDED)
        for target in (
            DocumentStatus.AMENDED,
            DocumentStatus.REPLACED,
            DocumentStatus.REPEALED,
            DocumentStatus.EXPIRED,
            DocumentStatus.SUSPENDED,
        )
        if source != target
    ),
    Step(DocumentStatus.SUSPENDED, DocumentStatus.IN_FORCE, APPROVE),
)

# Ends that name the document doing it ("replaced" needs the replacing document).
NEEDS_RELATED = {DocumentStatus.REPLACED, DocumentStatus.REPEALED, DocumentStatus.AMENDED}


def step(source: str, target: str) -> Step | None:
    return next((s for s in STEPS if s.source == source and s.target == target), None)


def next_steps(source: str) -> list[Step]:
    return [s for s in STEPS if s.source == source]
