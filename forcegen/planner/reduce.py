"""Equivalence classes: the reduction that makes large pools fast.

Slots with identical requirements (role, requirements, women-only, period) form one slot class.
People who are interchangeable for every hard rule and every class-level objective form one
person class: same sex (women's share), same experience flag (continuity) and the same set of
slot classes they fit. The solver then decides only how many people of each person class go to
each slot class. Inside a class people differ only in their score (fairness, then preference),
so the best `k` of a class are always its first `k` in key order: members are kept sorted.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .instance import Instance, Person
from .rules import available
from .scoring import Scores


@dataclass(frozen=True, slots=True)
class SlotClass:
    role: str
    requires: frozenset[str]
    female_only: bool
    start: date
    end: date
    slots: tuple[int, ...]  # slot indices, in input order


@dataclass(frozen=True, slots=True)
class PersonClass:
    female: bool
    experienced: bool
    fits: tuple[int, ...]  # slot class indices
    members: tuple[int, ...]  # person indices, best score first


@dataclass(frozen=True, slots=True)
class Reduction:
    slot_classes: tuple[SlotClass, ...]
    person_classes: tuple[PersonClass, ...]

    def sizes(self) -> dict[str, int]:
        """How much the reduction saves: eligible (person, slot) pairs against flow variables."""
        return {
            "eligible_people": sum(len(c.members) for c in self.person_classes),
            "eligible_pairs": sum(
                len(c.members) * len(self.slot_classes[s].slots)
                for c in self.person_classes
                for s in c.fits
            ),
            "person_classes": len(self.person_classes),
            "slot_classes": len(self.slot_classes),
            "flow_variables": sum(len(c.fits) for c in self.person_classes),
        }

    def seats(self, person_class: PersonClass) -> int:
        """The most people of this class any plan can use."""
        reachable = sum(len(self.slot_classes[s].slots) for s in person_class.fits)
        return min(len(person_class.members), reachable)


Flows = dict[tuple[int, int], int]  # (person class, slot class) -> people


def reduce(instance: Instance, scores: Scores) -> Reduction:
    slot_classes = _slot_classes(instance)
    roles = frozenset(c.role for c in slot_classes)
    requirements = frozenset().union(*(c.requires for c in slot_classes))
    # The slot classes a person could fit by role, requirements and sex, shared by everyone
    # with the same relevant roles and qualifications; availability is checked per person.
    candidates_of: dict[tuple[bool, frozenset[str], frozenset[str]], tuple[int, ...]] = {}
    groups: dict[tuple[bool, bool, tuple[int, ...]], list[int]] = defaultdict(list)
    for index, person in enumerate(instance.people):
        if person.roles.isdisjoint(roles):
            continue  # cheap exit for the many people whose roles no slot asks for
        key = (person.female, person.roles & roles, person.has & requirements)
        if key not in candidates_of:
            candidates_of[key] = _candidate_classes(key, slot_classes)
        fitting = _available_in(person, candidates_of[key], slot_classes, instance.rest_days)
        if fitting:
            groups[(person.female, person.experienced, fitting)].append(index)
    person_classes = tuple(
        PersonClass(
            female=female,
            experienced=experienced,
            fits=fitting,
            members=tuple(sorted(members, key=scores.key)),
        )
        for (female, experienced, fitting), members in groups.items()
    )
    return Reduction(slot_classes=slot_classes, person_classes=person_classes)


def _slot_classes(instance: Instance) -> tuple[SlotClass, ...]:
    groups: dict[tuple[str, frozenset[str], bool, date, date], list[int]] = defaultdict(list)
    for index, slot in enumerate(instance.slots):
        groups[(slot.role, slot.requires, slot.female_only, slot.start, slot.end)].append(index)
    return tuple(
        SlotClass(
            role=role,
            requires=requires,
            female_only=female_only,
            start=start,
            end=end,
            slots=tuple(slots),
        )
        for (role, requires, female_only, start, end), slots in groups.items()
    )


def _candidate_classes(
    key: tuple[bool, frozenset[str], frozenset[str]], slot_classes: tuple[SlotClass, ...]
) -> tuple[int, ...]:
    female, roles, has = key
    return tuple(
        index
        for index, c in enumerate(slot_classes)
        if c.role in roles and c.requires <= has and (female or not c.female_only)
    )


def _available_in(
    person: Person, candidates: tuple[int, ...], slot_classes: tuple[SlotClass, ...], rest: int
) -> tuple[int, ...]:
    if person.last_return is None and not person.unavailable:
        return candidates  # most people: nothing to check
    free: dict[tuple[date, date], bool] = {}
    for index in candidates:
        period = slot_classes[index].start, slot_classes[index].end
        if period not in free:
            free[period] = available(person, *period, rest)
    return tuple(
        index for index in candidates if free[slot_classes[index].start, slot_classes[index].end]
    )


def pick(reduction: Reduction, flows: Flows) -> list[tuple[int, int]]:
    """Turn class flows into (slot, person) pairs: each class sends its best members.

    Inside a slot class the slots earliest in the input are filled first.
    """
    next_slot = [0] * len(reduction.slot_classes)
    pairs = []
    for p, person_class in enumerate(reduction.person_classes):
        members = iter(person_class.members)
        for s in person_class.fits:
            slots = reduction.slot_classes[s].slots
            for _ in range(flows.get((p, s), 0)):
                pairs.append((slots[next_slot[s]], next(members)))
                next_slot[s] += 1
    return sorted(pairs)


def flows_of(reduction: Reduction, pairs: list[tuple[int, int]]) -> Flows:
    """The class flows of a plan given as (slot, person) pairs."""
    slot_class = {slot: s for s, c in enumerate(reduction.slot_classes) for slot in c.slots}
    person_class = {m: p for p, c in enumerate(reduction.person_classes) for m in c.members}
    flows: Flows = defaultdict(int)
    for slot, person in pairs:
        flows[person_class[person], slot_class[slot]] += 1
    return dict(flows)
