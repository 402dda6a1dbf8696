"""The numbers people ask for: stock on a day, flow over a period, women's share against the UN
targets, and the month-end contributions in the UN's published shape.

Every figure is one grouped query over actual dates (see `DeploymentQuerySet`); this module only
arranges the groups into rows.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db.models import Count, Q

from forcegen.core.exports import Cell
from forcegen.core.models import Organisation
from forcegen.personnel.models import Person
from forcegen.units.in_mission import InMission
from forcegen.units.models import Unit

from .models import (
    GENDER_CATEGORY,
    UN_PERSONNEL_TYPE,
    Deployment,
    DeploymentQuerySet,
    GenderCategory,
    GenderTarget,
    PersonnelType,
)

COUNTRY_NAMES = Path(__file__).resolve().parent / "data" / "un-country-names.csv"
CONTRIBUTION_COLUMNS = [
    "ISOCode3",
    "Contributing_Country",
    "Mission_Acronym",
    "Personnel_Type",
    "Female_Personnel",
    "Male_Personnel",
    "Total_Personnel",
    "Last_Reporting_Date",
]


@dataclass
class Row:
    """Women and men of one group (a mission and personnel type, or a gender category)."""

    mission: str
    personnel_type: str
    female: int = 0
    male: int = 0

    @property
    def total(self) -> int:
        return self.female + self.male

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(100 * self.female / self.total).quantize(Decimal("0.1")) if self else None

    def __bool__(self) -> bool:
        return self.total > 0


def by_mission_and_type(deployments: DeploymentQuerySet) -> list[Row]:
    """Women and men per mission and personnel type, ordered by mission then type."""
    rows: dict[tuple[str, str], Row] = {}
    for group in deployments.by_mission_type_sex():
        key = (group["mission__acronym"], group["personnel_type"])
        row = rows.setdefault(key, Row(*key))
        if group["person__sex"] == Person.Sex.FEMALE:
            row.female += group["count"]
        else:
            row.male += group["count"]
    return list(rows.values())


def totals(rows: list[Row]) -> Row:
    return Row("", "", sum(r.female for r in rows), sum(r.male for r in rows))


@dataclass
class GenderLine:
    category: GenderCategory
    counts: Row
    target: GenderTarget | None

    @property
    def meets_target(self) -> bool | None:
        share = self.counts.women_share
        if self.target is None or share is None:
            return None
        return share >= self.target.percent


def women_against_targets(rows: list[Row], on: datetime.date) -> list[GenderLine]:
    """Women's share per UN gender-parity category, next to the target in force that year."""
    targets = GenderTarget.objects.for_year(on.year)
    lines = {category: Row("", category) for category in GenderCategory}
    for row in rows:
        line = lines[GENDER_CATEGORY[PersonnelType(row.personnel_type)]]
        line.female += row.female
        line.male += row.male
    return [
        GenderLine(GenderCategory(category), counts, targets.get(category))
        for category, counts in lines.items()
        if counts
    ]


@cache
def un_country_names() -> dict[str, str]:
    with COUNTRY_NAMES.open(encoding="utf-8") as handle:
        return {row["iso3"]: row["un_name"] for row in csv.DictReader(handle)}


def contribution_rows(
    organisation: Organisation, deployments: DeploymentQuerySet, month_end: datetime.date
) -> list[list[Cell]]:
    """The organisation's stock on a month-end, one row per mission and personnel type, in the
    columns of the UN's monthly contributions by gender (CONTRIBUTION_COLUMNS)."""
    country = un_country_names().get(organisation.country, organisation.name_en)
    return [
        [
            organisation.country,
            country,
            row.mission,
            UN_PERSONNEL_TYPE[PersonnelType(row.personnel_type)],
            row.female,
            row.male,
            row.total,
            month_end.isoformat(),
        ]
        for row in by_mission_and_type(deployments.deployed_on(month_end))
    ]


def strength_in_mission(units: Sequence[Unit], day: datetime.date) -> dict[int, InMission]:
    """Members of each unit's rotations in the mission on `day`, in one grouped query (the
    readiness board's figure for a deployed unit)."""
    groups = (
        Deployment.objects.filter(rotation__unit__in=units)
        .deployed_on(day)
        .values("rotation__unit_id", "rotation__number", "mission__acronym")
        .annotate(members=Count("pk"), women=Count("pk", filter=Q(person__sex=Person.Sex.FEMALE)))
        .order_by("rotation__unit_id", "rotation__number")
    )
    return {  # the latest rotation in the mission, when two overlap on a hand-over day
        row["rotation__unit_id"]: InMission(
            members=row["members"],
            women=row["women"],
            mission=row["mission__acronym"],
            rotation=row["rotation__number"],
        )
        for row in groups
    }
