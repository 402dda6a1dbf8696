"""Lexicographic CP-SAT over the reduced model: integer flows from person to slot classes.

Each stage optimises one priority and then fixes its value as a constraint for the next:
    1. maximise slots filled, under the women's share (a hard constraint);
    2. minimise the shortfall of experienced people below min_experienced (if set);
    3. minimise the total fairness cost; 4. maximise the total preference points (scoring.py).
A class sending k people sends its first k in key order (lowest cost, then most points). Its
members are cut into runs of equal (cost, points), one integer variable per run, summing to k.
Stage 3's cost of the first k is convex in k, so a minimiser fills cheaper runs first without
any ordering constraint; once that optimum is fixed, runs of different cost can no longer be
swapped, and stage 4 picks the most points among equal cost. The model is exact and its LP
relaxation stays as tight as a network flow's.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from ortools.sat.python import cp_model

from .instance import Instance
from .reduce import Flows, Reduction
from .rules import share_ratio
from .scoring import Scores

# Fixed seed and one worker: the same instance gives the same plan on every run, and one
# worker leaves the second core to the web server. Flow models solve fast without a portfolio.
SEED = 7
WORKERS = 1


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    sense: str  # "max" or "min"
    objective: int
    bound: int | None  # None: the time limit passed before the solver had a plan here
    optimal: bool

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        return abs(self.bound - self.objective) / max(1, abs(self.objective))


@dataclass(frozen=True, slots=True)
class ClassPlan:
    flows: Flows
    stages: tuple[Stage, ...]


class _FlowModel:
    def __init__(self, instance: Instance, reduction: Reduction, *, with_share: bool) -> None:
        self.model = cp_model.CpModel()
        self.reduction = reduction
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        for p, person_class in enumerate(reduction.person_classes):
            for s in person_class.fits:
                self.x[p, s] = self.model.new_int_var(0, self._top(p, s), f"x{p}_{s}")
        self._add_capacities()
        self.filled = sum(self.x.values())
        women = sum(v for (p, _), v in self.x.items() if reduction.person_classes[p].female)
        if with_share and instance.min_female_share > 0:
            num, den = share_ratio(instance.min_female_share)
            self.model.add(den * women >= num * self.filled)
        classes = reduction.person_classes
        self.experienced = sum(v for (p, _), v in self.x.items() if classes[p].experienced)
        self.shortfall: tuple[cp_model.IntVar, int] | None = None  # (variable, wanted)
        # Per person class, its run variables in key order with their sizes (see _runs).
        self.runs_of: dict[int, list[tuple[int, cp_model.IntVar]]] = {}

    def _add_capacities(self) -> None:
        """No class gives more people than it has, nor takes more than its slots."""
        for p, person_class in enumerate(self.reduction.person_classes):
            size = len(person_class.members)
            arcs = [self.x[p, s] for s in person_class.fits]
            if sum(self._top(p, s) for s in person_class.fits) > size:  # else it cannot bind
                self.model.add(sum(arcs) <= size)
        by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (_, s), var in self.x.items():
            by_slot[s].append(var)
        for s, arcs in by_slot.items():
            self.model.add(sum(arcs) <= len(self.reduction.slot_classes[s].slots))

    def _top(self, p: int, s: int) -> int:
        members = self.reduction.person_classes[p].members
        return min(len(members), len(self.reduction.slot_classes[s].slots))

    def people_of(self, p: int) -> cp_model.LinearExprT:
        return sum(self.x[p, s] for s in self.reduction.person_classes[p].fits)

    def hint(self, flows: Flows) -> None:
        """Hint every variable from a plan, so that the next stage starts from it instead of
        searching for a first solution again. Runs are taken in key order: the picks' true
        values, also when an unproven solution left them out of order."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]  # untyped in ortools
        for key, var in self.x.items():
            self.model.add_hint(var, flows.get(key, 0))
        taken = _taken(flows)
        if self.shortfall is not None:
            var, wanted = self.shortfall
            classes = self.reduction.person_classes
            done = sum(n for p, n in taken.items() if classes[p].experienced)
            self.model.add_hint(var, max(0, wanted - done))
        for p, runs in self.runs_of.items():
            left = taken.get(p, 0)
            for size, var in runs:
                self.model.add_hint(var, min(size, left))
                left -= min(size, left)

    def run(
        self, name: str, sense: str, deadline: float, current: Flows, value: Callable[[Flows], int]
    ) -> tuple[Stage, Flows]:
        """Optimise the current objective until proven or the deadline, starting from the
        current plan. The solver returns any plan optimal for this stage; the current plan,
        if just as good here, is kept: it is greedy's or the last stage's, usually better for
        the priorities below, which matters if the time limit stops the next stages early."""
        solver = cp_model.CpSolver()
        parameters = solver.parameters
        parameters.max_time_in_seconds = max(0.001, deadline - time.perf_counter())
        parameters.num_workers = WORKERS
        parameters.random_seed = SEED
        # A network flow with a few side constraints: the full LP relaxation closes it fast,
        # while symmetry detection, probing and re-searching around the hint only cost time
        # (measured with benchmarks/planner.py).
        parameters.linearization_level = 2
        parameters.symmetry_level = 0
        parameters.cp_model_probing_level = 0
        parameters.hint_conflict_limit = 0
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Stage(name, sense, value(current), None, optimal=False), current
        found = {key: solver.value(var) for key, var in self.x.items() if solver.value(var)}
        better = value(found) - value(current)
        final = found if (better > 0 if sense == "max" else better < 0) else current
        self.hint(final)
        bound = round(solver.best_objective_bound)
        return Stage(name, sense, value(final), bound, status == cp_model.OPTIMAL), final


