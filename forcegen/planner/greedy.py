"""The greedy baseline: most-constrained slot first, best candidate by the same preferences.

It is the comparison for CP-SAT and the fallback when the time limit passes before CP-SAT has a
plan. It works on the reduced classes too (the best free member of a class is its first free
one), so it stays fast on large pools. The women's share is a hard rule, so after the main pass
men are swapped for free eligible women, then dropped, until the share holds; a last pass fills
what can still be filled without breaking it.
"""

import heapq
from collections import defaultdict

from .instance import Instance
from .reduce import Reduction
from .rules import share_allows
from .scoring import Scores

Pair = tuple[int, int]  # (slot index, person index)


class _Pool:
    """Free people per person class, best first, and who fills which slot."""

    def __init__(self, instance: Instance, reduction: Reduction, scores: Scores) -> None:
        self.instance = instance
        self.reduction = reduction
        self.scores = scores
        self.free = [list(range(len(c.members))) for c in reduction.person_classes]
        self.eligible: dict[int, list[int]] = defaultdict(list)  # slot class -> person classes
        for p, person_class in enumerate(reduction.person_classes):
            for s in person_class.fits:
                self.eligible[s].append(p)
        self.holder: dict[int, tuple[int, int]] = {}  # slot -> (person class, rank in class)
        self.experienced = 0
        self.women = 0

    def person(self, p: int, rank: int) -> int:
        return self.reduction.person_classes[p].members[rank]

    def best(self, slot_class: int, *, women_only: bool = False) -> int | None:
        """The person class whose best free member fits best: experience first while short."""
        short = self.experienced < self.instance.min_experienced
        best: tuple[tuple[bool, tuple[int, int, int]], int] | None = None
        for p in self.eligible[slot_class]:
            person_class = self.reduction.person_classes[p]
            if not self.free[p] or (women_only and not person_class.female):
                continue
            member = person_class.members[self.free[p][0]]
            key = (not (short and person_class.experienced), self.scores.key(member))
            if best is None or key < best[0]:
                best = (key, p)
        return None if best is None else best[1]

    def take(self, slot: int, p: int) -> None:
        self.holder[slot] = (p, heapq.heappop(self.free[p]))
        self._count(p, +1)

    def release(self, slot: int) -> None:
        p, rank = self.holder.pop(slot)
        heapq.heappush(self.free[p], rank)
        self._count(p, -1)

    def _count(self, p: int, step: int) -> None:
        person_class = self.reduction.person_classes[p]
        self.experienced += step * person_class.experienced
        self.women += step * person_class.female

    def share_holds(self, women: int, filled: int) -> bool:
        return share_allows(women, filled, self.instance.min_female_share)


def greedy(instance: Instance, reduction: Reduction, scores: Scores) -> list[Pair]:
    pool = _Pool(instance, reduction, scores)
    class_of = {slot: s for s, c in enumerate(reduction.slot_classes) for slot in c.slots}
    candidates = {
        s: sum(len(reduction.person_classes[p].members) for p in pool.eligible[s])
        for s in range(len(reduction.slot_classes))
    }
    order = sorted(range(len(instance.slots)), key=lambda slot: (candidates[class_of[slot]], slot))
    for slot in order:
        found = pool.best(class_of[slot])
        if found is not None:
            pool.take(slot, found)
    _restore_share(pool, class_of)
    _fill_within_share(pool, order, class_of)
    return sorted((slot, pool.person(p, rank)) for slot, (p, rank) in pool.holder.items())


def _restore_share(pool: _Pool, class_of: dict[int, int]) -> None:
    """Swap men for free eligible women, then drop men, worst first, until the share holds."""
    men = sorted(
        (
            slot
            for slot, (p, _) in pool.holder.items()
            if not pool.reduction.person_classes[p].female
        ),
        key=lambda slot: pool.scores.key(pool.person(*pool.holder[slot])),
        reverse=True,
    )
    for slot in men:
        if pool.share_holds(pool.women, len(pool.holder)):
            return
        woman = pool.best(class_of[slot], women_only=True)
        if woman is not None:
            pool.release(slot)
            pool.take(slot, woman)
    for slot in men:
        if pool.share_holds(pool.women, len(pool.holder)):
            return
        if not pool.reduction.person_classes[pool.holder[slot][0]].female:
            pool.release(slot)


def _fill_within_share(pool: _Pool, order: list[int], class_of: dict[int, int]) -> None:
    for slot in order:
        if slot in pool.holder:
            continue
        women_only = not pool.share_holds(pool.women, len(pool.holder) + 1)
        found = pool.best(class_of[slot], women_only=women_only)
        if found is not None:
            pool.take(slot, found)
