"""Seat fitness: may this person take this seat for this period? The one answer every caller asks
(slot assignment, tour creation, the plan's candidates and hand edits, the planner's instance).

A seat is a post's requirement (or none, for an individual tour) over one or more periods, with
what the seat is part of. The answer is the requirement's eligibility rules over each period
plus the checks other apps register here: other tours and the rest between tours (deployments),
other slots (units), training classes (training). Personnel imports none of them: they register.

Each check has two faces that must agree, like the eligibility rules: `explain` gives one
person's failures in words, `condition` is the same check as an SQL filter for candidate lists.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Protocol

from django.db.models import Q

from .eligibility import RULES, Period, eligibility, eligible_condition
from .models import Person, Requirement


@dataclass(frozen=True)
class Seat:
    """What a person is checked for. `periods` are the tour (with its mission) and, when it
    differs, the unit's own period; the ids say what the seat belongs to, so that the checks do
    not count it against itself: the slot being filled, the rotation being joined (or the tour
    being re-checked), and the units whose slots are planned together (a plan may empty and
    refill them)."""

    organisation_id: int
    requirement: Requirement | None
    periods: tuple[Period, ...]
    slot_id: int | None = None
    rotation_id: int | None = None
    tour_id: int | None = None
    replanned_unit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def start(self) -> datetime.date:
        return min(period.start for period in self.periods)

    @property
    def end(self) -> datetime.date:
        return max(period.end for period in self.periods)

    @property
    def mission_id(self) -> int | None:
        return next((p.mission_id for p in self.periods if p.mission_id is not None), None)


class Check(Protocol):
    def explain(self, person: Person, seat: Seat) -> list[str]: ...

    def condition(self, seat: Seat) -> Q: ...


@dataclass(frozen=True)
class Verdict:
    person: Person
    failures: list[str]
    blocking: list[str]  # failures no justification can override (being somewhere else)

    @property
    def fit(self) -> bool:
        return not self.failures


class Qualified:
    """The requirement's eligibility rules (and those other apps register with them), over each
    period of the seat. `skip` leaves out rules a caller decides itself (the planner)."""

    def explain(self, person: Person, seat: Seat, skip: tuple[type, ...] = ()) -> list[str]:
        return [
            failure
            for period in seat.periods
            for failure in eligibility(person, seat.requirement, period, skip).failures
        ]

    def condition(self, seat: Seat, skip: tuple[type, ...] = ()) -> Q:
        q = Q()
        for period in seat.periods:
            q &= eligible_condition(seat.requirement, period, skip)
        return q

    def conditions(self, seat: Seat) -> list[Q]:
        """One condition per rule and period: what a "how many rules fail" count adds up."""
        return [
            q
            for period in seat.periods
            for rule in RULES
            if (q := eligible_condition(seat.requirement, period, only=type(rule)))
        ]


QUALIFIED = Qualified()
CHECKS: list[Check] = [QUALIFIED]


def register_check(check: Check) -> None:
    """Add a check from another app (tours and rest, other slots, training classes)."""
    if not any(type(existing) is type(check) for existing in CHECKS):
        CHECKS.append(check)


def _blocking(check: Check) -> bool:
    return bool(getattr(check, "blocking", False))


def fitness(person: Person, seat: Seat, skip: tuple[type, ...] = ()) -> Verdict:
    """Pass or fail, with every reason; a reason two periods share is said once. `skip` names
    checks or eligibility rules the caller decides itself. `person` should come from
    `Person.objects.for_eligibility()` (with certificates) so the rules read prefetched rows."""
    failures: list[str] = []
    blocking: list[str] = []
    for check in CHECKS:
        if isinstance(check, skip):
            continue
        found = (
            QUALIFIED.explain(person, seat, skip)
            if check is QUALIFIED
            else check.explain(person, seat)
        )
        failures += found
        if _blocking(check):
            blocking += found
    return Verdict(person, list(dict.fromkeys(failures)), list(dict.fromkeys(blocking)))


def fit_condition(seat: Seat, skip: tuple[type, ...] = ()) -> Q:
    """Every check as one SQL filter: the people `fitness` passes, for candidate lists."""
    q = Q()
    for check in CHECKS:
        if isinstance(check, skip):
            continue
        q &= QUALIFIED.condition(seat, skip) if check is QUALIFIED else check.condition(seat)
    return q


def blocking_condition(seat: Seat) -> Q:
    """Only the checks no justification overrides (being somewhere else), as one SQL filter:
    what still refuses a person whose slot holds a recorded justification."""
    return fit_condition(seat, skip=tuple(type(c) for c in CHECKS if not _blocking(c)))


def fit_conditions(seat: Seat) -> list[Q]:
    """Every rule and check as its own SQL condition (to count how many a person fails)."""
    found = QUALIFIED.conditions(seat)
    for check in CHECKS:
        if check is not QUALIFIED and (q := check.condition(seat)):
            found.append(q)
    return found


class Screen:
    """Who of a batch of people (a plan being accepted) passes each seat, read from the checks'
    SQL conditions (which say the same as `fitness`) in one query per seat that differs but for
    the slot: the people it passes need no per-person check, the others get `fitness` with every
    reason. A check whose answer depends on the seat's slot says `slot_bound = True` and gives
    `held_by(seat, person_ids)`: per person, the ids of the records that would fail them for
    the seat without a slot; the seat's own slot is then left out, as the check does."""

    def __init__(self, person_ids: Collection[int]) -> None:
        self.person_ids = frozenset(person_ids)
        self._fit: dict[Seat, set[int]] = {}
        self._held: dict[Seat, list[dict[int, set[int]]]] = {}

    def fit(self, person_id: int, seat: Seat) -> bool:
        if person_id not in self.person_ids:
            return False
        group = replace(seat, slot_id=None)
        if group not in self._fit:
            bound = [check for check in CHECKS if getattr(check, "slot_bound", False)]
            people = Person.objects.filter(pk__in=self.person_ids)
            condition = fit_condition(group, skip=tuple(type(check) for check in bound))
            self._fit[group] = set(people.filter(condition).values_list("pk", flat=True))
            self._held[group] = [
                check.held_by(group, self.person_ids)  # type: ignore[attr-defined]
                for check in bound
            ]
        if person_id not in self._fit[group]:
            return False
        own = {seat.slot_id}
        return not any(held.get(person_id, set()) - own for held in self._held[group])


_SCREEN: ContextVar[Screen | None] = ContextVar("fitness_screen", default=None)


@contextmanager
def screening(person_ids: Collection[int]) -> Iterator[Screen]:
    """Within the block, `fitness_of` these people reads their seats in batches (`Screen`)."""
    screen = Screen(person_ids)
    token = _SCREEN.set(screen)
    try:
        yield screen
    finally:
        _SCREEN.reset(token)


def fitness_of(person: Person, seat: Seat) -> Verdict:
    """`fitness` of a person read afresh (`Person.objects.for_eligibility()`); inside
    `screening`, a person the batch passes is fit without reading them one by one."""
    screen = _SCREEN.get()
    if screen is not None and screen.fit(person.pk, seat):
        return Verdict(person, [], [])
    return fitness(Person.objects.for_eligibility().get(pk=person.pk), seat)