def _filled(flows: Flows) -> int:
    return sum(flows.values())


def max_fill(
    instance: Instance, reduction: Reduction, deadline: float, *, with_share: bool
) -> Stage:
    flow = _FlowModel(instance, reduction, with_share=with_share)
    flow.model.maximize(flow.filled)
    return flow.run("filled", "max", deadline, {}, _filled)[0]


def solve_classes(
    instance: Instance, reduction: Reduction, scores: Scores, deadline: float, hint: Flows
) -> ClassPlan | None:
    """None when the deadline passes before the solver has any plan (the caller falls back).

    `hint` is a valid plan (greedy's) to start from.
    """
    flow = _FlowModel(instance, reduction, with_share=True)
    flow.hint(hint)
    flow.model.maximize(flow.filled)
    stage, flows = flow.run("filled", "max", deadline, hint, _filled)
    if stage.bound is None:
        return None
    stages = [stage]
    flow.model.add(
        flow.filled == stage.objective if stage.optimal else flow.filled >= stage.objective
    )
    if stage.objective and instance.min_experienced:
        stage, flows = _experience_stage(flow, instance.min_experienced, deadline, flows)
        stages.append(stage)
    runs = _runs(flow, scores, flows)
    stage, flows = _fairness_stage(flow, runs, scores, deadline, flows)
    stages.append(stage)
    stage, flows = _preference_stage(flow, runs, scores, deadline, flows)
    stages.append(stage)
    return ClassPlan(flows=flows, stages=tuple(stages))


def _experience_stage(
    flow: _FlowModel, wanted: int, deadline: float, flows: Flows
) -> tuple[Stage, Flows]:
    classes = flow.reduction.person_classes

    def shortfall_of(plan: Flows) -> int:
        return max(0, wanted - sum(n for (p, _), n in plan.items() if classes[p].experienced))

    shortfall = flow.model.new_int_var(0, wanted, "shortfall")
    flow.shortfall = shortfall, wanted
    flow.hint(flows)
    flow.model.add(shortfall >= wanted - flow.experienced)
    flow.model.minimize(shortfall)
    stage, flows = flow.run("experience_shortfall", "min", deadline, flows, shortfall_of)
    flow.model.add(shortfall <= stage.objective)
    return stage, flows


_Run = tuple[int, int, cp_model.LinearExprT]  # cost, points, people taken from the run


def _runs(flow: _FlowModel, scores: Scores, flows: Flows) -> list[_Run]:
    runs: list[_Run] = []
    for p, person_class in enumerate(flow.reduction.person_classes):
        seats = flow.reduction.seats(person_class)
        groups = [
            (cost, points, len(list(group)))
            for (cost, points), group in groupby(
                (scores.cost[m], scores.points[m]) for m in person_class.members[:seats]
            )
        ]
        if len(groups) == 1:
            runs.append((groups[0][0], groups[0][1], flow.people_of(p)))
            continue
        parts = [
            flow.model.new_int_var(0, size, f"run{p}_{i}") for i, (*_, size) in enumerate(groups)
        ]
        flow.model.add(sum(parts) == flow.people_of(p))
        flow.runs_of[p] = [(size, part) for (*_, size), part in zip(groups, parts, strict=True)]
        runs.extend(
            (cost, points, part) for (cost, points, _), part in zip(groups, parts, strict=True)
        )
    flow.hint(flows)
    return runs


def _fairness_stage(
    flow: _FlowModel, runs: list[_Run], scores: Scores, deadline: float, flows: Flows
) -> tuple[Stage, Flows]:
    total = sum(cost * taken for cost, _, taken in runs)
    flow.model.minimize(total)
    # Valued by the picks' true cost: the model's equals it at the optimum, and can only be
    # higher for an unproven plan whose runs were taken out of order.
    stage, flows = flow.run(
        "fairness_cost", "min", deadline, flows, partial(_picked_total, flow.reduction, scores.cost)
    )
    flow.model.add(total <= stage.objective)
    return stage, flows


def _preference_stage(
    flow: _FlowModel, runs: list[_Run], scores: Scores, deadline: float, flows: Flows
) -> tuple[Stage, Flows]:
    flow.model.maximize(sum(points * taken for _, points, taken in runs))
    value = partial(_picked_total, flow.reduction, scores.points)
    return flow.run("preference_points", "max", deadline, flows, value)


def _picked_total(reduction: Reduction, values: tuple[int, ...], flows: Flows) -> int:
    """The total of `values` over the people the flows pick: each class's first members."""
    return sum(
        sum(values[m] for m in reduction.person_classes[p].members[:n])
        for p, n in _taken(flows).items()
    )


def _taken(flows: Flows) -> dict[int, int]:
    """People taken from each person class."""
    taken: dict[int, int] = defaultdict(int)
    for (p, _), n in flows.items():
        taken[p] += n
    return taken
