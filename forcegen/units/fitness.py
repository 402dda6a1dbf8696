"""What units adds to seat fitness (registered in `apps.ready`): a person holds one slot at a time
over overlapping periods. And the seat of a slot: its requirement over the tour it is filled for
(which the deployments app finds, through `register_tour_finder`) and over the unit's own period
when that differs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import Period
from forcegen.personnel.fitness import Seat
from forcegen.personnel.models import Person

from .models import Slot, SlotQuerySet, Unit

# unit -> the tour its slots are being filled for (period with mission, rotation id), if any.
TourFinder = Callable[[Unit], tuple[Period, int] | None]
TOUR_FINDERS: list[TourFinder] = []


def register_tour_finder(finder: TourFinder) -> None:
    """Extension point: the deployments app says which rotation a unit's slots are for."""
    if finder not in TOUR_FINDERS:
        TOUR_FINDERS.append(finder)


def slot_seat(
    slot: Slot,
    *,
    tour: Period | None = None,
    rotation_id: int | None = None,
    replanned_unit_ids: frozenset[int] = frozenset(),
) -> Seat:
    """The seat of a slot: for `tour` (a rotation's period and mission) when given, else for
    the tour a registered finder names, and for the unit's own period when it differs."""
    unit = slot.unit
    if tour is None:
        found = next((t for t in (f(unit) for f in TOUR_FINDERS) if t is not None), None)
        if found is not None:
            tour, rotation_id = found
    own = unit.period
    if tour is None:
        periods: tuple[Period, ...] = (own,)
    elif (tour.start, tour.end) == (own.start, own.end):
        periods = (tour,)
    else:
        periods = (tour, own)
    return Seat(
        organisation_id=slot.organisation_id,
        requirement=slot.requirement,
        periods=periods,
        slot_id=slot.pk,
        rotation_id=rotation_id,
        replanned_unit_ids=replanned_unit_ids,
    )


def _other_slots(seat: Seat) -> SlotQuerySet:
    """Filled slots over the seat's dates, but the seat's own and those of units being
    replanned with it."""
    held = Slot.objects.filter(
        organisation_id=seat.organisation_id,
        person__isnull=False,
        unit__starts_on__lte=seat.end,
        unit__ends_on__gte=seat.start,
    ).exclude(unit_id__in=seat.replanned_unit_ids)
    return held.exclude(pk=seat.slot_id) if seat.slot_id is not None else held


class OtherSlots:
    blocking = True
    slot_bound = True  # the seat's own slot is no clash

    def explain(self, person: Person, seat: Seat) -> list[str]:
        held = _other_slots(seat).filter(person_id=person.pk).select_related("unit")
        return [
            _("holds the %(title)s slot of %(unit)s, whose period overlaps this unit's")
            % {"title": slot.title, "unit": slot.unit.name}
            for slot in held.order_by("unit__starts_on", "pk")
        ]

    def condition(self, seat: Seat) -> Q:
        return ~Q(Exists(_other_slots(seat).filter(person_id=OuterRef("pk"))))

    def held_by(self, seat: Seat, person_ids: Collection[int]) -> dict[int, set[int]]:
        """The slots each person holds that `explain` lists (for a batch, `fitness.Screen`)."""
        held: dict[int, set[int]] = defaultdict(set)
        rows = _other_slots(seat).filter(person_id__in=person_ids).values_list("person_id", "pk")
        for person_id, pk in rows:
            held[person_id].add(pk)
        return held
