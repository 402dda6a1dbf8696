"""The planner's input: dataclasses, and loading them from the JSON exchange format with checks.

Every error names the field, and the slot, person or class it belongs to, so that a planner (or
the Django code building the instance) can find the bad record.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NoReturn, Protocol, TypeVar


class InstanceError(ValueError):
    """The instance is malformed; the message names the offending field."""


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    role: str
    requires: frozenset[str]
    female_only: bool
    # Each slot carries its own period: several rotations with different dates can be planned
    # together. Missing in the JSON means the instance's start and end.
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    female: bool
    roles: frozenset[str]
    has: frozenset[str]
    last_return: date | None
    deployments: int
    volunteer: bool
    unavailable: tuple[tuple[date, date], ...]
    # Counts towards min_experienced: the JSON's "experienced", else deployments >= 1.
    experienced: bool
    language_score: float | None


@dataclass(frozen=True, slots=True)
class TrainingClass:
    """A course a person can still be enrolled in; completing it gives the listed requirements."""

    id: str
    gives: frozenset[str]
    ends: date
    seats: int | None  # None: no limit


@dataclass(frozen=True, slots=True)
class Instance:
    start: date
    end: date
    slots: tuple[Slot, ...]
    people: tuple[Person, ...]
    min_female_share: float = 0.0
    rest_days: int = 0
    min_experienced: int = 0
    classes: tuple[TrainingClass, ...] = ()


def load_instance(data: object) -> Instance:
    """Build an Instance from the parsed JSON, or raise InstanceError naming the bad field."""
    root = _Fields(data, "")
    start = root.day("start")
    end = root.day("end")
    if end < start:
        raise InstanceError(f"'end' {end} is before 'start' {start}")
    share = root.number("min_female_share")
    if share is not None and not 0.0 <= share <= 1.0:
        raise InstanceError(f"'min_female_share' must be between 0 and 1, got {share:g}")
    return Instance(
        start=start,
        end=end,
        slots=_records(root, "slots", lambda fields: _slot(fields, start, end)),
        people=_records(root, "people", _person),
        min_female_share=share or 0.0,
        rest_days=root.count("rest_days", 0),
        min_experienced=root.count("min_experienced", 0),
        classes=_records(root, "classes", _training_class, required=False),
    )


class _Record(Protocol):
    @property
    def id(self) -> str: ...


_R = TypeVar("_R", bound=_Record)
_MISSING = object()
MAX_COUNT = 1_000_000_000  # keeps every number the solver sees within 64 bits


class _Fields:
    """Typed access to the fields of one JSON object; errors name the object and the field.

    Messages are only formatted on error: loading 50,000 people stays fast.
    """

    def __init__(self, raw: object, collection: str, index: int = 0) -> None:
        self.collection = collection
        self.index = index
        self.raw: Mapping[str, object] = raw if isinstance(raw, dict) else {}
        if not isinstance(raw, dict):
            raise InstanceError(f"{self.where()} must be a JSON object")

    def where(self) -> str:
        if not self.collection:
            return "the instance"
        where = f"{self.collection}[{self.index}]"
        raw_id = self.raw.get("id")
        return f"{where} (id '{raw_id}')" if isinstance(raw_id, str) else where

    def fail(self, key: str, problem: str) -> NoReturn:
        field = f"'{key}'" if not self.collection else f"{self.where()}: '{key}'"
        raise InstanceError(f"{field} {problem}")

    def get(self, key: str, default: object = _MISSING) -> object:
        value = self.raw.get(key, default)
        if value is _MISSING:
            self.fail(key, "is missing (required)")
        return value

    # These checks run for every field of 50,000 people: no abstract base classes (slow).

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"must be a non-empty string, got {value!r}")
        return value

    def texts(self, key: str, default: object = _MISSING) -> frozenset[str]:
        value = self.get(key, default)
        if isinstance(value, str) and key == "gives":
            value = [value]  # a class may give a single requirement
        try:
            if not isinstance(value, list):
                raise TypeError
            "".join(value)  # raises TypeError unless every item is a string
            items = frozenset(value)
        except TypeError:
            self.fail(key, f"must be a list of non-empty strings, got {value!r}")
        if "" in items:
            self.fail(key, f"must not contain an empty string, got {value!r}")
        return items

    def flag(self, key: str, default: bool) -> bool:
        value = self.get(key, default)
        if value is not True and value is not False:
            self.fail(key, f"must be true or false, got {value!r}")
        return value

    def count(self, key: str, default: int) -> int:
        value = self.get(key, default)
        if type(value) is not int or not 0 <= value <= MAX_COUNT:  # true/false are ints too
            self.fail(key, f"must be a whole number from 0 to {MAX_COUNT:,}, got {value!r}")
        return value

    def number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if (type(value) is not int and type(value) is not float) or not math.isfinite(value):
            self.fail(key, f"must be a number, got {value!r}")
        return float(value)

    def day(self, key: str) -> date:
        return self.parse_day(key, self.get(key))

    def optional_day(self, key: str) -> date | None:
        value = self.raw.get(key)
        return None if value is None else self.parse_day(key, value)

    def parse_day(self, key: str, value: object) -> date:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(key, f"must be a date YYYY-MM-DD, got {value!r}")

    def periods(self, key: str) -> tuple[tuple[date, date], ...]:
        value = self.get(key, [])
        if value == []:
            return ()
        if not isinstance(value, list):
            self.fail(key, "must be a list of [from, to] date pairs")
        periods = []
        for pair in value:
            if not isinstance(pair, list) or len(pair) != 2:
                self.fail(key, f"must be a list of [from, to] date pairs, got {pair!r}")
            first, last = self.parse_day(key, pair[0]), self.parse_day(key, pair[1])
            if last < first:
                self.fail(key, f"has a period that ends before it begins: {pair!r}")
            periods.append((first, last))
        return tuple(periods)


def _records(
    root: _Fields,
    key: str,
    build: Callable[[_Fields], _R],
    *,
    required: bool = True,
) -> tuple[_R, ...]:
    raw = root.get(key) if required else root.get(key, [])
    if not isinstance(raw, list):
        root.fail(key, "must be a list")
    records: list[_R] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        fields = _Fields(item, key, index)
        record = build(fields)
        if record.id in seen:
            fields.fail("id", f"duplicates an earlier id in '{key}'")
        seen.add(record.id)
        records.append(record)
    return tuple(records)


def _slot(fields: _Fields, start: date, end: date) -> Slot:
    slot_start = fields.optional_day("start") or start
    slot_end = fields.optional_day("end") or end
    if slot_end < slot_start:
        fields.fail("end", f"{slot_end} is before 'start' {slot_start}")
    return Slot(
        id=fields.text("id"),
        role=fields.text("role"),
        requires=fields.texts("requires", []),
        female_only=fields.flag("female_only", False),
        start=slot_start,
        end=slot_end,
    )


def _person(fields: _Fields) -> Person:
    deployments = fields.count("deployments", 0)
    experienced = fields.raw.get("experienced")
    sex = fields.get("sex")
    if sex not in ("F", "M"):
        fields.fail("sex", f'must be "F" or "M", got {sex!r}')
    return Person(
        id=fields.text("id"),
        female=sex == "F",
        roles=fields.texts("roles"),
        has=fields.texts("has", []),
        last_return=fields.optional_day("last_return"),
        deployments=deployments,
        volunteer=fields.flag("volunteer", False),
        unavailable=fields.periods("unavailable"),
        experienced=deployments >= 1 if experienced is None else fields.flag("experienced", False),
        language_score=fields.number("language_score"),
    )


def _training_class(fields: _Fields) -> TrainingClass:
    seats = fields.raw.get("seats")
    return TrainingClass(
        id=fields.text("id"),
        gives=fields.texts("gives"),
        ends=fields.day("ends"),
        seats=None if seats is None else fields.count("seats", 0),
    )
