"""The national dashboard on the home page: the acting organisation's own figures at a glance,
each linking to its page. A fixed number of queries, whatever the size of the records."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from forcegen.cooperation.models import DONE_OR_DROPPED, Commitment, PlanItem
from forcegen.core.dashboard import Panel
from forcegen.core.kept import KeptUntilWrite
from forcegen.core.models import Organisation
from forcegen.deployments import numbers
from forcegen.deployments.models import Deployment, DeploymentPolicy, Rotation
from forcegen.personnel.models import Person
from forcegen.units.models import Unit
from forcegen.units.readiness import readiness_for

from . import reports

EXPIRING_DAYS = 90
UNITS_SHOWN = 6


# Every member of an organisation sees the same figures (they are scoped by organisation only),
# and the home page is read far more often than anything changes (see `core.kept`).
_KEPT: KeptUntilWrite[dict[str, Any]] = KeptUntilWrite(size=32)


def national_panel(request: HttpRequest) -> Panel | None:
    organisation = Organisation.objects.editable_by(request.user).first()
    if organisation is None:
        return None
    found = _KEPT.get(organisation.pk, lambda: figures(request.user, organisation))
    return Panel("insights/_dashboard.html", found)


def figures(
    user: Any, organisation: Organisation, today: datetime.date | None = None
) -> dict[str, Any]:
    today = today or timezone.localdate()
    tours = Deployment.objects.editable_by(user)
    stock = numbers.by_mission_and_type(tours.deployed_on(today))
    flow = numbers.totals(
        numbers.by_mission_and_type(tours.departed_between(datetime.date.min, today))
    )
    policy = DeploymentPolicy.objects.for_organisation(organisation.pk)
    units = list(Unit.objects.editable_by(user).exclude(status=Unit.Status.STOOD_DOWN).for_board())
    readiness = readiness_for(units)
    return {
        "organisation": organisation,
        "today": today,
        "stock": numbers.totals(stock),
        "flow": flow,
        "gender_lines": numbers.women_against_targets(stock, today),
        "units": sorted(readiness.values(), key=lambda r: r.score)[:UNITS_SHOWN],
        "unit_count": len(units),
        "rotations_due": list(
            Rotation.objects.editable_by(user)
            .due_for_planning(today, policy.planning_lead_days)
            .select_related("unit", "mission")
            .order_by("ends", "pk")[:5]
        ),
        "expiring": Person.objects.editable_by(user)
        .with_credential_expiring(EXPIRING_DAYS, today)
        .count(),
        "expiring_days": EXPIRING_DAYS,
        "un_rank": _un_rank(organisation.country),
        "cooperation": _cooperation(user, organisation, today),
    }


def _cooperation(user: Any, organisation: Organisation, today: datetime.date) -> dict[str, int]:
    """Open and late items of our side of the cooperation plans, and overdue commitments."""
    items = (
        PlanItem.objects.visible_to(user)
        .owned_by(organisation.pk)
        .exclude(status__in=DONE_OR_DROPPED)
        .aggregate(open=Count("pk"), late=Count("pk", filter=Q(target_on__lt=today)))
    )
    overdue = Commitment.objects.visible_to(user).late(today).count()
    return {**items, "overdue": overdue}


def _un_rank(iso3: str) -> dict[str, Any] | None:
    """Where the country stands in the UN's latest imported month."""
    month = reports.latest_month()
    if month is None:
        return None
    ranking = reports.ranking(month)
    line = next((line for line in ranking.lines if line.iso3 == iso3), None)
    return {"month": month, "line": line, "of": len(ranking.lines)}
