"""Strength in mission of deployed units.

A deployed unit's readiness is its next rotation's (its slots), while its people are counted in
the mission. Units do not know deployments: the app that records them registers how to count the
members in the mission (as training registers its eligibility rule), one query for all units.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .models import Unit


@dataclass(frozen=True)
class InMission:
    """The members of a unit's rotation in the mission on a day."""

    members: int
    women: int
    mission: str
    rotation: int

    @property
    def women_share(self) -> int:
        return round(100 * self.women / self.members) if self.members else 0


Counter = Callable[[Sequence[Unit], datetime.date], dict[int, InMission]]
COUNTERS: list[Counter] = []


def register(counter: Counter) -> None:
    if counter not in COUNTERS:
        COUNTERS.append(counter)


def in_mission(units: Sequence[Unit], day: datetime.date) -> dict[int, InMission]:
    """Strength in mission of the deployed units among these, by unit id."""
    deployed = [unit for unit in units if unit.status == Unit.Status.DEPLOYED]
    strength: dict[int, InMission] = {}
    if deployed:
        for counter in COUNTERS:
            strength.update(counter(deployed, day))
    return strength
