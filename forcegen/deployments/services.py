"""Writes for missions, rotations, deployments and in-mission events."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forcegen.personnel.eligibility import Period, day
from forcegen.personnel.fitness import Seat, fitness_of
from forcegen.personnel.models import Credential, Person
from forcegen.training.models import ClassSession
from forcegen.units.fitness import slot_seat
from forcegen.units.models import Slot, Unit

from .fitness import span
from .models import (
    Deployment,
    DeploymentPolicy,
    Mission,
    MissionEvent,
    MissionRequirement,
    PersonnelType,
    Rotation,
)

# --- Rotations ------------------------------------------------------------------------------------


@transaction.atomic
def create_rotation(
    *,
    unit: Unit,
    mission: Mission,
    planned_departure: datetime.date,
    planned_return: datetime.date,
    predecessor: Rotation | None = None,
    number: int | None = None,
    notes: str = "",
) -> Rotation:
    """A new tour of the unit; numbered after the unit's last one unless a number is given."""
    if planned_return < planned_departure:
        raise ValidationError({"planned_return": _("The rotation returns before it leaves.")})
    if predecessor is not None:
        if predecessor.organisation_id != unit.organisation_id:
            raise ValidationError(
                {"predecessor": _("That rotation belongs to another organisation.")}
            )
        if predecessor.planned_departure >= planned_departure:
            raise ValidationError(
                {"predecessor": _("A rotation can only relieve one that left before it.")}
            )
    if number is None:
        last = unit.rotations.aggregate(last=Max("number"))["last"]
        number = (last or 0) + 1
    elif unit.rotations.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("%(unit)s already has a rotation %(number)d.")
                % {"unit": unit.name, "number": number}
            }
        )
    return Rotation.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        mission=mission,
        number=number,
        predecessor=predecessor,
        planned_departure=planned_departure,
        planned_return=planned_return,
        notes=notes,
    )


@transaction.atomic
def update_rotation(*, rotation: Rotation, **fields: Any) -> Rotation:
    """Change a rotation; members who have not left yet move to the new dates, each re-checked
    (all or nothing: one member who cannot make the new dates refuses the change)."""
    for name, value in fields.items():
        setattr(rotation, name, value)
    if rotation.planned_return < rotation.planned_departure:
        raise ValidationError({"planned_return": _("The rotation returns before it leaves.")})
    rotation.full_clean()
    rotation.save()
    _follow_rotation_dates(rotation)
    return rotation


def _follow_rotation_dates(rotation: Rotation) -> None:
    waiting = rotation.members.filter(status__in=(S.PLANNED, S.APPROVED)).exclude(
        planned_start=rotation.starts_on, planned_end=rotation.ends_on
    )
    refused = []
    for member in waiting.select_related("person", "mission", "slot__unit", "slot__requirement"):
        seat = tour_seat(
            organisation_id=rotation.organisation_id,
            mission=member.mission,
            start=rotation.starts_on,
            end=rotation.ends_on,
            rotation=rotation,
            slot=member.slot,
        )
        problems = deployment_problems(person=member.person, seat=seat, slot=member.slot)
        if problems:
            refused.append(
                _("%(person)s cannot make the new dates:") % {"person": member.person.full_name}
            )
            refused.extend(problems)
    if refused:
        raise ValidationError({"planned_departure": refused})
    waiting.update(planned_start=rotation.starts_on, planned_end=rotation.ends_on)


def _contingent_type(unit: Unit) -> str:
    return PersonnelType.FORMED_POLICE if "police" in unit.kind else PersonnelType.TROOPS


