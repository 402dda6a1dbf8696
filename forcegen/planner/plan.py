"""The planner's entry point: an Instance in, a Plan out, and the Plan as JSON-ready data."""

import time
from dataclasses import dataclass
from typing import Any

from .cpsat import Stage, max_fill, solve_classes
from .explain import Part, Unfilled, explain
from .greedy import greedy
from .instance import Instance
from .reduce import Reduction, flows_of, pick, reduce
from .scoring import Scores, score_people

METHODS = ("cp-sat", "greedy")

# Notices on the whole plan, as coded parts (the app words them; `message` is the English).
GREEDY_FALLBACK = "greedy_fallback"  # CP-SAT found no plan in time: the greedy plan
SHARE_IMPOSSIBLE = "share_impossible"  # percent: no woman fits any slot, nothing is filled
FEW_EXPERIENCED = "few_experienced"  # n experienced in the plan, `minimum` asked


@dataclass(frozen=True, slots=True)
class Assignment:
    slot: str
    person: str


@dataclass(frozen=True, slots=True)
class Plan:
    # "optimal": every stage proven; "feasible": a valid plan, not every stage proven;
    # "infeasible": no plan with a filled slot meets min_female_share (no woman fits any slot).
    status: str
    method: str  # "cp-sat" or "greedy"
    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    stages: tuple[Stage, ...]  # CP-SAT's lexicographic stages, highest priority first
    slots: int
    filled: int
    women: int
    experienced: int
    fairness_cost: int
    preference_points: int
    max_fill_without_share: int | None  # what the women's share costs, when it is set
    reduction: dict[str, int]  # sizes of the reduced model (Reduction.sizes)
    notices: tuple[Part, ...]
    message: str  # the notices in English, for the command line
    seconds: float

    @property
    def objective(self) -> int:
        """The lowest-priority objective, preference points (scoring.py)."""
        return self.preference_points

    @property
    def bound(self) -> int | None:
        return self.stages[-1].bound if self.stages else None

    @property
    def gap(self) -> float | None:
        return self.stages[-1].gap if self.stages else None

    @property
    def female_share(self) -> float | None:
        return self.women / self.filled if self.filled else None


def solve(instance: Instance, *, time_limit: float = 10.0, method: str = "cp-sat") -> Plan:
    """Plan the slots; if CP-SAT finds no plan within time_limit, fall back to greedy."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    began = time.perf_counter()
    deadline = began + time_limit
    scores = score_people(instance)
    reduction = reduce(instance, scores)
    # Greedy is cheap on the classes; as CP-SAT's first hint it guarantees that CP-SAT never
    # fills fewer slots than greedy, even when the time limit stops it early.
    pairs = greedy(instance, reduction, scores)
    class_plan = None
    if method == "cp-sat":
        hint = flows_of(reduction, pairs)
        class_plan = solve_classes(instance, reduction, scores, deadline, hint)
    notices: list[tuple[Part, str]] = []
    stages: tuple[Stage, ...] = ()
    if class_plan is not None:
        pairs, stages = pick(reduction, class_plan.flows), class_plan.stages
    elif method == "cp-sat":
        notices.append(
            (
                Part(GREEDY_FALLBACK, 0),
                "CP-SAT found no plan within the time limit: this is the greedy plan.",
            )
        )
    without_share = None
    if stages and instance.min_female_share > 0:
        without_share = _max_fill_without_share(instance, reduction, deadline, len(pairs))
    status = _status(stages)
    if _share_impossible(instance, reduction):
        status = "infeasible"
        percent = round(instance.min_female_share * 100, 2)
        notices.append(
            (
                Part(SHARE_IMPOSSIBLE, 0, (("percent", percent),)),
                f"No plan can reach a women's share of {percent:g}%: no woman fits any slot, "
                "so no slot is filled. Lower the share or make women eligible.",
            )
        )
    return _plan(
        instance,
        pairs,
        scores,
        reduction=reduction,
        status=status,
        method="greedy" if class_plan is None else "cp-sat",
        stages=stages,
        without_share=without_share,
        notices=notices,
        began=began,
    )


def _status(stages: tuple[Stage, ...]) -> str:
    return "optimal" if stages and all(stage.optimal for stage in stages) else "feasible"


def _share_impossible(instance: Instance, reduction: Reduction) -> bool:
    """A single woman meets any share, so only a pool with no eligible woman can fail it."""
    classes = reduction.person_classes
    return (
        instance.min_female_share > 0
        and bool(classes)
        and not any(person_class.female for person_class in classes)
    )


def _max_fill_without_share(
    instance: Instance, reduction: Reduction, deadline: float, filled: int
) -> int | None:
    if filled == len(instance.slots):
        return filled
    stage = max_fill(instance, reduction, deadline, with_share=False)
    return stage.objective if stage.optimal else None


def _plan(
    instance: Instance,
    pairs: list[tuple[int, int]],
    scores: Scores,
    *,
    reduction: Reduction,
    status: str,
    method: str,
    stages: tuple[Stage, ...],
    without_share: int | None,
    notices: list[tuple[Part, str]],
    began: float,
) -> Plan:
    people = [instance.people[p] for _, p in pairs]
    women = sum(person.female for person in people)
    experienced = sum(person.experienced for person in people)
    if experienced < instance.min_experienced:
        notices.append(
            (
                Part(FEW_EXPERIENCED, experienced, (("minimum", instance.min_experienced),)),
                f"Only {experienced} experienced "
                f"{'person is' if experienced == 1 else 'people are'} in the plan; "
                f"min_experienced asks for {instance.min_experienced}.",
            )
        )
    unfilled = tuple(explain(instance, pairs, scores))
    return Plan(
        status=status,
        method=method,
        assignments=tuple(
            Assignment(instance.slots[s].id, instance.people[p].id) for s, p in pairs
        ),
        unfilled=unfilled,
        stages=stages,
        slots=len(instance.slots),
        filled=len(pairs),
        women=women,
        experienced=experienced,
        fairness_cost=sum(scores.cost[p] for _, p in pairs),
        preference_points=sum(scores.points[p] for _, p in pairs),
        max_fill_without_share=without_share,
        reduction=reduction.sizes(),
        notices=tuple(part for part, _text in notices),
        message=" ".join(text for _part, text in notices),
        seconds=time.perf_counter() - began,
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "status": plan.status,
        "method": plan.method,
        "message": plan.message,
        "notices": [notice.as_dict() for notice in plan.notices],
        "slots": plan.slots,
        "filled": plan.filled,
        "female_share": None if plan.female_share is None else round(plan.female_share, 4),
        "experienced": plan.experienced,
        "fairness_cost": plan.fairness_cost,
        "preference_points": plan.preference_points,
        "max_fill_without_share": plan.max_fill_without_share,
        "reduction": plan.reduction,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "stages": [
            {
                "name": stage.name,
                "sense": stage.sense,
                "objective": stage.objective,
                "bound": stage.bound,
                "gap": stage.gap,
                "optimal": stage.optimal,
            }
            for stage in plan.stages
        ],
        "assignments": [{"slot": a.slot, "person": a.person} for a in plan.assignments],
        "unfilled": [
            {
                "slot": u.slot,
                "reason": u.reason.as_dict(),
                "fixes": [f.as_dict() for f in u.fixes],
            }
            for u in plan.unfilled
        ],
        "seconds": round(plan.seconds, 3),
    }
