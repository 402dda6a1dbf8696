"""Keyset pagination for the big registers: a page is the rows after the last row shown (or
before the first), in a fixed order whose last field is unique, so page 1,000 of 50,000 people
reads what page 1 does (an OFFSET reads and drops every row before it), and a row added or
removed meanwhile neither repeats nor skips another on the next page.

The cursor in `?after=` / `?before=` is the ordering values of that row, as URL-safe base64 of
JSON. On a page, a cursor that does not decode is ignored (the first page), never an error page;
the API refuses it, naming the parameter (`core.pagination.KeysetPagination`).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet

CURSORS = ("after", "before")


@dataclass(frozen=True)
class KeysetPage:
    """One page of rows and the cursors of its neighbours (None: there is none)."""

    object_list: list[Any]
    count: int
    next_cursor: str | None
    previous_cursor: str | None
    keyset: bool = True  # the templates draw next/previous links instead of page numbers

    @property
    def paginator(self) -> KeysetPage:
        """Lists write their total as `page.paginator.count`, whichever way they page."""
        return self


def encode(values: Sequence[Any]) -> str:
    # UTF-8 rather than \u escapes: a Vietnamese name's cursor stays about half as long.
    text = json.dumps(list(values), default=str, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, size: int) -> list[Any] | None:
    """The ordering values in a cursor; None when it is empty or not one of ours."""
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    if not all(isinstance(v, str | int | float) for v in values):
        return None
    return values


def _field(model: type[Model], name: str) -> Any:
    name = name.removeprefix("-")
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def cursor_values(model: type[Model], order: Sequence[str], cursor: str) -> list[Any] | None:
    """The values a cursor holds, as `model`'s ordering fields store them; None when it is empty,
    not one of ours, or holds a value a field cannot (a name where an id belongs, a NUL byte
    PostgreSQL refuses), so a forged cursor reads as no cursor rather than failing in the
    database."""
    values = decode(cursor, len(order))
    if values is None:
        return None
    typed = []
    for name, value in zip(order, values, strict=True):
        try:
            found = _field(model, name).to_python(value)
        except (ValidationError, FieldDoesNotExist, OverflowError, ValueError):
            return None
        if isinstance(found, str) and "\x00" in found:
            return None
        typed.append(found)
    return typed


def beyond(order: Sequence[str], values: Sequence[Any], *, backwards: bool = False) -> Q:
    """Rows strictly after `values` in `order` (before them when `backwards`):
    a >= x and ((a > x) or (a = x and b > y) or (a = x and b = y and c > z)), with <, <= for
    descending fields. The first term repeats what the others imply: it is the one an index on
    `a` can start its scan at (without it, PostgreSQL read the 48,000 index entries before the
    last page of 50,000 people: 33 ms instead of 0.8)."""
    condition = Q()
    equal: dict[str, Any] = {}
    for name, value in zip(order, values, strict=True):
        field = name.removeprefix("-")
        descending = name.startswith("-") != backwards
        condition |= Q(**equal, **{f"{field}__{'lt' if descending else 'gt'}": value})
        equal[field] = value
    first = order[0].removeprefix("-")
    descending = order[0].startswith("-") != backwards
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & condition


def _reversed(order: Sequence[str]) -> list[str]:
    return [name.removeprefix("-") if name.startswith("-") else f"-{name}" for name in order]


def _values(row: Any, order: Sequence[str]) -> list[Any]:
    return [getattr(row, name.removeprefix("-")) for name in order]


def keyset_page(rows: QuerySet[Any], order: Sequence[str], data: Any, per_page: int) -> KeysetPage:
    """The page of `rows` that the query string's cursor asks for (the first without one)."""
    after = cursor_values(rows.model, order, data.get("after", ""))
    before = None if after is not None else cursor_values(rows.model, order, data.get("before", ""))
    return keyset_rows(rows, order, after=after, before=before, per_page=per_page)


def keyset_rows(
    rows: QuerySet[Any],
    order: Sequence[str],
    *,
    after: Sequence[Any] | None,
    before: Sequence[Any] | None,
    per_page: int,
    offset: int = 0,
) -> KeysetPage:
    """The `per_page` rows after the `after` values (before the `before` ones; without either,
    from `offset`, which lets an API client that pages by number keep doing so), in two
    queries: the count, and the page with one row more to know whether another follows."""
    if before is not None:
        found = list(
            rows.filter(beyond(order, before, backwards=True)).order_by(*_reversed(order))[
                : per_page + 1
            ]
        )
        shown = found[:per_page][::-1]
        more_before, more_after = len(found) > per_page, True
    else:
        ordered = rows.order_by(*order)
        if after is not None:
            ordered = ordered.filter(beyond(order, after))
        found = list(ordered[offset : offset + per_page + 1])
        shown = found[:per_page]
        more_before, more_after = after is not None or offset > 0, len(found) > per_page
    return KeysetPage(
        object_list=shown,
        count=rows.count(),
        next_cursor=encode(_values(shown[-1], order)) if shown and more_after else None,
        previous_cursor=encode(_values(shown[0], order)) if shown and more_before else None,
    )
