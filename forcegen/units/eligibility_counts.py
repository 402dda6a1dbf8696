"""Step 4 of the readiness query plan (see `readiness`): the holders of the units' slots,
counted by unit, requirement, position title and the set of eligibility rules they fail, in one
query, with each rule's own SQL condition (the personnel rules engine) evaluated once per holder.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Q,
    Value,
    When,
)

from forcegen.personnel.eligibility import RULES, Period
from forcegen.personnel.models import Person, Requirement


def _plain(condition: Q) -> bool:
    """Only field lookups (no subquery): such conditions compare equal by value."""
    return all(
        _plain(child)
        if isinstance(child, Q)
        else isinstance(child, tuple) and not hasattr(child[1], "resolve_expression")
        for child in condition.children
    )


# Compiled conditions and whole queries by what they were compiled from; bounded, as
# requirements are edited.
_COMPILED: dict[tuple[Any, ...], Any] = {}
_COMPILED_MAX = 20_000
_QUERIES: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
_QUERIES_MAX = 2_000
ByPeriod = dict[Period, tuple[list[Requirement], set[int]]]
COLUMNS = ("unit_slots__unit_id", "unit_slots__requirement_id", "unit_slots__title", "failed")
SLOT_COLUMNS = ("unit_slots__id", "failed")


def _fingerprint(requirement: Requirement) -> tuple[Any, ...]:
    """Everything a rule's condition reads of a requirement: its fields and its prefetched
    children (credentials, languages, courses), so an edited requirement gets a new one."""

    def values(record: Any) -> tuple[Any, ...]:
        return tuple(getattr(record, f.attname) for f in record._meta.concrete_fields)

    prefetched = getattr(requirement, "_prefetched_objects_cache", {})
    children = tuple(
        (name, tuple(sorted((values(child) for child in rows), key=repr)))
        for name, rows in sorted(prefetched.items())
    )
    return values(requirement), children


def _condition_key(condition: Q, compiled_from: tuple[Any, ...]) -> Any:
    """What makes two requirements' conditions the same (the same credentials, the same
    period, ...), so the database evaluates it once: the condition itself when it is only field
    lookups, else the SQL it compiles to. Compiling is most of a board's time, and the same
    requirement over the same period compiles to the same SQL: it is kept, by `compiled_from`."""
    if _plain(condition):
        return condition
    key = _COMPILED.get(compiled_from)
    if key is None:
        sql, params = Person.objects.filter(condition).values("pk").query.sql_with_params()
        key = _remember(_COMPILED, _COMPILED_MAX, compiled_from, (sql, tuple(params)))
    return key


def _remember(cache: dict[Any, Any], limit: int, key: Any, value: Any) -> Any:
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


def _failure_mask(requirements: list[Requirement], period: Period) -> Any:
    """Which rules a holder fails, as one integer (bit `i` set when `RULES[i]` fails), for the
    holders of these requirements' slots over one period. Each rule's own SQL condition is
    evaluated once per holder; requirements whose condition for a rule is the same (most ask
    for the same credentials) share one branch, so the database computes it once."""
    terms: list[Any] = []
    fingerprints = {r.pk: _fingerprint(r) for r in requirements} if len(requirements) > 1 else {}
    for index, rule in enumerate(RULES):
        branches: dict[Any, tuple[Q, list[int]]] = {}
        for requirement in requirements:
            condition = rule.condition(requirement, period)
            if not condition:
                continue  # the requirement asks nothing of this rule: nobody fails it
            key = (
                _condition_key(condition, (index, period, fingerprints[requirement.pk]))
                if fingerprints
                else None
            )
            branches.setdefault(key, (condition, []))[1].append(requirement.pk)
        everyone = len(requirements)
        whens = []
        for condition, requirement_ids in branches.values():
            failing = Case(When(condition, then=Value(0)), default=Value(1 << index))
            if len(requirement_ids) == everyone:  # one condition for every holder
                terms.append(failing)
                break
            whens.append(When(unit_slots__requirement_id__in=requirement_ids, then=failing))
        else:
            if whens:
                terms.append(Case(*whens, default=Value(0), output_field=IntegerField()))
    if not terms:
        return Value(0, output_field=IntegerField())
    return ExpressionWrapper(sum(terms[1:], terms[0]), output_field=IntegerField())


def eligibility_counts(
    requirements: list[Requirement], periods: dict[int, dict[Period, set[int]]]
) -> list[dict[str, Any]]:
    """One query for every holder of the units' slots, counted by unit, requirement, position
    title and the set of rules failed. Units with different readiness periods are parts of a
    UNION ALL (one per distinct period), still one query. Failing no rule is exactly
    `Person.objects.eligible_for(requirement, period)`: the AND of the same conditions."""
    rows = _run(requirements, periods, COLUMNS)
    return [dict(zip((*COLUMNS, "count"), row, strict=True)) for row in rows]


def failing_slots(
    requirements: list[Requirement], periods: dict[int, dict[Period, set[int]]]
) -> dict[int, int]:
    """The filled slots whose holder fails a rule of the slot's requirement, with the rules they
    fail (bit `i` for `RULES[i]`), in one query (the same conditions as `eligibility_counts`, by
    slot instead of counted)."""
    return {
        slot_id: failed for slot_id, failed in _run(requirements, periods, SLOT_COLUMNS) if failed
    }


def _run(
    requirements: list[Requirement],
    periods: dict[int, dict[Period, set[int]]],
    columns: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    """Building and compiling the query costs ten times what running it does, and a board asks
    the same of the same requirements request after request: the SQL is kept by what it was
    built from (the columns, the periods, the units, the requirements as they are now, the
    rules)."""
    by_period: ByPeriod = {}
    for requirement in requirements:
        for period, unit_ids in periods[requirement.pk].items():
            needing, units = by_period.setdefault(period, ([], set()))
            needing.append(requirement)
            units |= unit_ids
    built_from = (
        columns,
        len(RULES),
        *(
            (period, tuple(sorted(units)), tuple(_fingerprint(r) for r in needing))
            for period, (needing, units) in by_period.items()
        ),
    )
    sql, params = _QUERIES.get(built_from) or _remember(
        _QUERIES, _QUERIES_MAX, built_from, _compile(by_period, columns)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params or None)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _compile(by_period: ByPeriod, columns: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    parts = []
    for period, (needing, units) in by_period.items():
        holders = Person.objects.filter(
            unit_slots__unit_id__in=sorted(units),
            unit_slots__requirement_id__in=[r.pk for r in needing],
        ).annotate(failed=_failure_mask(needing, period))
        rows = holders.values(*columns)
        if columns == COLUMNS:
            rows = rows.annotate(count=Count("pk"))
        parts.append(rows.order_by())
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    sql, params = query.query.sql_with_params()
    if connection.vendor == "postgresql":
        # psycopg binds parameters on the client: on every run it would parse this statement
        # (too long for its own cache) and quote each value again, as much as a tenth of a
        # board's time. Kept bound, it is sent as it is: the same text the driver would send.
        bound: str = connection.ops.compose_sql(sql, params)  # type: ignore[attr-defined]
        return bound, ()
    return sql, tuple(params)
