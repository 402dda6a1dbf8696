"""What units watches (registered with `core.reminders` in `apps.ready`): PCRS pledge renewals due
and UN visits coming to a unit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.reminders import Due, Kind, window

from .models import PcrsLevel, ReadinessPolicy, Unit, Visit


def pledge_renewals(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Pledged units whose renewal (`Unit.renewal_due`, the one answer) falls within the horizon
    or has passed; two queries (the units, the policies)."""
    if not horizons:
        return []
    policies = ReadinessPolicy.objects.for_organisations(set(horizons))
    units = (
        Unit.objects.filter(organisation_id__in=horizons, pledged_on__isnull=False)
        .exclude(pcrs_level=PcrsLevel.NONE)
        .exclude(status=Unit.Status.STOOD_DOWN)
    )
    found = []
    for unit in units:
        due = unit.renewal_due(policies[unit.organisation_id])
        horizon = today + datetime.timedelta(days=horizons[unit.organisation_id])
        if due is not None and due <= horizon:
            found.append(
                Due(
                    organisation_id=unit.organisation_id,
                    target=f"units.unit:{unit.pk}:pledge",
                    due_on=due,
                    url=reverse("units:detail", args=[unit.pk]),
                    params={"unit": unit.name, "day": due.isoformat()},
                )
            )
    return found


def visits_coming(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """UN visits (assessment, RDL verification, pre-deployment) booked within the horizon; one
    query."""
    if not horizons:
        return []
    visits = Visit.objects.filter(window(horizons, today, "on"), on__gte=today).values_list(
        "pk", "organisation_id", "unit_id", "unit__name", "kind", "on"
    )
    return [
        Due(
            organisation_id=organisation_id,
            target=f"units.visit:{pk}",
            due_on=on,
            url=reverse("units:detail", args=[unit_id]),
            params={"unit": name, "visit": kind, "day": on.isoformat()},
        )
        for pk, organisation_id, unit_id, name, kind, on in visits
    ]


PLEDGE_RENEWAL = Kind(
    code="units.pledge_renewal",
    label=_("PCRS pledge renewal"),
    reason=_("The PCRS pledge of %(unit)s is due for renewal on %(day)s."),
    find=pledge_renewals,
    horizon_days=30,
    roles=("planner",),
)
VISIT_COMING = Kind(
    code="units.visit_coming",
    label=_("Readiness visit coming"),
    reason=_("%(visit)s to %(unit)s on %(day)s: prepare the unit and its documents."),
    find=visits_coming,
    horizon_days=30,
    roles=("planner", "logistics_officer"),
    choices={"visit": Visit.Kind},
)
