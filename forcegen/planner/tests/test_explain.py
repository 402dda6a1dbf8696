"""Every unfilled slot says why (coded clauses with counts, for the app to word), and what
training would fix it."""

from typing import Any

from forcegen.planner import load_instance, plan_to_dict, solve

START, END = "2027-03-01", "2028-02-29"


def unfilled(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    plan = plan_to_dict(solve(load_instance({"start": START, "end": END, **raw})))
    return {u["slot"]: u for u in plan["unfilled"]}


def man(pid: str, *roles: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "sex": "M", "roles": list(roles), **fields}


def woman(pid: str, *roles: str, **fields: Any) -> dict[str, Any]:
    return {**man(pid, *roles, **fields), "sex": "F"}


def reason(raw: dict[str, Any], slot: str) -> dict[str, Any]:
    return dict(unfilled(raw)[slot]["reason"])


def parts(raw: dict[str, Any], slot: str) -> list[dict[str, Any]]:
    return list(reason(raw, slot)["parts"])


def test_no_one_holds_the_role():
    raw = {"slots": [{"id": "S", "role": "dentist"}], "people": [man("a", "driver")]}
    assert reason(raw, "S") == {"role": "dentist", "holders": 0, "parts": [], "overlap": False}


def test_missing_requirements_are_counted_per_requirement():
    raw = {
        "slots": [{"id": "S", "role": "surgeon", "requires": ["passport", "cptm"]}],
        "people": [
            man("a", "surgeon", has=["passport"]),
            man("b", "surgeon", has=["passport"]),
            man("c", "surgeon", has=["cptm"]),
        ],
    }
    assert reason(raw, "S") == {
        "role": "surgeon",
        "holders": 3,
        "parts": [
            {"code": "lacks", "n": 2, "requirement": "cptm"},
            {"code": "lacks", "n": 1, "requirement": "passport"},
        ],
        "overlap": False,
    }


def test_rest_period_not_met():
    raw = {
        "rest_days": 365,
        "slots": [{"id": "S", "role": "nurse"}],
        "people": [man("a", "nurse", last_return="2026-10-01", deployments=1)],
    }
    assert reason(raw, "S")["holders"] == 1
    assert parts(raw, "S") == [{"code": "resting", "n": 1, "days": 365, "start": START}]


def test_unavailable_during_the_period():
    raw = {
        "slots": [{"id": "S", "role": "nurse"}],
        "people": [
            man("a", "nurse", unavailable=[["2027-02-01", "2027-03-01"]]),  # touches the start
            man("b", "nurse", unavailable=[["2028-02-29", "2028-04-01"]]),  # touches the end
        ],
    }
    assert parts(raw, "S") == [{"code": "unavailable", "n": 2, "start": START, "end": END}]


def test_women_only_slot():
    raw = {
        "slots": [{"id": "S", "role": "engineer", "female_only": True}],
        "people": [man("a", "engineer"), man("b", "engineer")],
    }
    assert parts(raw, "S") == [{"code": "men", "n": 2}]


def test_eligible_people_all_assigned_elsewhere():
    raw = {
        "slots": [{"id": "medic", "role": "medic"}, {"id": "nurse", "role": "nurse"}],
        "people": [man("a", "nurse", "medic")],
    }
    (empty,) = unfilled(raw)  # one of the two, both are as good
    taken = ({"medic", "nurse"} - {empty}).pop()
    assert reason(raw, empty)["role"] == empty
    assert parts(raw, empty) == [{"code": "assigned", "n": 1, "roles": [{"role": taken, "n": 1}]}]


def test_women_share_holds_back_free_men():
    raw = {
        "min_female_share": 0.5,
        "slots": [{"id": f"S{i}", "role": "driver"} for i in range(3)],
        "people": [woman("w", "driver"), man("m1", "driver"), man("m2", "driver")],
    }
    assert reason(raw, "S2")["holders"] == 3
    assert parts(raw, "S2") == [
        {"code": "assigned", "n": 2, "roles": [{"role": "driver", "n": 2}]},
        {"code": "share", "n": 1, "percent": 50.0},
    ]


def test_several_reasons_for_one_person_are_flagged():
    raw = {
        "rest_days": 365,
        "slots": [{"id": "S", "role": "nurse", "requires": ["cptm"]}],
        "people": [man("a", "nurse", last_return="2026-10-01")],
    }
    found = reason(raw, "S")
    assert found["holders"] == 1
    assert [part["code"] for part in found["parts"]] == ["lacks", "resting"]
    assert found["overlap"] is True


def training(seats: int | None = 20, ends: str = "2027-02-01") -> dict[str, Any]:
    return {"id": "CPTM-27", "gives": "cptm", "ends": ends, "seats": seats}


def test_fix_enrols_a_person_in_a_class_ending_before_departure():
    raw = {
        "slots": [{"id": "S", "role": "nurse", "requires": ["cptm", "passport"]}],
        "people": [woman("n", "nurse", has=["passport"])],
        "classes": [training()],
    }
    (fix,) = unfilled(raw)["S"]["fixes"]
    assert fix["person"] == "n"
    assert fix["classes"] == ["CPTM-27"]
    assert fix["enrolments"] == [{"class": "CPTM-27", "gives": ["cptm"], "ends": "2027-02-01"}]
    assert fix["start"] == START


def test_fix_combines_classes_for_several_missing_requirements():
    raw = {
        "slots": [{"id": "S", "role": "nurse", "requires": ["cptm", "english-b1"]}],
        "people": [woman("n", "nurse")],
        "classes": [training(), {"id": "ENG", "gives": ["english-b1"], "ends": "2027-01-15"}],
    }
    (fix,) = unfilled(raw)["S"]["fixes"]
    assert sorted(fix["classes"]) == ["CPTM-27", "ENG"]
    assert {e["class"]: e["gives"] for e in fix["enrolments"]} == {
        "CPTM-27": ["cptm"],
        "ENG": ["english-b1"],
    }


def test_no_fix_from_a_class_ending_after_departure_or_full():
    people = [woman("n", "nurse")]
    slots = [{"id": "S", "role": "nurse", "requires": ["cptm"]}]
    late = {"slots": slots, "people": people, "classes": [training(ends="2027-03-01")]}
    full = {"slots": slots, "people": people, "classes": [training(seats=0)]}
    assert unfilled(late)["S"]["fixes"] == []
    assert unfilled(full)["S"]["fixes"] == []


def test_fixes_respect_seats_and_propose_each_person_once():
    raw = {
        "slots": [{"id": f"S{i}", "role": "nurse", "requires": ["cptm"]} for i in range(3)],
        "people": [woman(f"n{i}", "nurse") for i in range(3)],
        "classes": [training(seats=2)],
    }
    fixes = [u["fixes"] for u in unfilled(raw).values()]
    proposed = [f["person"] for slot_fixes in fixes for f in slot_fixes]
    assert len(proposed) == 2
    assert len(set(proposed)) == 2


def test_no_fix_proposes_a_man_the_share_would_turn_away():
    raw = {
        "min_female_share": 0.5,
        "slots": [{"id": "S", "role": "nurse", "requires": ["cptm"]}],
        "people": [man("m", "nurse")],
        "classes": [training()],
    }
    assert unfilled(raw)["S"]["fixes"] == []
