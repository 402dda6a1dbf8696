"""What the cooperation app watches (registered with `core.reminders` in `apps.ready`): an open
commitment, and an open inter-agency task of a rotation, due within the horizon or already late.
Each finder reads in one query whatever the number of records, and a commitment or a task that is
done, dropped or not needed is no longer found, so its reminder resolves itself.

A commitment reminds the organisation that keeps it and, when the partner promised it, the
partner organisation too (while their partnership runs): each side hears of its own promises."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import Partnership
from forcegen.core.reminders import Due, Kind, window

from .models import Commitment, CoordinationTask, Side


def _until(horizons: dict[int, int], today: datetime.date) -> dict[int, datetime.date]:
    return {org: today + datetime.timedelta(days=days) for org, days in horizons.items()}


def commitments_due(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Open commitments due by each organisation's horizon (late ones included); one query."""
    if not horizons:
        return []
    until = _until(horizons, today)
    partners_side = Q(
        side=Side.PARTNER,
        activity__partner__counterpart_id__in=list(horizons),
        activity__partner__partnership__in=Partnership.objects.active(today).values("pk"),
    )
    rows = (
        Commitment.objects.filter(
            Q(organisation_id__in=list(horizons)) | partners_side,
            status=Commitment.Status.OPEN,
            due_on__lte=max(until.values()),
        )
        .order_by()
        .values_list(
            "pk",
            "organisation_id",
            "organisation__code",
            "activity__partner__counterpart_id",
            "activity__partner__counterpart__code",
            "activity__partner__code",
            "side",
            "description",
            "due_on",
            "activity_id",
        )
    )
    found = []
    for pk, keeper, keeper_code, partner, partner_code, code, side, what, day, activity in rows:
        by = keeper_code if side == Side.OWNER else partner_code or code
        told = [keeper] + ([partner] if side == Side.PARTNER and partner else [])
        for org in told:
            if org in until and day <= until[org]:
                found.append(
                    Due(
                        organisation_id=org,
                        target=f"cooperation.commitment:{pk}",
                        due_on=day,
                        url=reverse("cooperation:activity", args=[activity]),
                        params={"what": what, "by": by, "day": day.isoformat()},
                    )
                )
    return found


def tasks_due(horizons: dict[int, int], today: datetime.date) -> Iterable[Due]:
    """Open inter-agency tasks due by each organisation's horizon (late ones included); one
    query."""
    if not horizons:
        return []
    rows = (
        CoordinationTask.objects.filter(
            window(horizons, today, "due_on"), status=CoordinationTask.Status.OPEN
        )
        .order_by()
        .values_list(
            "pk",
            "organisation_id",
            "task",
            "agency",
            "due_on",
            "rotation_id",
            "rotation__unit__name",
            "rotation__number",
        )
    )
    return [
        Due(
            organisation_id=org,
            target=f"cooperation.coordinationtask:{pk}",
            due_on=day,
            url=reverse("deployments:rotation", args=[rotation]),
            params={
                "task": task,
                "agency": agency,
                "unit": unit,
                "number": number,
                "day": day.isoformat(),
            },
        )
        for pk, org, task, agency, day, rotation, unit, number in rows
    ]


COMMITMENT_DUE = Kind(
    code="cooperation.commitment_due",
    label=_("Cooperation commitment due or late"),
    reason=_("%(by)s promised: %(what)s — due on %(day)s."),
    find=commitments_due,
    horizon_days=14,
    roles=("cooperation_officer",),
)
TASK_DUE = Kind(
    code="cooperation.task_due",
    label=_("Inter-agency task due or late"),
    reason=_("%(task)s (%(agency)s) for %(unit)s, rotation %(number)s — due on %(day)s."),
    find=tasks_due,
    horizon_days=14,
    roles=("cooperation_officer",),
)
