"""What apps above units add to a unit: inventory figures for readiness, reminders on its page.

Units never import those apps; they register here when they load (as deployments registers its
eligibility rule with personnel), so readiness and the unit page ask one place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import IntegerField, Value

if TYPE_CHECKING:
    from .models import Unit

# Annotates an EquipmentLine queryset with `held_count` and `serviceable_count`.
InventoryCounts = Callable[[Any], Any]
# What is due or overdue for a unit on a day, in words a person can act on.
Reminders = Callable[["Unit", datetime.date], list[str]]
# Pages of other apps about the unit that this user may open: (label, URL).
Links = Callable[["Unit", Any], list[tuple[str, str]]]

_counts: list[InventoryCounts] = []
_reminders: list[Reminders] = []
_links: list[Links] = []


def register_inventory_counts(annotate: InventoryCounts) -> None:
    """The inventory's owner says how many items count towards each equipment line."""
    _counts[:] = [annotate]


def register_reminders(source: Reminders) -> None:
    if source not in _reminders:
        _reminders.append(source)


def register_links(source: Links) -> None:
    if source not in _links:
        _links.append(source)


def with_inventory_counts(lines: Any) -> Any:
    """Lines with `held_count` and `serviceable_count` (0 without an inventory)."""
    if _counts:
        return _counts[0](lines)
    zero = Value(0, output_field=IntegerField())
    return lines.annotate(held_count=zero, serviceable_count=zero)


def reminders_for(unit: Unit, today: datetime.date) -> list[str]:
    return [text for source in _reminders for text in source(unit, today)]


def links_for(unit: Unit, user: Any) -> list[tuple[str, str]]:
    return [link for source in _links for link in source(unit, user)]
