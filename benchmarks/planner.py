"""Rotation planner benchmark: CP-SAT against the greedy baseline, through the real CLI.

    .venv/bin/python benchmarks/planner.py [--sizes small,target,tight,large] [--keep DIR]

(large, 2,000 slots from 100,000 people, is left out by default.)

Each instance is generated from a fixed seed (realistic units, pools, requirements, women's
share, rest periods and unavailability), written to JSON and solved by
`python -m forcegen.planner solve FILE` in a subprocess, so the times include interpreter start,
imports, JSON parsing, the reduction, every solver stage and the explanations. Targets: 250 slots
from 20,000 people in at most 2 s, 1,000 slots from 50,000 people in at most 5 s, slots filled
proven optimal and never fewer than greedy. The "tight" instances are small pools of people with
several roles, where taking the best candidate for the most constrained slot first leaves slots
empty that a matching fills.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE = ("passport", "medical", "cptm")

# Unit templates: role -> (slots, extra requirements, women-only slots among them).
Template = dict[str, tuple[int, tuple[str, ...], int]]


def _in_mission_area(template: Template, *requires: str) -> Template:
    """Every slot of a unit also needs what its mission area demands (e.g. a vaccination)."""
    return {role: (n, (*extra, *requires), women) for role, (n, extra, women) in template.items()}


FIELD_HOSPITAL = _in_mission_area(
    {
        "surgeon": (4, ("english-b1",), 0),
        "anaesthetist": (2, (), 0),
        "physician": (4, ("english-b1",), 1),
        "nurse": (22, (), 4),
        "paramedic": (6, (), 0),
        "pharmacist": (1, (), 0),
        "lab-technician": (2, (), 0),
        "radiographer": (1, (), 0),
        "dentist": (1, (), 0),
        "driver": (6, ("driving-licence",), 0),
        "logistics": (6, (), 0),
        "staff-officer": (3, ("english-b1",), 0),
        "cook": (3, (), 0),
        "signaller": (2, (), 0),
    },  # 63
    "yellow-fever",
)
ENGINEER_COMPANY = _in_mission_area(
    {
        "combat-engineer": (110, (), 8),  # with a female engagement team
        "eod-technician": (12, (), 0),
        "plant-operator": (16, ("driving-licence",), 0),
        "driver": (20, ("driving-licence",), 0),
        "logistics": (10, (), 0),
        "staff-officer": (6, ("english-b1",), 0),
        "medic": (6, (), 0),
        "signaller": (4, (), 0),
    },  # 184
    "yellow-fever",
)
OBSERVERS: Template = {"military-observer": (20, ("english-b1", "driving-licence"), 2)}
STAFF: Template = {"staff-officer": (3, ("english-b1",), 0)}
# Pairs of roles a person often holds both of: the source of greedy's mistakes.
SECOND_ROLES = {
    "surgeon": "physician",
    "physician": "surgeon",
    "anaesthetist": "physician",
    "nurse": "paramedic",
    "paramedic": "medic",
    "medic": "nurse",
    "combat-engineer": "eod-technician",
    "eod-technician": "combat-engineer",
    "plant-operator": "driver",
    "driver": "logistics",
    "logistics": "driver",
    "staff-officer": "military-observer",
    "military-observer": "staff-officer",
    "signaller": "staff-officer",
}
OTHER_ROLES = ("infantry", "artillery", "clerk", "military-police")
WOMEN_BY_ROLE = {"nurse": 0.6, "physician": 0.4, "pharmacist": 0.5, "lab-technician": 0.45}


Units = tuple[tuple[str, Template, int], ...]


@dataclass(frozen=True)
class Case:
    name: str
    units: Units  # (id prefix, template, start offset in months)
    people: int
    seed: int
    tight: bool = False  # a small pool where many hold two roles


TARGET_250: Units = (
    ("hosp", FIELD_HOSPITAL, 0),
    ("engr", ENGINEER_COMPANY, 0),
    ("staff", STAFF, 0),
)
# Seven units and twenty observer/staff rotations over nine months: 1,000 slots.
TARGET_1000: Units = (
    *((f"engr{i}", ENGINEER_COMPANY, 3 * i) for i in range(3)),
    *((f"hosp{i}", FIELD_HOSPITAL, 2 * i) for i in range(4)),
    *((f"mo{i}", OBSERVERS, i) for i in range(8)),
    *((f"so{i}", STAFF, i) for i in range(12)),
)
# Twice that, from 100,000 people: beyond the targets, to see how it scales.
LARGE: Units = tuple((f"{prefix}b", t, m) for prefix, t, m in TARGET_1000) + TARGET_1000
CASES = {
    "small": [Case("field hospital / 2k", (("hosp", FIELD_HOSPITAL, 0),), 2_000, 5)],
    "target": [
        Case("250 slots / 20k", TARGET_250, 20_000, 1),
        Case("250 slots / 20k", TARGET_250, 20_000, 2),
        Case("1000 slots / 50k", TARGET_1000, 50_000, 3),
        Case("1000 slots / 50k", TARGET_1000, 50_000, 4),
    ],
    "tight": [
        Case("hospital, tight pool", (("hosp", FIELD_HOSPITAL, 0),), 80, 11, tight=True),
        Case("company, tight pool", (("engr", ENGINEER_COMPANY, 0),), 230, 12, tight=True),
        Case("250 slots, tight pool", TARGET_250, 320, 13, tight=True),
        Case("1000 slots, tight pool", TARGET_1000, 1_300, 14, tight=True),
    ],
    "large": [Case("2000 slots / 100k", LARGE, 100_000, 6)],
}


def make_instance(case: Case) -> dict[str, Any]:
    rng = random.Random(case.seed)
    start = date(2027, 3, 1)
    slots = list(_slots(case, start))
    demand: dict[str, int] = {}
    for slot in slots:
        demand[slot["role"]] = demand.get(slot["role"], 0) + 1
    people = [_person(rng, i, demand, start, case.tight) for i in range(case.people)]
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(days=364)).isoformat(),
        "min_female_share": rng.choice((0.15, 0.2, 0.25)),
        "rest_days": 365,
        "min_experienced": len(slots) // 7,
        "slots": slots,
        "people": people,
        "classes": _classes(start),
    }


def _slots(case: Case, start: date) -> Iterator[dict[str, Any]]:
    for prefix, template, offset_months in case.units:
        unit_start = start + timedelta(days=30 * offset_months)
        for role, (count, extra, women_only) in template.items():
            for k in range(count):
                slot: dict[str, Any] = {
                    "id": f"{prefix}-{role}-{k + 1:03d}",
                    "role": role,
                    "requires": [*BASE, *extra],
                    "female_only": k < women_only,
                }
                if offset_months:
                    slot["start"] = unit_start.isoformat()
                    slot["end"] = (unit_start + timedelta(days=364)).isoformat()
                yield slot


def _person(
    rng: random.Random, index: int, demand: dict[str, int], start: date, tight: bool
) -> dict[str, Any]:
    roles_wanted = list(demand)
    if tight or rng.random() < 0.6:
        role = rng.choices(roles_wanted, weights=[demand[r] for r in roles_wanted])[0]
    else:
        role = rng.choice(OTHER_ROLES)
    roles = [role]
    if role in SECOND_ROLES and rng.random() < (0.45 if tight else 0.15):
        roles.append(SECOND_ROLES[role])
    female = rng.random() < WOMEN_BY_ROLE.get(role, 0.22)
    officer = role in ("staff-officer", "military-observer", "surgeon", "physician")
    has = [
        name
        for name, p in (
            ("passport", 0.75),
            ("medical", 0.85),
            ("cptm", 0.5),
            ("english-b1", 0.55 if officer else 0.15),
            ("yellow-fever", 0.6),
            ("driving-licence", 0.9 if role in ("driver", "plant-operator") else 0.4),
        )
        if rng.random() < (min(1.0, p + 0.3) if tight else p)
    ]
    person: dict[str, Any] = {
        "id": f"P{index:06d}",
        "sex": "F" if female else "M",
        "roles": roles,
        "has": has,
        "volunteer": rng.random() < 0.55,
    }
    if rng.random() < 0.35:
        person["deployments"] = rng.randint(1, 4)
        person["last_return"] = (start - timedelta(days=rng.randint(90, 6 * 365))).isoformat()
    if rng.random() < 0.08:
        first = start + timedelta(days=rng.randint(-200, 400))
        person["unavailable"] = [
            [first.isoformat(), (first + timedelta(days=rng.randint(7, 120))).isoformat()]
        ]
    if rng.random() < 0.7:
        person["language_score"] = rng.randint(0, 100)
    return person


def _classes(start: date) -> list[dict[str, Any]]:
    """Pre-deployment training still open: (id, gives, days before the start it ends, seats).

    CPTM-2027-02 ends after the start: it must never be proposed as a fix.
    """
    courses = [
        ("CPTM-2027-01", ["cptm"], 28, 30),
        ("CPTM-2027-02", ["cptm"], -14, 30),
        ("ENG-B1-2026", ["english-b1"], 60, 12),
        ("YF-VACCINATION", ["yellow-fever"], 10, 40),
    ]
    return [
        {"id": id_, "gives": gives, "ends": (start - timedelta(days=days)).isoformat(), "seats": n}
        for id_, gives, days, n in courses
    ]


@dataclass(frozen=True)
class Run:
    seconds: float
    plan: dict[str, Any]


def run_cli(path: Path, *options: str) -> Run:
    """Solve through the CLI in a fresh interpreter, timing the whole command."""
    command = [sys.executable, "-m", "forcegen.planner", "solve", str(path), *options]
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return Run(time.perf_counter() - began, json.loads(done.stdout))


def _gap(value: float | None) -> str:
    return "-" if value is None else f"{value:.1e}" if value else "0"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


HEADER = [
    "instance",
    "slots",
    "people",
    "pairs -> vars",
    "CP-SAT s",
    "filled",
    "proven",
    "fair.cost",
    "objective",
    "bound",
    "gap",
    "greedy s",
    "filled",
    "fair.cost",
    "objective",
]


def report(case: Case, slots: int, cpsat: Run, greedy: Run) -> str:
    c, g = cpsat.plan, greedy.plan
    filled_stage = c["stages"][0] if c["stages"] else {}
    sizes = c["reduction"]
    return _row(
        [
            f"{case.name} (seed {case.seed})",
            str(slots),
            f"{case.people:,}",
            f"{sizes['eligible_pairs']:,} -> {sizes['flow_variables']:,}",
            f"{cpsat.seconds:.2f}",
            str(c["filled"]),
            "yes" if filled_stage.get("optimal") else "NO",
            str(c["fairness_cost"]),
            str(c["objective"]),
            str(c["bound"]),
            _gap(c["gap"]),
            f"{greedy.seconds:.2f}",
            str(g["filled"])
            + ("" if g["filled"] == c["filled"] else f" ({g['filled'] - c['filled']:+d})"),
            str(g["fairness_cost"]),
            str(g["objective"]),
        ]
    )


LEGEND = """\
Times are whole CLI runs (start-up, parsing, reduction, every stage, explanations).
pairs -> vars: eligible (person, slot) pairs, one boolean each in a naive model -> integer flow
variables after the reduction. proven: slots filled proven maximal. fair.cost: stage 3 (lower is
better). objective, bound, gap: stage 4, preference points (higher is better). Both are totals
over the filled slots: compare them between CP-SAT and greedy only where both fill as many.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="small,target,tight", help="comma-separated: " + ",".join(CASES)
    )
    parser.add_argument("--keep", type=Path, help="write the instances to this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="planner-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(LEGEND)
    print(_row(HEADER))
    print(_row(["---"] * len(HEADER)))
    for group in args.sizes.split(","):
        for case in CASES[group]:
            instance = make_instance(case)
            path = folder / f"{group}-{len(instance['slots'])}-{case.seed}.json"
            path.write_text(json.dumps(instance))
            cpsat, greedy = run_cli(path), run_cli(path, "--greedy")
            print(report(case, len(instance["slots"]), cpsat, greedy), flush=True)


if __name__ == "__main__":
    main()