@transaction.atomic
def add_members_from_slots(
    *, rotation: Rotation, slots: Iterable[Slot] | None = None
) -> list[Deployment]:
    """A planned deployment for each person holding one of the unit's slots (or of `slots`) and
    not yet a member. All or nothing: if anyone is refused, no one is added and every refusal
    is listed."""
    if rotation.status in (Rotation.Status.DEPLOYED, Rotation.Status.RETURNED):
        raise ValidationError(_("Members can only be added before the rotation deploys."))
    members = set(rotation.members.values_list("person_id", flat=True))
    held = (
        rotation.unit.slots.filter(person__isnull=False)
        .exclude(person_id__in=members)
        .select_related("person", "requirement")
        .order_by("order", "seat", "pk")
    )
    if slots is not None:
        held = held.filter(pk__in=[slot.pk for slot in slots])
    added, refused = [], []
    for slot in held:
        assert slot.person is not None
        try:
            added.append(
                plan_deployment(
                    person=slot.person,
                    mission=rotation.mission,
                    personnel_type=_contingent_type(rotation.unit),
                    planned_start=rotation.starts_on,
                    planned_end=rotation.ends_on,
                    rotation=rotation,
                    slot=slot,
                )
            )
        except ValidationError as exc:
            refused.extend(exc.messages)
    if refused:
        raise ValidationError(refused)
    return added


# --- Deployments ----------------------------------------------------------------------------------


def tour_seat(
    *,
    organisation_id: int,
    mission: Mission,
    start: datetime.date,
    end: datetime.date,
    rotation: Rotation | None = None,
    slot: Slot | None = None,
) -> Seat:
    """The seat of a tour: a slot's (its requirement, over the tour and the unit's period) for a
    member of a rotation, else the tour alone (the mission's needs, no post requirement)."""
    tour = Period(start, end, mission.pk)
    rotation_id = rotation.pk if rotation is not None else None
    if slot is not None:
        return slot_seat(slot, tour=tour, rotation_id=rotation_id)
    return Seat(
        organisation_id=organisation_id, requirement=None, periods=(tour,), rotation_id=rotation_id
    )


def tour_seat_of(deployment: Deployment) -> Seat:
    return tour_seat(
        organisation_id=deployment.organisation_id,
        mission=deployment.mission,
        start=deployment.planned_start,
        end=deployment.planned_end,
        rotation=deployment.rotation,
        slot=deployment.slot,
    )


def deployment_problems(*, person: Person, seat: Seat, slot: Slot | None = None) -> list[str]:
    """Everything that stops this person touring in the seat (`personnel.fitness`), in words to
    act on. A slot the person holds with a recorded justification covers what it justified:
    only being elsewhere (another tour, another slot) still refuses."""
    verdict = fitness_of(person, seat)
    if slot is not None and slot.person_id == person.pk and slot.is_overridden:
        return verdict.blocking
    return verdict.failures


def named(person: Person) -> dict[str, str]:
    return {"person": person.full_name}


def _refuse(person: Person, problems: list[str]) -> None:
    if problems:
        header = _("%(person)s cannot be deployed:") % {"person": person.full_name}
        raise ValidationError({"person": [header, *problems]})


@transaction.atomic
def plan_deployment(
    *,
    person: Person,
    mission: Mission,
    personnel_type: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    rotation: Rotation | None = None,
    slot: Slot | None = None,
    role: str = "",
    sub_unit: str = "",
    notes: str = "",
) -> Deployment:
    """A planned tour, refused with every reason when the person cannot make it."""
    # Serialises plans for the same person, so the overlap check cannot race.
    person = Person.objects.select_for_update().get(pk=person.pk)
    if planned_end < planned_start:
        raise ValidationError({"planned_end": _("The tour ends before it starts.")})
    contingent = personnel_type in (PersonnelType.TROOPS, PersonnelType.FORMED_POLICE)
    if contingent != (rotation is not None):
        raise ValidationError(
            {
                "personnel_type": _(
                    "Troops and formed police deploy as members of a rotation; staff officers, "
                    "experts on mission and individual police deploy individually."
                )
            }
        )
    if rotation is not None:
        if rotation.organisation_id != person.organisation_id:
            raise ValidationError({"rotation": _("That rotation belongs to another organisation.")})
        if rotation.members.filter(person_id=person.pk).exists():
            raise ValidationError(
                {"person": _("%(person)s is already a member of this rotation.") % named(person)}
            )
        mission = rotation.mission
    if slot is not None:
        if rotation is None or slot.unit_id != rotation.unit_id:
            raise ValidationError({"slot": _("The slot must belong to the rotation's unit.")})
        role, sub_unit = role or slot.title, sub_unit or slot.sub_unit
    seat = tour_seat(
        organisation_id=person.organisation_id,
        mission=mission,
        start=planned_start,
        end=planned_end,
        rotation=rotation,
        slot=slot,
    )
    _refuse(person, deployment_problems(person=person, seat=seat, slot=slot))
    return Deployment.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        mission=mission,
        rotation=rotation,
        slot=slot,
        personnel_type=personnel_type,
        role=role,
        sub_unit=sub_unit,
        planned_start=planned_start,
        planned_end=planned_end,
        notes=notes,
    )


