"""What the insights pages and API say: rankings, parity, trends and reconciliation.

Each function reads through the querysets (one grouped query each) and shapes the result.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum, Window
from django.db.models.functions import Rank

from forcegen.core.dates import month_end
from forcegen.deployments import numbers
from forcegen.deployments.models import (
    GENDER_CATEGORY,
    DeploymentQuerySet,
    GenderCategory,
    GenderTarget,
    PersonnelType,
)

from .models import NationalGoal, PublishedRank, UNContribution

RANK_FIELDS = ("rank", "iso3", "country", "female", "male", "total")

# South-East Asian contributors, the peers a Vietnamese or Lao department compares itself with.
ASEAN = ("BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM")


@dataclass
class RankLine:
    rank: int
    iso3: str
    country: str
    female: int
    male: int
    total: int
    published_rank: int | None = None
    published_total: int | None = None

    @property
    def differs(self) -> bool:
        return self.published_rank is not None and (
            self.published_rank != self.rank or self.published_total != self.total
        )


@dataclass
class Ranking:
    month: datetime.date
    lines: list[RankLine]
    computed_from: str  # "monthly" (from the figures) or "published" (from the ranking file)
    missing_from_published: list[str] = field(default_factory=list)

    @property
    def differences(self) -> list[RankLine]:
        return [line for line in self.lines if line.differs]


def latest_month() -> datetime.date | None:
    """The latest month with UN figures or a published ranking."""
    months = [
        queryset.order_by("-month").values_list("month", flat=True).first()
        for queryset in (UNContribution.objects.all(), PublishedRank.objects.all())
    ]
    return max((month for month in months if month), default=None)


def ranking(month: datetime.date) -> Ranking:
    """Contributors ranked for a month from the monthly figures, compared with the published
    ranking of that month when it was imported; from the published totals (ranked the UN's way,
    ties sharing a rank) when no monthly figures exist for the month."""
    month = month_end(month)
    published = {
        row.iso3: row for row in PublishedRank.objects.filter(month=month).order_by("rank")
    }
    computed = UNContribution.objects.ranking(month)
    if computed:
        lines = [RankLine(**{k: row[k] for k in RANK_FIELDS}) for row in computed]
        source = "monthly"
    else:
        ranked = (
            PublishedRank.objects.filter(month=month)
            .annotate(computed=Window(Rank(), order_by=F("total").desc()))
            .order_by("computed", "iso3")
        )
        lines = [RankLine(r.computed, r.iso3, r.country, r.female, r.male, r.total) for r in ranked]
        source = "published"
    for line in lines:
        if row := published.get(line.iso3):
            line.published_rank, line.published_total = row.rank, row.total
    listed = {line.iso3 for line in lines}
    missing = [iso3 for iso3 in published if iso3 not in listed]
    return Ranking(month, lines, source, missing)


@dataclass
class ParityLine:
    category: GenderCategory
    female: int
    male: int
    target: Decimal | None
    goal: Decimal | None

    @property
    def total(self) -> int:
        return self.female + self.male

    @property
    def share(self) -> Decimal:
        return Decimal(100 * self.female / self.total).quantize(Decimal("0.1"))

    @property
    def colour(self) -> str:
        """DPO's code: green meets or exceeds the target, yellow has at least 0.1% women, red
        has none."""
        if self.target is not None and self.share >= self.target:
            return "green"
        return "yellow" if self.share >= Decimal("0.1") else "red"

    @property
    def meets_goal(self) -> bool | None:
        return None if self.goal is None else self.share >= self.goal


def parity(iso3: str, month: datetime.date, organisation_id: int | None = None) -> list[ParityLine]:
    """Women's share per UN gender category on a month, against the UN target of that year and
    the organisation's own goal."""
    month = month_end(month)
    targets = GenderTarget.objects.for_year(month.year)
    goals = NationalGoal.objects.in_force(organisation_id, month) if organisation_id else {}
    female: dict[str, int] = dict.fromkeys(GenderCategory, 0)
    male: dict[str, int] = dict.fromkeys(GenderCategory, 0)
    for row in by_mission_and_type(iso3, month):
        category = GENDER_CATEGORY[PersonnelType(row["personnel_type"])]
        female[category] += row["female"]
        male[category] += row["male"]
    return [
        ParityLine(
            GenderCategory(category),
            female[category],
            male[category],
            targets[category].percent if category in targets else None,
            goals[category].percent if category in goals else None,
        )
        for category in GenderCategory
        if female[category] + male[category]
    ]


@dataclass
class ReconLine:
    mission: str
    personnel_type: str
    ours_female: int
    ours_male: int
    un_female: int
    un_male: int

    @property
    def label(self) -> str:
        return str(PersonnelType(self.personnel_type).label)

    @property
    def matches(self) -> bool:
        return (self.ours_female, self.ours_male) == (self.un_female, self.un_male)

    @property
    def ours_total(self) -> int:
        return self.ours_female + self.ours_male

    @property
    def un_total(self) -> int:
        return self.un_female + self.un_male


def reconcile(iso3: str, tours: DeploymentQuerySet, month: datetime.date) -> list[ReconLine]:
    """The organisation's own month-end stock against the UN's published figures for the same
    month, per mission and personnel type; every line where the two disagree is a difference."""
    month = month_end(month)
    lines: dict[tuple[str, str], ReconLine] = {}
    for row in numbers.by_mission_and_type(tours.deployed_on(month)):
        key = (row.mission, row.personnel_type)
        lines[key] = ReconLine(*key, row.female, row.male, 0, 0)
    for figure in by_mission_and_type(iso3, month):
        key = (str(figure["mission"]), str(figure["personnel_type"]))
        line = lines.setdefault(key, ReconLine(*key, 0, 0, 0, 0))
        line.un_female, line.un_male = figure["female"], figure["male"]
    return sorted(lines.values(), key=lambda line: (line.mission, line.personnel_type))


def by_mission_and_type(iso3: str, month: datetime.date) -> list[dict[str, Any]]:
    return (
        UNContribution.objects.filter(iso3=iso3)
        .in_month(month)
        .women_and_men("mission", "personnel_type")
    )


def trend(iso3: str, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """A contributor's women and men at each month's end of a period."""
    rows = UNContribution.objects.filter(iso3=iso3).between(start, end).women_and_men("month")
    return [{**row, "total": row["female"] + row["male"]} for row in rows]


def people_behind(
    tours: DeploymentQuerySet, month: datetime.date, mission: str, personnel_type: str
) -> DeploymentQuerySet:
    """The tours that make up the department's number for one mission and type on a month."""
    return (
        tours.deployed_on(month_end(month))
        .filter(mission__acronym=mission, personnel_type=personnel_type)
        .select_related("person", "person__rank")
        .order_by("person__full_name")
    )


def peers_trend(
    countries: list[str], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, list[int | None]]]:
    """Total uniformed personnel per month for several contributors (one column each, None where
    a contributor had nobody), in one query."""
    rows = (
        UNContribution.objects.filter(iso3__in=countries)
        .between(start, end)
        .values("iso3", "month")
        .annotate(total=Sum("count"))
    )
    table: dict[datetime.date, list[int | None]] = {}
    for row in rows:
        table.setdefault(row["month"], [None] * len(countries))[countries.index(row["iso3"])] = row[
            "total"
        ]
    return sorted(table.items())
