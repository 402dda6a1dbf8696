"""What logistics watches (registered with `core.reminders` in `apps.ready`): the next
operational-readiness (COE) inspection of each unit in the mission, as the unit page tells it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Kind
from forcegen.deployments.models import Rotation

from .inspections import READINESS_BASIS, next_readiness_inspection
from .models import Inspection, LogisticsPolicy


def inspections_due(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Units whose rotation is in the mission and whose arrival inspection is missing or whose
    next readiness inspection falls within the horizon; three queries."""
    if not horizons:
        return []
    rotations = {
        rotation.unit_id: rotation
        for rotation in Rotation.objects.filter(
            organisation_id__in=horizons, status=Rotation.Status.DEPLOYED
        )
        .select_related("unit")
        .order_by("number")  # the latest rotation of a unit wins
    }
    last = dict(
        Inspection.objects.filter(unit_id__in=list(rotations), kind__in=READINESS_BASIS)
        .values("unit_id")
        .annotate(last=Max("on"))
        .values_list("unit_id", "last")
    )
    policies = {
        p.organisation_id: p for p in LogisticsPolicy.objects.filter(organisation_id__in=horizons)
    }
    found = []
    for unit_id, rotation in rotations.items():
        policy = policies.get(rotation.organisation_id) or LogisticsPolicy()
        basis = last.get(unit_id)
        if basis is None or basis < rotation.starts_on:
            due = rotation.starts_on  # the arrival inspection is owed from the first day
        else:
            due = next_readiness_inspection(basis, policy)
        if due > today + datetime.timedelta(days=horizons[rotation.organisation_id]):
            continue
        found.append(
            Due(
                organisation_id=rotation.organisation_id,
                target=f"logistics.unit:{unit_id}:inspection",
                due_on=due,
                url=reverse("logistics:unit", args=[unit_id]),
                params={"unit": rotation.unit.name, "day": due.isoformat()},
            )
        )
    return found


INSPECTION_DUE = Kind(
    code="logistics.inspection_due",
    label=_("COE inspection due"),
    reason=_("A COE inspection of %(unit)s is due by %(day)s."),
    find=inspections_due,
    horizon_days=30,
    roles=("logistics_officer",),
)
