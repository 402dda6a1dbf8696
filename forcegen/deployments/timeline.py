"""The rotations page's upper half: the rotations due for planning under the organisation's
policy, and the timeline of the last years and everything planned ahead, one row per unit.
Both are kept until anything is written (`core.kept`): the page is read far more often than a
rotation changes."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from forcegen.core.charts import Bar, Row, gantt, window
from forcegen.core.kept import KeptUntilWrite, query_key

from .models import DeploymentPolicy, Rotation, RotationQuerySet

TIMELINE_YEARS = 10
TIMELINE_LIMIT = 2000  # rotations drawn; a decade of a large contributor is far fewer

Due = list[tuple[Rotation, datetime.date]]
_KEPT: KeptUntilWrite[tuple[Due, SafeString]] = KeptUntilWrite(size=128)


def planning_due(
    rotations: RotationQuerySet, organisation_id: int | None, today: datetime.date
) -> tuple[Due, SafeString]:
    """Of the rotations listed (scoped and filtered), those due for planning with the day each is
    due, and the timeline; by the rotations' query and the organisation whose policy applies."""
    listed = query_key(rotations)
    key = (listed, organisation_id) if listed else None
    return _KEPT.get(key, lambda: _planning_due(rotations, organisation_id, today))


def _planning_due(
    rotations: RotationQuerySet, organisation_id: int | None, today: datetime.date
) -> tuple[Due, SafeString]:
    policy = (
        DeploymentPolicy.objects.for_organisation(organisation_id)
        if organisation_id
        else DeploymentPolicy()
    )
    due = [
        (rotation, rotation.planning_due_on(policy))
        for rotation in rotations.due_for_planning(today, policy.planning_lead_days)
        .select_related("unit", "mission")
        .order_by("ends", "pk")
    ]
    return due, _timeline(rotations, {r.pk: on for r, on in due}, today)


def _bar(rotation: Rotation, due_on: datetime.date | None) -> Bar:
    planned = rotation.departed_on is None
    title = _("%(rotation)s · %(mission)s · %(start)s – %(end)s") % {
        "rotation": rotation,
        "mission": rotation.mission.acronym,
        "start": rotation.starts_on.isoformat(),
        "end": rotation.ends_on.isoformat(),
    }
    planned_word = _("planned")  # outside the f-string, where xgettext finds it
    return Bar(
        title=f"{title} ({planned_word})" if planned else title,
        start=rotation.starts_on,
        end=rotation.ends_on,
        planned=planned,
        caption=str(rotation.number),
        href=reverse("deployments:rotation", args=[rotation.pk]),
        due_on=due_on,
    )


def _timeline(rotations: Any, due: dict[int, datetime.date], today: datetime.date) -> SafeString:
    """The last TIMELINE_YEARS years and everything planned ahead, one row per unit."""
    floor = datetime.date(today.year - TIMELINE_YEARS, 1, 1)
    shown = (
        rotations.select_related("unit", "mission")
        .annotate(span_end=Coalesce("returned_on", "planned_return"))
        .filter(span_end__gte=floor)
        .order_by("unit__name", "unit_id", "number")[:TIMELINE_LIMIT]
    )
    rows = [
        Row(label=group[0].unit.name, bars=[_bar(r, due.get(r.pk)) for r in group])
        for group in (list(g) for _unit, g in groupby(shown, key=lambda r: r.unit_id))
    ]
    start, end = window(rows, today, TIMELINE_YEARS)
    return gantt(rows, today=today, start=start, end=end)
