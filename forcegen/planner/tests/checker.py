"""An independent referee for plans: its own reading of the raw JSON instance.

Nothing here imports the planner's rules or scoring: fit, the women's share and the
lower-priority values are computed again from the documented definitions, so that a bug in the
solver's code path cannot hide itself.
"""

import itertools
from datetime import date
from typing import Any

Raw = dict[str, Any]


def _day(text: object) -> date:
    assert isinstance(text, str)
    return date.fromisoformat(text)


def person_fits(raw: Raw, slot: Raw, person: Raw) -> bool:
    start = _day(slot.get("start", raw["start"]))
    end = _day(slot.get("end", raw["end"]))
    if slot["role"] not in person["roles"]:
        return False
    if any(item not in person.get("has", []) for item in slot.get("requires", [])):
        return False
    if slot.get("female_only", False) and person["sex"] != "F":
        return False
    last = person.get("last_return")
    if last is not None and (start - _day(last)).days < raw.get("rest_days", 0):
        return False
    return all(_day(b) < start or _day(a) > end for a, b in person.get("unavailable", []))


def violations(raw: Raw, plan: Raw) -> list[str]:
    """Every broken hard rule in the plan, in words; empty when the plan is valid."""
    slots = {s["id"]: s for s in raw["slots"]}
    people = {p["id"]: p for p in raw["people"]}
    problems = []
    used_slots: set[str] = set()
    used_people: set[str] = set()
    for pair in plan["assignments"]:
        slot, person = slots.get(pair["slot"]), people.get(pair["person"])
        if slot is None or person is None:
            problems.append(f"unknown slot or person in {pair}")
            continue
        if pair["slot"] in used_slots:
            problems.append(f"slot {pair['slot']} filled twice")
        if pair["person"] in used_people:
            problems.append(f"person {pair['person']} assigned twice")
        used_slots.add(pair["slot"])
        used_people.add(pair["person"])
        if not person_fits(raw, slot, person):
            problems.append(f"{pair['person']} does not fit {pair['slot']}")
    women = sum(people[p]["sex"] == "F" for p in used_people if p in people)
    share = raw.get("min_female_share") or 0
    if used_slots and women < share * len(used_slots) - 1e-9:
        problems.append(f"women's share {women}/{len(used_slots)} below {share}")
    unfilled = {u["slot"] for u in plan["unfilled"]}
    if unfilled != set(slots) - used_slots:
        problems.append("the unfilled list does not match the slots left empty")
    if any(not u["reason"] for u in plan["unfilled"]):
        problems.append("an unfilled slot has no reason")
    if plan["filled"] != len(used_slots):
        problems.append("'filled' does not count the assignments")
    return problems


def max_matching(raw: Raw) -> int:
    """Most slots fillable ignoring the women's share: augmenting paths (Kuhn)."""
    people = raw["people"]
    edges = [
        [j for j, person in enumerate(people) if person_fits(raw, slot, person)]
        for slot in raw["slots"]
    ]
    holder: dict[int, int] = {}

    def augment(slot: int, seen: set[int]) -> bool:
        for person in edges[slot]:
            if person in seen:
                continue
            seen.add(person)
            if person not in holder or augment(holder[person], seen):
                holder[person] = slot
                return True
        return False

    return sum(augment(slot, set()) for slot in range(len(edges)))


def best_by_enumeration(raw: Raw) -> tuple[int, int, int, int]:
    """The lexicographically best (filled, -shortfall, -fairness cost, preference points) over
    every valid plan, by enumerating all of them: for tiny instances only."""
    people = raw["people"]
    options = [
        [None, *(j for j, p in enumerate(people) if person_fits(raw, slot, p))]
        for slot in raw["slots"]
    ]
    best = (0, -raw.get("min_experienced", 0), 0, 0)
    for choice in itertools.product(*options):
        chosen = [j for j in choice if j is not None]
        if len(set(chosen)) == len(chosen) and _share_met(raw, chosen):
            best = max(best, plan_value(raw, chosen))
    return best


def plan_value(raw: Raw, chosen: list[int]) -> tuple[int, int, int, int]:
    people = [raw["people"][j] for j in chosen]
    experienced = sum(_experienced(p) for p in people)
    shortfall = max(0, raw.get("min_experienced", 0) - experienced)
    best_language = max((p.get("language_score", 0) or 0 for p in raw["people"]), default=0)
    cost = sum(_fairness_cost(raw, p) for p in people)
    points = sum(_points(p, best_language) for p in people)
    return len(people), -shortfall, -cost, points


def _share_met(raw: Raw, chosen: list[int]) -> bool:
    women = sum(raw["people"][j]["sex"] == "F" for j in chosen)
    return not chosen or women >= (raw.get("min_female_share") or 0) * len(chosen) - 1e-9


def _experienced(person: Raw) -> bool:
    return bool(person.get("experienced", person.get("deployments", 0) >= 1))


def _fairness_cost(raw: Raw, person: Raw) -> int:
    """100 per past deployment, plus 99 minus the months (of 30 days) since the last return."""
    recency = 0
    if person.get("last_return"):
        months = max(0, (_day(raw["start"]) - _day(person["last_return"])).days) // 30
        recency = max(0, 99 - months)
    deployments: int = person.get("deployments", 0)
    return 100 * min(deployments, 99) + recency


def _points(person: Raw, best_language: float) -> int:
    """101 for a volunteer, plus the language score as 0..100 of the best in the instance."""
    points = 101 if person.get("volunteer") else 0
    if person.get("language_score") is not None and best_language > 0:
        points += min(100, max(0, round(100 * person["language_score"] / best_language)))
    return points