S = Deployment.Status
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.APPROVED, S.CANCELLED),
    S.APPROVED: (S.DEPLOYED, S.PLANNED, S.CANCELLED),
    S.DEPLOYED: (S.RETURNED, S.REPATRIATED, S.CASUALTY),
}
NEEDS_DATE = (S.DEPLOYED, S.RETURNED, S.REPATRIATED, S.CASUALTY)


def refresh_last_return(person: Person) -> None:
    """Keep `Person.last_mission_return` (read by the rest-period rule) at the latest return."""
    latest = Deployment.objects.filter(person_id=person.pk, status__in=Deployment.ENDED).aggregate(
        back=Max("returned_on")
    )["back"]
    if latest is not None and latest != person.last_mission_return:
        Person.objects.filter(pk=person.pk).update(last_mission_return=latest)
        person.last_mission_return = latest


@transaction.atomic
def move_deployment(
    *, deployment: Deployment, to: str, on: datetime.date | None = None, reason: str = ""
) -> Deployment:
    """Planned → approved → deployed → returned (or repatriated early, or casualty); plans can be
    cancelled. Approval re-checks the person; departure and return need their date."""
    deployment = (
        Deployment.objects.select_for_update(of=("self",))
        .select_related("person", "mission", "rotation", "slot__unit", "slot__requirement")
        .get(pk=deployment.pk)
    )
    if to not in NEXT_STATUSES.get(deployment.status, ()):
        raise ValidationError(
            {
                "status": _("A deployment that is %(current)s cannot become %(next)s.")
                % {"current": deployment.get_status_display(), "next": S(to).label}
            }
        )
    if to in NEEDS_DATE and on is None:
        raise ValidationError({"on": _("Give the date.")})
    if to == S.REPATRIATED and reason not in Deployment.RepatriationReason.values:
        raise ValidationError({"reason": _("Say why the person is repatriated early.")})
    if to == S.APPROVED:
        _refuse(
            deployment.person,
            deployment_problems(
                person=deployment.person,
                seat=replace(tour_seat_of(deployment), tour_id=deployment.pk),
                slot=deployment.slot,
            ),
        )
    if to == S.DEPLOYED:
        deployment.departed_on = on
    elif to in Deployment.ENDED:
        assert on is not None
        assert deployment.departed_on is not None
        if on < deployment.departed_on:
            raise ValidationError(
                {
                    "on": _("The return is before the departure (%(day)s).")
                    % {"day": day(deployment.departed_on)}
                }
            )
        deployment.returned_on = on
        deployment.repatriation_reason = reason if to == S.REPATRIATED else ""
    deployment.status = to
    deployment.save()
    if to in Deployment.ENDED:
        refresh_last_return(deployment.person)
    return deployment


R = Rotation.Status
ROTATION_ORDER = [R.PLANNING, R.FORMING, R.PRE_DEPLOYMENT, R.DEPLOYED, R.RETURNED]


