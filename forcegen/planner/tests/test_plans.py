"""Plans: filled to the maximum, every hard rule kept, lower priorities in order, deterministic."""

from typing import Any

import pytest

from forcegen.planner import load_instance, plan_to_dict, solve
from forcegen.planner.tests.checker import (
    best_by_enumeration,
    max_matching,
    plan_value,
    violations,
)
from forcegen.planner.tests.instances import random_instance

START, END = "2027-03-01", "2028-02-29"


def plan_of(raw: dict[str, Any], method: str = "cp-sat") -> dict[str, Any]:
    return plan_to_dict(solve(load_instance(raw), method=method))


def person(pid: str, roles: list[str], **fields: Any) -> dict[str, Any]:
    return {"id": pid, "sex": "M", "roles": roles, **fields}


def slot(sid: str, role: str, **fields: Any) -> dict[str, Any]:
    return {"id": sid, "role": role, **fields}


def flexible_pool() -> dict[str, Any]:
    """F is the best surgeon and also a physician; greedy spends F on the surgeon slot (the most
    constrained, with 2 candidates), then the anaesthetist slots take H and I, and the physician
    slot is left with no one, though G, F, H, I fill all four."""
    return {
        "start": START,
        "end": END,
        "slots": [
            slot("A", "surgeon"),
            slot("B", "physician"),
            slot("C", "anaesthetist"),
            slot("D", "anaesthetist"),
        ],
        "people": [
            person("F", ["surgeon", "physician"], volunteer=True),
            person("G", ["surgeon"]),
            person("H", ["physician", "anaesthetist"], volunteer=True),
            person("I", ["physician", "anaesthetist"]),
        ],
    }


def share_pool() -> dict[str, Any]:
    """Half of the filled slots must go to women. Greedy gives the driver slot, the most
    constrained, to the volunteer W, leaving the logistics slot to a man, and must then drop a
    man to restore the share; CP-SAT sends W to logistics and V to the driver slot."""
    return {
        "start": START,
        "end": END,
        "min_female_share": 0.5,
        "slots": [
            slot("drv", "driver"),
            slot("log", "logistics"),
            slot("log2", "logistics"),
            slot("log3", "logistics"),
        ],
        "people": [
            {**person("W", ["driver", "logistics"], volunteer=True), "sex": "F"},
            {**person("V", ["driver"]), "sex": "F"},
            person("M1", ["logistics"], volunteer=True),
            person("M2", ["logistics"], volunteer=True),
        ],
    }


@pytest.mark.parametrize("make", [flexible_pool, share_pool])
def test_fills_slots_that_greedy_leaves_empty(make):
    raw = make()
    greedy, cpsat = plan_of(raw, "greedy"), plan_of(raw)
    assert greedy["filled"] < cpsat["filled"] == max_matching(raw)
    assert cpsat["status"] == "optimal"
    assert violations(raw, cpsat) == violations(raw, greedy) == []


def test_flexible_people_are_sent_where_only_they_fit():
    pairs = {(a["slot"], a["person"]) for a in plan_of(flexible_pool())["assignments"]}
    assert ("A", "G") in pairs
    assert ("B", "F") in pairs


@pytest.mark.parametrize("seed", range(30))
def test_every_plan_keeps_every_hard_rule(seed):
    raw = random_instance(seed, slots=30, people=40)
    cpsat, greedy = plan_of(raw), plan_of(raw, "greedy")
    assert violations(raw, cpsat) == []
    assert violations(raw, greedy) == []
    assert cpsat["filled"] >= greedy["filled"]
    assert cpsat["stages"][0]["optimal"]


@pytest.mark.parametrize("seed", range(30))
def test_fill_equals_an_independent_maximum_matching(seed):
    raw = {**random_instance(1000 + seed, slots=25, people=30), "min_female_share": 0}
    assert plan_of(raw)["filled"] == max_matching(raw)


@pytest.mark.parametrize("seed", range(50))
def test_plan_is_lexicographically_best_among_all_plans(seed):
    """Enumerate every plan of a tiny instance: fill under the share, then experience, then
    fairness, then preference must each be the best possible given the ones before."""
    raw = random_instance(2000 + seed, slots=5, people=6)
    plan = plan_of(raw)
    index = {p["id"]: i for i, p in enumerate(raw["people"])}
    chosen = [index[a["person"]] for a in plan["assignments"]]
    assert plan_value(raw, chosen) == best_by_enumeration(raw)
    assert plan["status"] in ("optimal", "infeasible")


