"""Why each unfilled slot is empty, and which enrolments in training classes would fill it.

The diagnosis reads the instance directly (who holds the role, what each lacks), not the
solver's classes, so that the words match what a planner sees in the personnel records.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from .instance import Instance, Person, Slot, TrainingClass
from .rules import rested, share_allows, unavailable_during
from .scoring import Scores


@dataclass(frozen=True, slots=True)
class Fix:
    person: str
    classes: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Unfilled:
    slot: str
    reason: str
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


def _reason(instance: Instance, slot: Slot, diagnosis: _Diagnosis, women: int, filled: int) -> str:
    if not diagnosis.holders:
        return f"No one on the roster holds the role {slot.role}."
    parts = _blocked_parts(instance, slot, diagnosis) + _eligible_parts(
        instance, diagnosis, women, filled
    )
    head = f"{_people(diagnosis.holders)} {_verb(diagnosis.holders, 'holds', 'hold')}"
    text = f"{head} the role {slot.role}: {'; '.join(parts)}."
    counted = sum(diagnosis.missing.values()) + diagnosis.resting + diagnosis.unavailable
    if counted + diagnosis.men > diagnosis.blocked:
        text += " (One person can be counted under several reasons.)"
    return text


def _blocked_parts(instance: Instance, slot: Slot, diagnosis: _Diagnosis) -> list[str]:
    parts = [
        f"{n} {_verb(n, 'lacks', 'lack')} {requirement}"
        for requirement, n in sorted(diagnosis.missing.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if diagnosis.resting:
        parts.append(
            f"{diagnosis.resting} returned from deployment less than {instance.rest_days} days "
            f"before the start on {slot.start} (rest period)"
        )
    if diagnosis.unavailable:
        n = diagnosis.unavailable
        parts.append(
            f"{n} {_verb(n, 'is', 'are')} unavailable during part of {slot.start} to {slot.end}"
        )
    if diagnosis.men:
        n = diagnosis.men
        parts.append(f"{n} {_verb(n, 'is a man', 'are men')} and the slot is women-only")
    return parts


def _eligible_parts(
    instance: Instance, diagnosis: _Diagnosis, women: int, filled: int
) -> list[str]:
    parts = []
    if diagnosis.assigned:
        n = sum(diagnosis.assigned.values())
        where = ", ".join(f"{k} as {role}" for role, k in sorted(diagnosis.assigned.items()))
        slots = _verb(n, "another slot", "other slots")
        parts.append(
            f"{n} {_verb(n, 'is', 'are')} eligible but already assigned to {slots} ({where})"
        )
    share_blocks_men = not share_allows(women, filled + 1, instance.min_female_share)
    if diagnosis.free_men and share_blocks_men:
        n = diagnosis.free_men
        parts.append(
            f"{n} eligible {_verb(n, 'man is', 'men are')} free, but one more man would bring "
            f"the women's share below {instance.min_female_share * 100:g}%"
        )
    unplaced = diagnosis.free_women + (0 if share_blocks_men else diagnosis.free_men)
    if unplaced:
        parts.append(
            f"{unplaced} {_verb(unplaced, 'is', 'are')} eligible and free but not placed: the "
            "search stopped at the time limit before it proved the best fill"
        )
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
        return (Fix(person.id, tuple(c.id for c in classes), _fix_text(person, slot, classes)),)
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


def _fix_text(person: Person, slot: Slot, classes: list[TrainingClass]) -> str:
    enrolments = " and ".join(
        f"class {c.id} (gives {', '.join(sorted(c.gives))}; ends {c.ends})" for c in classes
    )
    ends = "ends" if len(classes) == 1 else "all end"
    return (
        f"Enrolling {person.id} in {enrolments} makes {person.id} eligible: "
        f"the {_verb(len(classes), 'class', 'classes')} {ends} before the start on {slot.start}."
    )


def _people(n: int) -> str:
    return f"{n} {_verb(n, 'person', 'people')}"


def _verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many
