"""The lower priorities as integer points per person.

Priority 4, fairness: a cost, lower is better.
    cost = 100 * deployments + recency, recency = 99 - months since the last return (at least 0;
    0 for someone never deployed). One more past deployment outweighs any difference in return
    date; among equals, whoever came back longer ago goes first.
Priority 5, preference: points, higher is better.
    points = 101 if volunteer, plus language points (0..100: language_score relative to the best
    score in the instance; none given counts 0). Volunteering outweighs any language difference.

The solver minimises the total cost of the assigned people, fixes it, then maximises their total
points. Inside a person class the best are those first in `key` order: lowest cost, then most
points (then input order, so that ties are broken the same way every time).
"""

from dataclasses import dataclass
from datetime import date

from .instance import Instance, Person

DEPLOYMENT_COST = 100
MAX_DEPLOYMENTS = 99  # bounds the numbers the solver sees
RECENCY_MONTHS = 99
VOLUNTEER_POINTS = 101
LANGUAGE_POINTS = 100
DAYS_PER_MONTH = 30


@dataclass(frozen=True, slots=True)
class Scores:
    cost: tuple[int, ...]  # per person index
    points: tuple[int, ...]

    def key(self, person: int) -> tuple[int, int, int]:
        """Sort key, best first."""
        return self.cost[person], -self.points[person], person


def fairness_cost(person: Person, start: date) -> int:
    deployments = min(person.deployments, MAX_DEPLOYMENTS)
    return DEPLOYMENT_COST * deployments + _recency(person, start)


def _recency(person: Person, start: date) -> int:
    if person.last_return is None:
        return 0
    months = max(0, (start - person.last_return).days) // DAYS_PER_MONTH
    return max(0, RECENCY_MONTHS - months)


def preference_points(person: Person, best_language: float) -> int:
    volunteer = VOLUNTEER_POINTS if person.volunteer else 0
    if person.language_score is None or best_language <= 0:
        return volunteer
    language = round(LANGUAGE_POINTS * person.language_score / best_language)
    return volunteer + min(LANGUAGE_POINTS, max(0, language))


def score_people(instance: Instance) -> Scores:
    best_language = max(
        (p.language_score for p in instance.people if p.language_score is not None), default=0.0
    )
    return Scores(
        cost=tuple(fairness_cost(p, instance.start) for p in instance.people),
        points=tuple(preference_points(p, best_language) for p in instance.people),
    )
