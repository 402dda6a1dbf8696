"""Why each unfilled slot is empty, and which enrolments in training classes would fill it.

Both are data, not sentences: a reason is the role, how many hold it and coded clauses with
their counts and params; a fix names the person, the classes and the dates. The app words them
in the reader's language (the planner has no words of its own, so no language either).

The diagnosis reads the instance directly (who holds the role, what each lacks), not the
solver's classes, so that the words match what a planner sees in the personnel records.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .instance import Instance, Person, Slot, TrainingClass
from .rules import rested, share_allows, unavailable_during
from .scoring import Scores

# The codes of the clauses of a reason, each with the count `n` and its named params.
LACKS = "lacks"  # requirement: n of the holders lack it
RESTING = "resting"  # days, start: n returned less than `days` before the start
UNAVAILABLE = "unavailable"  # start, end: n are unavailable during part of the period
MEN = "men"  # n are men and the slot is women-only
ASSIGNED = "assigned"  # roles [{role, n}]: n eligible, already assigned to other slots
SHARE = "share"  # percent: n eligible men are free, but the women's share turns them away
UNPLACED = "unplaced"  # n eligible and free, not placed before the time limit
CODES = (LACKS, RESTING, UNAVAILABLE, MEN, ASSIGNED, SHARE, UNPLACED)


@dataclass(frozen=True, slots=True)
class Part:
    """One clause of a reason: a code the app words in the reader's language, the number of
    people it counts and the names, numbers and dates it cites (JSON-ready: dates as ISO)."""

    code: str
    n: int
    params: tuple[tuple[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "n": self.n, **dict(self.params)}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a slot is empty: `holders` people hold its role (none: no one on the roster does),
    and the clauses saying what stops them; `overlap` when one person is counted under several."""

    role: str
    holders: int
    parts: tuple[Part, ...] = ()
    overlap: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "holders": self.holders,
            "parts": [part.as_dict() for part in self.parts],
            "overlap": self.overlap,
        }


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A class to enrol in, what passing it gives and the day it ends."""

    class_id: str
    gives: tuple[str, ...]
    ends: date


@dataclass(frozen=True, slots=True)
class Fix:
    """Enrolling `person` in the classes makes them eligible: all end before `start`."""

    person: str
    enrolments: tuple[Enrolment, ...]
    start: date

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(e.class_id for e in self.enrolments)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "classes": list(self.classes),
            "enrolments": [
                {"class": e.class_id, "gives": list(e.gives), "ends": e.ends.isoformat()}
                for e in self.enrolments
            ],
            "start": self.start.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Unfilled:
    slot: str
    reason: Reason
    fixes: tuple[Fix, ...] = ()


@dataclass(slots=True)
class _Diagnosis:
    holders: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    resting: int = 0
    unavailable: int = 0
    men: int = 0  # men, for a women-only slot
    blocked: int = 0
    assigned: Counter[str] = field(default_factory=Counter)  # role of the slot they fill
    free_men: int = 0
    free_women: int = 0
    # Free people held back by missing requirements only: training could make them eligible.
    trainable: list[tuple[int, frozenset[str]]] = field(default_factory=list)


@dataclass(slots=True)
class _Projection:
    """Filled slots and women once the proposed fixes are carried out, for the share."""

    filled: int
    women: int
    seats: dict[str, int | None]
    proposed: set[int] = field(default_factory=set)


def explain(
    instance: Instance, assignments: list[tuple[int, int]], scores: Scores
) -> list[Unfilled]:
    holder = dict(assignments)
    slot_of = {person: slot for slot, person in assignments}
    women = sum(instance.people[p].female for p in holder.values())
    projection = _Projection(len(holder), women, {c.id: c.seats for c in instance.classes})
    unfilled = [s for s in range(len(instance.slots)) if s not in holder]
    by_role = _holders_by_role(instance, {instance.slots[s].role for s in unfilled})
    diagnoses: dict[tuple[str, frozenset[str], bool, date, date], _Diagnosis] = {}
    result = []
    for s in unfilled:
        slot = instance.slots[s]
        key = (slot.role, slot.requires, slot.female_only, slot.start, slot.end)
        if key not in diagnoses:
            diagnoses[key] = _diagnose(instance, slot, by_role[slot.role], slot_of, scores)
        diagnosis = diagnoses[key]
        fix = _fix(instance, slot, diagnosis, projection)
        result.append(
            Unfilled(slot.id, _reason(instance, slot, diagnosis, women, len(holder)), fix)
        )
    return result


def _holders_by_role(instance: Instance, roles: set[str]) -> dict[str, list[int]]:
    by_role: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(instance.people):
        for role in person.roles & roles:
            by_role[role].append(index)
    return by_role


def _diagnose(
    instance: Instance, slot: Slot, holders: list[int], slot_of: dict[int, int], scores: Scores
) -> _Diagnosis:
    diagnosis = _Diagnosis(holders=len(holders))
    for index in holders:
        person = instance.people[index]
        missing = slot.requires - person.has
        resting = not rested(person, slot.start, instance.rest_days)
        away = unavailable_during(person, slot.start, slot.end)
        man = slot.female_only and not person.female
        diagnosis.missing.update(missing)
        diagnosis.resting += resting
        diagnosis.unavailable += away
        diagnosis.men += man
        if missing or resting or away or man:
            diagnosis.blocked += 1
            if not (resting or away or man) and index not in slot_of:
                diagnosis.trainable.append((index, missing))
        elif index in slot_of:
            diagnosis.assigned[instance.slots[slot_of[index]].role] += 1
        elif person.female:
            diagnosis.free_women += 1
        else:
            diagnosis.free_men += 1
    diagnosis.trainable.sort(key=lambda item: scores.key(item[0]))
    return diagnosis


def _reason(
    instance: Instance, slot: Slot, diagnosis: _Diagnosis, women: int, filled: int
) -> Reason:
    if not diagnosis.holders:
        return Reason(slot.role, 0)
    parts = _blocked_parts(instance, slot, diagnosis) + _eligible_parts(
        instance, diagnosis, women, filled
    )
    counted = sum(diagnosis.missing.values()) + diagnosis.resting + diagnosis.unavailable
    overlap = counted + diagnosis.men > diagnosis.blocked
    return Reason(slot.role, diagnosis.holders, tuple(parts), overlap)


def _blocked_parts(instance: Instance, slot: Slot, diagnosis: _Diagnosis) -> list[Part]:
    parts = [
        Part(LACKS, n, (("requirement", requirement),))
        for requirement, n in sorted(diagnosis.missing.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    params: tuple[tuple[str, Any], ...]
    if diagnosis.resting:
        params = (("days", instance.rest_days), ("start", slot.start.isoformat()))
        parts.append(Part(RESTING, diagnosis.resting, params))
    if diagnosis.unavailable:
        params = (("start", slot.start.isoformat()), ("end", slot.end.isoformat()))
        parts.append(Part(UNAVAILABLE, diagnosis.unavailable, params))
    if diagnosis.men:
        parts.append(Part(MEN, diagnosis.men))
    return parts


def _eligible_parts(
    instance: Instance, diagnosis: _Diagnosis, women: int, filled: int
) -> list[Part]:
    parts = []
    if diagnosis.assigned:
        roles = [{"role": role, "n": k} for role, k in sorted(diagnosis.assigned.items())]
        parts.append(Part(ASSIGNED, sum(diagnosis.assigned.values()), (("roles", roles),)))
    share_blocks_men = not share_allows(women, filled + 1, instance.min_female_share)
    if diagnosis.free_men and share_blocks_men:
        percent = round(instance.min_female_share * 100, 2)
        parts.append(Part(SHARE, diagnosis.free_men, (("percent", percent),)))
    unplaced = diagnosis.free_women + (0 if share_blocks_men else diagnosis.free_men)
    if unplaced:
        parts.append(Part(UNPLACED, unplaced))
    return parts


def _fix(
    instance: Instance, slot: Slot, diagnosis: _Diagnosis, projection: _Projection
) -> tuple[Fix, ...]:
    """The best free person whom classes ending before the start would make eligible."""
    for index, missing in diagnosis.trainable:
        person = instance.people[index]
        if index in projection.proposed:
            continue
        if not person.female and not share_allows(
            projection.women, projection.filled + 1, instance.min_female_share
        ):
            continue
        classes = _covering_classes(instance.classes, missing, slot.start, projection.seats)
        if classes is None:
            continue
        _book(projection, index, person, classes)
        enrolments = tuple(Enrolment(c.id, tuple(sorted(c.gives)), c.ends) for c in classes)
        return (Fix(person.id, enrolments, slot.start),)
    return ()


def _covering_classes(
    classes: tuple[TrainingClass, ...],
    missing: frozenset[str],
    start: date,
    seats: dict[str, int | None],
) -> list[TrainingClass] | None:
    """Classes with a free seat, ending before the start, that together give every missing item.

    Greedy cover: the class giving most of what is still missing, then the earliest end.
    """
    usable = [c for c in classes if c.ends < start and seats[c.id] != 0]
    chosen: list[TrainingClass] = []
    needed = set(missing)
    while needed:
        best = min(
            usable,
            key=lambda c: (-len(c.gives & needed), c.ends, c.id),
            default=None,
        )
        if best is None or not best.gives & needed:
            return None
        chosen.append(best)
        usable.remove(best)
        needed -= best.gives
    return chosen


def _book(
    projection: _Projection, index: int, person: Person, classes: list[TrainingClass]
) -> None:
    projection.proposed.add(index)
    projection.filled += 1
    projection.women += person.female
    for c in classes:
        left = projection.seats[c.id]
        if left is not None:
            projection.seats[c.id] = left - 1