@transaction.atomic
def move_rotation(*, rotation: Rotation, to: str, on: datetime.date | None = None) -> Rotation:
    """One step along planning → forming → pre-deployment → deployed → returned.

    Pre-deployment approves every planned member (all or nothing), deployment departs every
    approved member on the day, return brings every member still deployed home that day."""
    rotation = Rotation.objects.select_for_update().get(pk=rotation.pk)
    current = ROTATION_ORDER.index(R(rotation.status))
    if ROTATION_ORDER.index(R(to)) != current + 1:
        raise ValidationError(
            {
                "status": _("A rotation that is %(current)s cannot become %(next)s.")
                % {"current": rotation.get_status_display(), "next": R(to).label}
            }
        )
    moves = {
        R.PRE_DEPLOYMENT: (S.PLANNED, S.APPROVED),
        R.DEPLOYED: (S.APPROVED, S.DEPLOYED),
        R.RETURNED: (S.DEPLOYED, S.RETURNED),
    }
    if to in (R.DEPLOYED, R.RETURNED) and on is None:
        raise ValidationError({"on": _("Give the date.")})
    if to == R.DEPLOYED:
        waiting = rotation.members.filter(status=S.PLANNED).select_related("person")
        if waiting:
            names = ", ".join(m.person.full_name for m in waiting)
            raise ValidationError(
                {"status": _("Approve or cancel these members first: %(names)s") % {"names": names}}
            )
        rotation.departed_on = on
    if to == R.RETURNED:
        rotation.returned_on = on
    if to in moves:
        source, target = moves[R(to)]
        refused = []
        for member in rotation.members.filter(status=source):
            try:
                move_deployment(deployment=member, to=target, on=on)
            except ValidationError as exc:
                refused.extend(exc.messages)
        if refused:
            raise ValidationError(refused)
    rotation.status = to
    rotation.save()
    return rotation


# --- In-mission events ----------------------------------------------------------------------------


@transaction.atomic
def record_event(
    *,
    deployment: Deployment,
    kind: str,
    occurred_on: datetime.date,
    description: str = "",
    user: Any = None,
) -> MissionEvent:
    """A dated event of a tour. A UN medal needs the policy's days in mission; a death ends the
    tour as a casualty and marks the person deceased."""
    deployment = (
        Deployment.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=deployment.pk)
    )
    if deployment.departed_on is None:
        raise ValidationError({"kind": _("The person has not departed on this tour yet.")})
    last = deployment.returned_on or timezone.localdate()
    if not deployment.departed_on <= occurred_on <= last:
        raise ValidationError(
            {
                "occurred_on": _("The date must fall within the tour, %(span)s.")
                % {"span": span(deployment.departed_on, last)}
            }
        )
    if kind == MissionEvent.Kind.MEDAL:
        needed = DeploymentPolicy.objects.for_organisation(deployment.organisation_id).medal_days
        served = deployment.days_in_mission(occurred_on)
        if served < needed:
            raise ValidationError(
                {
                    "occurred_on": _(
                        "The UN medal needs %(needed)d days in the mission; %(served)d served "
                        "by %(day)s."
                    )
                    % {"needed": needed, "served": served, "day": day(occurred_on)}
                }
            )
    if kind == MissionEvent.Kind.DEATH:
        if deployment.status != S.DEPLOYED:
            raise ValidationError(
                {"kind": _("Only a person deployed can be recorded as a casualty.")}
            )
        move_deployment(deployment=deployment, to=S.CASUALTY, on=occurred_on)
        Person.objects.filter(pk=deployment.person_id).update(status=Person.Status.DECEASED)
    return MissionEvent.objects.create(
        organisation_id=deployment.organisation_id,
        deployment=deployment,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        recorded_by=user,
    )


def deployment_clash(person: Person, session: ClassSession) -> list[str]:
    """For the training centre: the tours that keep the person away during a class."""
    tours = Deployment.objects.filter(person_id=person.pk).overlapping(
        session.starts_on, session.ends_on
    )
    return [
        _("%(person)s is on a tour in %(mission)s %(span)s, during the class.")
        % {
            "person": person.full_name,
            "mission": tour.mission.acronym,
            "span": span(tour.starts_on, tour.ends_on),
        }
        for tour in tours.select_related("mission")
    ]


# --- Deployment rules -----------------------------------------------------------------------------


@transaction.atomic
def save_policy(*, organisation_id: int, **fields: Any) -> DeploymentPolicy:
    policy = DeploymentPolicy.objects.for_organisation(organisation_id)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def add_mission_requirement(*, organisation_id: int, **fields: Any) -> MissionRequirement:
    """A credential the organisation's people need for a mission (or every mission)."""
    given = {name: value for name, value in fields.items() if value is not None}
    requirement = MissionRequirement(organisation_id=organisation_id, **given)
    if requirement.kind == Credential.Kind.LANGUAGE:
        requirement.detail = requirement.detail.strip().lower()
    elif requirement.min_level is not None:
        raise ValidationError({"min_level": _("Only a language requirement has a level.")})
    requirement.full_clean()
    requirement.save()
    return requirement
