"""Training reports: trainees per course, year, organisation and country, with pass rates, the
share of women and foreign trainees. Counting happens in SQL (EnrolmentQuerySet.report)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Enrolment


@dataclass(frozen=True)
class ReportRow:
    course: str
    course_title: str
    year: int
    organisation: str
    country: str
    trainees: int
    assessed: int
    passed: int
    women: int
    foreign: int

    @property
    def pass_rate(self) -> float | None:
        """Passed over assessed, in per cent; None before anyone is assessed."""
        return round(100 * self.passed / self.assessed, 1) if self.assessed else None

    @property
    def women_share(self) -> float:
        return round(100 * self.women / self.trainees, 1) if self.trainees else 0.0


COUNTS = ("trainees", "assessed", "passed", "women", "foreign")


def _filtered(enrolments: QuerySet[Enrolment], year: int | None, course: str) -> Any:
    if year:
        enrolments = enrolments.filter(session__starts_on__year=year)
    if course.strip():
        enrolments = enrolments.filter(session__course__code__iexact=course.strip())
    return enrolments


def report(
    enrolments: QuerySet[Enrolment], *, year: int | None = None, course: str = ""
) -> tuple[list[ReportRow], ReportRow]:
    """Rows and their totals over the enrolments given (already limited to what the user may
    see), optionally for one year and one course."""
    chosen = _filtered(enrolments, year, course)
    rows = [
        ReportRow(
            course=values["session__course__code"],
            course_title=values["session__course__title"],
            year=values["year"],
            organisation=values["organisation__code"],
            country=values["organisation__country"],
            **{key: values[key] for key in COUNTS},
        )
        for values in chosen.report()
    ]
    totals = ReportRow("", "", 0, "", "", **chosen.report_totals())
    return rows, totals
