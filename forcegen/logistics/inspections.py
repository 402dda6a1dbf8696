"""What the unit page shows from logistics (registered with units): due inspections, a link."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from forcegen.core.dates import add_months
from forcegen.deployments.models import Rotation
from forcegen.units.models import Unit

from .models import Inspection, LogisticsPolicy

# The inspections after which the next operational-readiness inspection is counted.
READINESS_BASIS = (Inspection.Kind.ARRIVAL, Inspection.Kind.OPERATIONAL_READINESS)


def next_readiness_inspection(last: datetime.date, policy: LogisticsPolicy) -> datetime.date:
    """When the next operational-readiness inspection is due after the last one (or arrival)."""
    return add_months(last, policy.readiness_inspection_months)


def inspection_reminders(unit: Unit, today: datetime.date) -> list[str]:
    """For a unit whose rotation is in the mission: the arrival inspection if none is recorded,
    else the next operational-readiness inspection once it is within the reminder window."""
    rotation = (
        Rotation.objects.filter(unit=unit, status=Rotation.Status.DEPLOYED)
        .order_by("-number")
        .first()
    )
    if rotation is None:
        return []
    last = (
        Inspection.objects.filter(unit=unit, kind__in=READINESS_BASIS, on__gte=rotation.starts_on)
        .order_by("-on")
        .first()
    )
    if last is None:
        return [
            _(
                "No arrival inspection is recorded for rotation %(number)d, in the mission "
                "since %(day)s."
            )
            % {"number": rotation.number, "day": rotation.starts_on.isoformat()}
        ]
    policy = LogisticsPolicy.objects.for_organisation(unit.organisation_id)
    due = next_readiness_inspection(last.on, policy)
    if due > today + datetime.timedelta(days=policy.reminder_days):
        return []
    if due < today:
        return [
            _("The operational-readiness inspection was due on %(day)s.") % {"day": due.isoformat()}
        ]
    return [_("An operational-readiness inspection is due by %(day)s.") % {"day": due.isoformat()}]


def unit_links(unit: Unit, user: Any) -> list[tuple[str, str]]:
    return [(_("Inventory, inspections and MOU"), reverse("logistics:unit", args=[unit.pk]))]
