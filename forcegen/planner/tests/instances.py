"""Seeded random instances for the tests: small, but exercising every rule."""

import random
from datetime import date, timedelta
from typing import Any

START = date(2027, 3, 1)
ROLES = ("surgeon", "nurse", "driver", "engineer")
REQUIREMENTS = ("passport", "cptm", "english-b1")


def random_instance(seed: int, slots: int, people: int) -> dict[str, Any]:
    rng = random.Random(seed)
    return {
        "start": START.isoformat(),
        "end": (START + timedelta(days=180)).isoformat(),
        "min_female_share": rng.choice((0, 0, 0.25, 0.5)),
        "rest_days": rng.choice((0, 180, 365)),
        "min_experienced": rng.choice((0, 1, 2)),
        "slots": [_slot(rng, i) for i in range(slots)],
        "people": [_person(rng, i) for i in range(people)],
    }


def _slot(rng: random.Random, index: int) -> dict[str, Any]:
    slot: dict[str, Any] = {
        "id": f"S{index}",
        "role": rng.choice(ROLES),
        "requires": rng.sample(REQUIREMENTS, rng.randint(0, 2)),
        "female_only": rng.random() < 0.15,
    }
    if rng.random() < 0.2:  # a later rotation
        slot["start"] = (START + timedelta(days=90)).isoformat()
        slot["end"] = (START + timedelta(days=270)).isoformat()
    return slot


def _person(rng: random.Random, index: int) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": f"P{index}",
        "sex": rng.choice("FMM"),
        "roles": rng.sample(ROLES, rng.choice((1, 1, 2))),
        "has": rng.sample(REQUIREMENTS, rng.randint(1, 3)),
        "volunteer": rng.random() < 0.5,
    }
    if rng.random() < 0.4:
        person["deployments"] = rng.randint(1, 3)
        person["last_return"] = (START - timedelta(days=rng.randint(30, 900))).isoformat()
    if rng.random() < 0.15:
        first = START + timedelta(days=rng.randint(-60, 300))
        person["unavailable"] = [[first.isoformat(), (first + timedelta(days=30)).isoformat()]]
    if rng.random() < 0.6:
        person["language_score"] = rng.randint(0, 6)
    return person
