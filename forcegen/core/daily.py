"""Daily steps: work that falls due with the date rather than with an edit (a plan item whose
activity's last day has passed). The app that owns the records registers its step from its
`AppConfig.ready` (as reminder kinds are registered); the daily run (`manage.py send_reminders`)
runs every step before it raises the reminders, so neither side imports the other.

A step is given the day it runs for and returns how many records it changed. It must be safe to
run again the same day (the second run changes nothing) and its number of queries must not grow
with the records; it writes as the system (no user), audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class Step:
    code: str
    run: Callable[[datetime.date], int]


_STEPS: dict[str, Step] = {}


def register(step: Step) -> None:
    _STEPS[step.code] = step


def steps() -> list[Step]:
    """Every registered step, in registration order."""
    return list(_STEPS.values())


def run(*, today: datetime.date) -> dict[str, int]:
    """Run every step for `today`, each in its own transaction (a step that fails leaves the
    others' work in place); the number of records each one changed, by its code."""
    changed = {}
    for step in steps():
        with transaction.atomic():
            changed[step.code] = step.run(today)
    return changed
