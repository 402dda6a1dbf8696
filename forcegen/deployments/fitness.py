"""What deployments adds to seat fitness (registered in `apps.ready`): another tour over the seat's
period, and the rest between tours, the one rest rule of the product (the person history's
"may deploy again from" reads it too). It also tells units which tour a unit's slots are for."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, Max, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import Period, day
from forcegen.personnel.fitness import Seat
from forcegen.personnel.models import Person
from forcegen.units.models import Unit

from .models import Deployment, DeploymentPolicy, DeploymentQuerySet, Rotation

# Rotations whose members are still being chosen: a unit's slots are filled for the first of them.
FORMING = (Rotation.Status.PLANNING, Rotation.Status.FORMING, Rotation.Status.PRE_DEPLOYMENT)


def span(start: datetime.date, end: datetime.date) -> str:
    return f"{day(start)} – {day(end)}"


def _tours(seat: Seat) -> DeploymentQuerySet:
    """Live tours that are not the seat's own (a member of the seat's rotation is not elsewhere)."""
    tours = Deployment.objects.live()
    if seat.rotation_id is not None:
        tours = tours.exclude(rotation_id=seat.rotation_id)
    if seat.tour_id is not None:
        tours = tours.exclude(pk=seat.tour_id)
    return tours


class OtherTours:
    blocking = True

    def explain(self, person: Person, seat: Seat) -> list[str]:
        tours = _tours(seat).filter(person_id=person.pk).overlapping(seat.start, seat.end)
        return [
            _("already on a tour in %(mission)s %(span)s, overlapping this one")
            % {"mission": tour.mission.acronym, "span": span(tour.starts_on, tour.ends_on)}
            for tour in tours.select_related("mission").order_by("planned_start", "pk")
        ]

    def condition(self, seat: Seat) -> Q:
        tours = _tours(seat).filter(person_id=OuterRef("pk")).overlapping(seat.start, seat.end)
        return ~Q(Exists(tours))


# --- Rest between tours ---------------------------------------------------------------------------


def rest_days(organisation_id: int, seat: Seat | None = None) -> int:
    """Days of rest needed between tours: the organisation's policy, or the post's own minimum
    when it asks for more."""
    days = DeploymentPolicy.objects.for_organisation(organisation_id).rest_days
    requirement = seat.requirement if seat is not None else None
    return max(days, requirement.min_rest_days if requirement is not None else 0)


def may_deploy_from(back: datetime.date, days: int) -> datetime.date:
    """The first day someone back on `back` has rested `days` days."""
    return back + datetime.timedelta(days=days)


def _spans(tours: DeploymentQuerySet) -> Any:  # annotated: filters on span_start/span_end
    """Each tour's span: its actual dates where known, else the planned ones."""
    return tours.annotate(
        span_start=Coalesce("departed_on", "planned_start"),
        span_end=Coalesce("returned_on", "planned_end"),
    )


class Rested:
    """Back from the last tour (or the return recorded before the system) `rest_days` before the
    seat starts, and the next tour leaving `rest_days` after it ends."""

    def explain(self, person: Person, seat: Seat) -> list[str]:
        needed = rest_days(seat.organisation_id, seat)
        start, end = seat.start, seat.end
        spans = _spans(_tours(seat).filter(person_id=person.pk))
        back = spans.filter(span_end__lt=start).aggregate(back=Max("span_end"))["back"]
        recorded = person.last_mission_return
        if recorded is not None and recorded < start and (back is None or recorded > back):
            back = recorded
        problems = []
        if back is not None and may_deploy_from(back, needed) > start:
            problems.append(
                _(
                    "returned from a mission on %(back)s: %(needed)d rest days required, only "
                    "%(rested)d by %(start)s"
                )
                % {
                    "back": day(back),
                    "needed": needed,
                    "rested": (start - back).days,
                    "start": day(start),
                }
            )
        following = spans.filter(span_start__gt=end).aggregate(next=Min("span_start"))["next"]
        if following is not None and may_deploy_from(end, needed) > following:
            problems.append(
                _(
                    "leaves again on %(next)s: %(needed)d rest days required after this tour, "
                    "only %(rested)d"
                )
                % {"next": day(following), "needed": needed, "rested": (following - end).days}
            )
        return problems

    def condition(self, seat: Seat) -> Q:
        needed = rest_days(seat.organisation_id, seat)
        start, end = seat.start, seat.end
        latest = start - datetime.timedelta(days=needed)  # back on this day or before: rested
        spans = _spans(_tours(seat).filter(person_id=OuterRef("pk")))
        back_too_late = spans.filter(span_end__lt=start, span_end__gt=latest)
        leaves_too_soon = spans.filter(
            span_start__gt=end, span_start__lt=may_deploy_from(end, needed)
        )
        recorded_too_late = Q(last_mission_return__lt=start, last_mission_return__gt=latest)
        return ~recorded_too_late & ~Q(Exists(back_too_late)) & ~Q(Exists(leaves_too_soon))


# --- The tour a unit's slots are for --------------------------------------------------------------


def next_tour(unit: Unit) -> tuple[Period, int] | None:
    """The first rotation of the unit whose members are still being chosen: its period, and
    its id."""
    rotation = (
        Rotation.objects.filter(unit_id=unit.pk, status__in=FORMING)
        .order_by("planned_departure", "pk")
        .first()
    )
    if rotation is None:
        return None
    return Period(rotation.starts_on, rotation.ends_on, rotation.mission_id), rotation.pk