def test_share_is_met_over_filled_slots_even_if_that_leaves_slots_empty():
    raw = {
        "start": START,
        "end": END,
        "min_female_share": 0.5,
        "slots": [slot(f"S{i}", "driver") for i in range(4)],
        "people": [
            {**person("W", ["driver"]), "sex": "F"},
            *(person(f"M{i}", ["driver"]) for i in range(4)),
        ],
    }
    plan = plan_of(raw)
    assert plan["filled"] == 2
    assert plan["female_share"] == 0.5
    assert plan["max_fill_without_share"] == 4


def test_no_eligible_woman_means_the_share_cannot_be_met():
    raw = {
        "start": START,
        "end": END,
        "min_female_share": 0.15,
        "slots": [slot("S1", "driver")],
        "people": [person("M1", ["driver"])],
    }
    plan = plan_of(raw)
    assert plan["status"] == "infeasible"
    assert plan["filled"] == 0
    assert "a women's share of 15%" in plan["message"]
    assert plan["notices"] == [{"code": "share_impossible", "n": 0, "percent": 15.0}]
    assert plan["max_fill_without_share"] == 1


def test_experienced_people_are_kept_before_fairness():
    """Fairness prefers the never-deployed, but one experienced person is required."""
    raw = {
        "start": START,
        "end": END,
        "min_experienced": 1,
        "slots": [slot("S1", "driver"), slot("S2", "driver")],
        "people": [
            person("new1", ["driver"]),
            person("new2", ["driver"]),
            person("old", ["driver"], deployments=2, last_return="2024-01-01"),
        ],
    }
    plan = plan_of(raw)
    assert {a["person"] for a in plan["assignments"]} == {"new1", "old"}
    assert plan["experienced"] == 1
    assert plan["message"] == ""
    assert plan["notices"] == []
    assert [s["name"] for s in plan["stages"]] == [
        "filled",
        "experience_shortfall",
        "fairness_cost",
        "preference_points",
    ]


def test_fairness_comes_before_volunteering_and_language():
    raw = {
        "start": START,
        "end": END,
        "slots": [slot("S1", "nurse")],
        "people": [
            person("keen", ["nurse"], volunteer=True, language_score=90, deployments=1),
            person("fresh", ["nurse"]),
        ],
    }
    assert plan_of(raw)["assignments"] == [{"slot": "S1", "person": "fresh"}]


def test_volunteers_then_language_break_ties():
    raw = {
        "start": START,
        "end": END,
        "slots": [slot("S1", "nurse"), slot("S2", "nurse")],
        "people": [
            person("a", ["nurse"], language_score=80),
            person("b", ["nurse"], volunteer=True, language_score=10),
            person("c", ["nurse"], language_score=40),
        ],
    }
    assert {a["person"] for a in plan_of(raw)["assignments"]} == {"a", "b"}


def test_same_instance_gives_the_same_plan():
    raw = random_instance(7, slots=60, people=120)
    first, second = plan_of(raw), plan_of(raw)
    first.pop("seconds")
    second.pop("seconds")
    assert first == second


def test_greedy_falls_back_when_cpsat_finds_nothing_in_time(monkeypatch):
    monkeypatch.setattr("forcegen.planner.plan.solve_classes", lambda *args: None)
    raw = flexible_pool()
    plan = plan_of(raw)
    assert plan["method"] == "greedy"
    assert "time limit" in plan["message"]
    assert plan["notices"] == [{"code": "greedy_fallback", "n": 0}]
    assert violations(raw, plan) == []
    assert plan["bound"] is None


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method"):
        solve(load_instance(flexible_pool()), method="magic")


@pytest.mark.parametrize("time_limit", [1e-6, 0.02])
def test_a_tiny_time_limit_still_gives_a_valid_plan_no_worse_than_greedy(time_limit):
    raw = random_instance(11, slots=60, people=120)
    plan = plan_to_dict(solve(load_instance(raw), time_limit=time_limit))
    assert violations(raw, plan) == []
    assert plan["filled"] >= plan_of(raw, "greedy")["filled"]


def test_a_shortfall_of_experienced_people_is_reported():
    raw = {
        "start": START,
        "end": END,
        "min_experienced": 2,
        "slots": [slot("S1", "driver"), slot("S2", "driver")],
        "people": [person("new", ["driver"]), person("old", ["driver"], experienced=True)],
    }
    plan = plan_of(raw)
    assert plan["experienced"] == 1
    assert (
        plan["message"] == "Only 1 experienced person is in the plan; min_experienced asks for 2."
    )
    assert plan["notices"] == [{"code": "few_experienced", "n": 1, "minimum": 2}]
    assert plan["stages"][1] == {
        "name": "experience_shortfall",
        "sense": "min",
        "objective": 1,
        "bound": 1,
        "gap": 0.0,
        "optimal": True,
    }
