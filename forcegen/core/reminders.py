"""Reminder kinds: what each app watches for. The reminders app raises, delivers and resolves the
reminders; the app that owns the records says what is due, registering its kinds from its
`AppConfig.ready` (as dashboard panels and eligibility rules are registered), so neither side
imports the other.

A kind's finder answers for every organisation at once, in a fixed number of queries: it gets
each organisation's horizon (days ahead) and today, and returns what is due.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Choices, Q
from django.utils.functional import Promise


@dataclass(frozen=True)
class Due:
    """One cause of a reminder. `target` names the record the same way every run (the reminder
    is never raised twice for it); `params` fill the kind's reason; `person_id` is the person
    concerned, told when the organisation's rule says so."""

    organisation_id: int
    target: str
    due_on: datetime.date
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    person_id: int | None = None


# (horizon in days per organisation id, today) -> what is due in those organisations.
Finder = Callable[[dict[int, int], datetime.date], Iterable[Due]]


@dataclass(frozen=True)
class Kind:
    """What is watched. `reason` is a gettext message filled with a Due's params when shown (in
    the reader's language); `choices` name the params that hold a choice value to translate.
    `horizon_days` and `roles` are the defaults an organisation's rule overrides."""

    code: str
    label: str | Promise
    reason: str | Promise
    find: Finder
    horizon_days: int
    roles: tuple[str, ...]
    to_person: bool = False
    choices: dict[str, type[Choices]] = field(default_factory=dict)

    def describe(self, params: dict[str, Any]) -> str:
        shown = dict(params)
        for name, choice in self.choices.items():
            # A value the choices no longer hold is shown as stored.
            if name in shown and shown[name] in choice.values:
                shown[name] = choice(shown[name]).label
        return str(self.reason) % shown


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.code] = kind


def kinds() -> list[Kind]:
    """Every registered kind, in registration order."""
    return list(_KINDS.values())


def kind(code: str) -> Kind | None:
    return _KINDS.get(code)


def window(horizons: dict[int, int], today: datetime.date, field: str) -> Q:
    """Each organisation's own horizon over a date field, as one condition for one query. The
    outer bound (organisations, the longest horizon) lets the database range over an index on
    (organisation, date) before it applies each organisation's own."""
    if not horizons:
        return Q(pk__in=[])
    longest = today + datetime.timedelta(days=max(horizons.values()))
    each = Q(pk__in=[])
    for organisation_id, days in horizons.items():
        each |= Q(organisation_id=organisation_id) & Q(
            **{f"{field}__lte": today + datetime.timedelta(days=days)}
        )
    return Q(organisation_id__in=list(horizons), **{f"{field}__lte": longest}) & each


_LISTENERS: list[Callable[[int], None]] = []


def on_change(listener: Callable[[int], None]) -> None:
    """The reminders app listens: it brings an organisation's reminders up to date."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def changed(organisation_id: int) -> None:
    """A record a kind reads has changed (a passport renewed): the organisation's reminders are
    brought up to date now rather than at the next daily run."""
    for listener in _LISTENERS:
        listener(organisation_id)
