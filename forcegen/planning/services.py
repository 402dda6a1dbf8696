"""The rotation planner in the app: the instance built from the records, the plan stored as
proposals, hand edits checked like an assignment, and acceptance in one transaction.

Eligibility is decided in SQL once per distinct (requirement, rotation period) with the
personnel rules, except two that the planner checks itself from the instance so that it can say
why a slot stays empty and what would fill it: required courses (`requires`/`has`, with the
upcoming classes as `classes`) and recorded unavailability (`unavailable`). Tours already planned
or under way become unavailable periods widened by the rest period on both sides, which is
exactly what `deployments.services.deployment_problems` refuses.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forcegen import planner
from forcegen.deployments import services as deployments
from forcegen.deployments.models import (
    Deployment,
    DeploymentPolicy,
    GenderCategory,
    GenderTarget,
    Rotation,
)
from forcegen.personnel.eligibility import (
    RULES,
    Available,
    Period,
    eligibility,
    eligible_condition,
)
from forcegen.personnel.models import (
    Availability,
    Credential,
    Person,
    PersonQuerySet,
    Requirement,
)
from forcegen.training.eligibility import CoursesCertified
from forcegen.training.models import Certificate, ClassSession, RequiredCourse
from forcegen.training.services import valid_until
from forcegen.units import services as units
from forcegen.units.models import Slot

from .models import PLANNABLE, Change, PlanRun, Proposal

# What accepting a proposal does to its slot's holder.
CHANGES_SLOT = (Change.NEW, Change.REPLACES, Change.EMPTIES)

# Rules the planner applies itself from the instance, so that its explanations can name them.
PLANNER_CHECKS: tuple[type, ...] = (CoursesCertified, Available)
CLOSEST = 3  # people named, with their failures, under an empty slot
ENGLISH = "en"


# --- Options --------------------------------------------------------------------------------------


def default_women_percent(rotations: list[Rotation]) -> Decimal:
    """The highest women target of the units; else the UN target for contingents that year."""
    targets = [rotation.unit.women_target for rotation in rotations]
    if any(targets):
        return Decimal(max(targets))
    year = min(rotation.starts_on for rotation in rotations).year
    target = GenderTarget.objects.for_year(year).get(GenderCategory.CONTINGENT)
    return target.percent if target else Decimal(0)


def check_rotations(organisation_id: int, rotations: list[Rotation]) -> None:
    """Rotations a run may plan together: the organisation's own, still forming, one per unit."""
    if not rotations:
        raise ValidationError({"rotations": _("Choose at least one rotation.")})
    problems = []
    for rotation in rotations:
        if rotation.organisation_id != organisation_id:
            problems.append(_("%(rotation)s belongs to another organisation.") % _named(rotation))
        elif rotation.status not in PLANNABLE:
            problems.append(
                _("%(rotation)s is %(status)s: only rotations in planning or forming are planned.")
                % {**_named(rotation), "status": rotation.get_status_display()}
            )
    units_seen = Counter(rotation.unit_id for rotation in rotations)
    if any(count > 1 for count in units_seen.values()):
        problems.append(_("Two rotations of the same unit share its slots: plan them one by one."))
    empty = {r.unit_id for r in rotations} - set(
        Slot.objects.filter(unit__in=units_seen).values_list("unit_id", flat=True).distinct()
    )
    problems += [
        _("%(rotation)s: its unit has no slots to fill.") % _named(r)
        for r in rotations
        if r.unit_id in empty
    ]
    if problems:
        raise ValidationError({"rotations": problems})


def _named(rotation: Rotation) -> dict[str, str]:
    return {"rotation": str(rotation)}


# --- Building the instance ------------------------------------------------------------------------

# A requirement over a rotation's period and mission, and over its unit's period when it differs
# (assigning a slot checks the unit's period: units.services.assign_slot).
EligibilityKey = tuple[int, datetime.date, datetime.date, int, datetime.date, datetime.date]
CourseKey = tuple[int, datetime.date]  # a course, valid through this day


@dataclass(frozen=True)
class Seat:
    """A slot the planner fills, with the rotation whose dates it takes."""

    slot: Slot
    rotation: Rotation
    requirement: Requirement
    role: str

    @property
    def eligibility_key(self) -> EligibilityKey:
        rotation, unit = self.rotation, self.rotation.unit
        return (
            self.requirement.pk,
            rotation.starts_on,
            rotation.ends_on,
            rotation.mission_id,
            unit.starts_on,
            unit.ends_on,
        )

    @property
    def certified_through(self) -> datetime.date:
        return max(self.rotation.ends_on, self.rotation.unit.ends_on)


@dataclass
class Built:
    """The instance (as the planner's JSON and as loaded) and what maps it back to records."""

    run: PlanRun
    data: dict[str, Any]
    instance: planner.Instance
    seats: dict[str, Seat]  # by planner slot id
    kept: list[tuple[Slot, Rotation]]
    people: dict[str, int]  # planner person id (service number) -> person pk
    eligible: dict[EligibilityKey, set[int]]
    busy: dict[int, set[int]]  # rotation pk -> people holding an overlapping slot elsewhere


def build_instance(run: PlanRun) -> Built:
    """The planner's instance for the run, from the database in a fixed number of queries per
    distinct requirement and rotation (no query per person)."""
    rotations = list(
        run.rotations.select_related("unit", "mission").order_by("planned_departure", "pk")
    )
    check_rotations(run.organisation_id, rotations)
    policy = DeploymentPolicy.objects.for_organisation(run.organisation_id)
    seats, kept = _seats(rotations)
    eligible: dict[EligibilityKey, set[int]] = {}
    for seat in seats:
        if seat.eligibility_key not in eligible:
            eligible[seat.eligibility_key] = _eligible_ids(run.organisation_id, seat)
    busy = {r.pk: _busy_elsewhere(r, rotations) for r in rotations}
    members = {slot.person_id for slot, _rotation in kept}  # in the plan already
    roles: dict[int, set[str]] = defaultdict(set)
    for seat in seats:
        for person_id in eligible[seat.eligibility_key] - busy[seat.rotation.pk] - members:
            roles[person_id].add(seat.role)
    course_keys = _course_keys(seats)
    start = min(r.starts_on for r in rotations)
    end = max(r.ends_on for r in rotations)
    people, ids = _people(run.organisation_id, roles, course_keys, start, end, policy.rest_days)
    classes = _classes(run.organisation_id, course_keys, seats)
    data: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "min_female_share": float(run.min_women_percent) / 100,
        "rest_days": policy.rest_days,
        "min_experienced": run.min_experienced,
        "slots": [_slot_json(seat, course_keys) for seat in seats],
        "people": people,
        "classes": classes,
    }
    return Built(
        run=run,
        data=data,
        instance=planner.load_instance(data),
        seats={str(seat.slot.pk): seat for seat in seats},
        kept=kept,
        people=ids,
        eligible=eligible,
        busy=busy,
    )


def _requirements(ids: set[int]) -> dict[int, Requirement]:
    courses = RequiredCourse.objects.select_related("course").order_by("course__code")
    found = (
        Requirement.objects.filter(pk__in=ids)
        .select_related("specialty")
        .prefetch_related("credentials", "languages", Prefetch("courses", queryset=courses))
    )
    return {requirement.pk: requirement for requirement in found}


def _seats(rotations: list[Rotation]) -> tuple[list[Seat], list[tuple[Slot, Rotation]]]:
    """Every slot of the rotations' units; slots held by a member of the rotation are kept."""
    by_unit = {rotation.unit_id: rotation for rotation in rotations}
    members = set(
        Deployment.objects.live()
        .filter(rotation__in=rotations)
        .values_list("rotation_id", "person_id")
    )
    slots = list(Slot.objects.filter(unit__in=by_unit).order_by("unit_id", "order", "seat", "pk"))
    slots.sort(key=lambda s: (by_unit[s.unit_id].planned_departure, by_unit[s.unit_id].pk))
    requirements = _requirements({slot.requirement_id for slot in slots})
    several = len(rotations) > 1
    seats, kept = [], []
    for slot in slots:
        rotation = by_unit[slot.unit_id]
        if slot.person_id is not None and (rotation.pk, slot.person_id) in members:
            kept.append((slot, rotation))
            continue
        requirement = requirements[slot.requirement_id]
        # One role per requirement and rotation: who is free differs from rotation to rotation.
        role = f"{requirement.name} ({rotation})" if several else requirement.name
        seats.append(Seat(slot, rotation, requirement, role))
    return seats, kept


def _periods(rotation: Rotation) -> tuple[Period, Period | None]:
    """The tour, and the unit's own period when it differs (assigning a slot checks the unit's:
    units.services.assign_slot)."""
    tour = Period(rotation.starts_on, rotation.ends_on, rotation.mission_id)
    own = rotation.unit.period
    return tour, None if (own.start, own.end) == (tour.start, tour.end) else own


def _eligible_ids(organisation_id: int, seat: Seat) -> set[int]:
    tour, own = _periods(seat.rotation)
    condition = eligible_condition(seat.requirement, tour, PLANNER_CHECKS)
    if own is not None:
        # The planner's unavailability covers the tour; the unit's own period is checked here.
        condition &= eligible_condition(seat.requirement, own, (CoursesCertified,))
    people = Person.objects.filter(organisation_id=organisation_id).filter(condition)
    return set(people.values_list("pk", flat=True))


def _other_units_slots(rotation: Rotation, rotations: list[Rotation]) -> QuerySet[Slot]:
    """Slots held over this rotation's unit's period, of units outside the run (whose slots the
    plan itself may empty)."""
    return Slot.objects.held_during(rotation.unit).exclude(unit__in=[r.unit_id for r in rotations])


def _busy_elsewhere(rotation: Rotation, rotations: list[Rotation]) -> set[int]:
    slots = _other_units_slots(rotation, rotations)
    return {pk for pk in slots.values_list("person_id", flat=True) if pk is not None}


def _course_keys(seats: list[Seat]) -> dict[CourseKey, str]:
    """The planner's requirement names for courses: the course code, with the date it must be
    valid through when the run's rotations need different dates."""
    needed: dict[CourseKey, str] = {}
    for seat in seats:
        for required in seat.requirement.courses.all():
            needed[(required.course_id, seat.certified_through)] = required.course.code
    ends = Counter(course for course, _end in needed)
    return {
        key: code
        if ends[key[0]] == 1
        else _("%(course)s valid to %(day)s") % {"course": code, "day": key[1].isoformat()}
        for key, code in needed.items()
    }


def _slot_json(seat: Seat, course_keys: dict[CourseKey, str]) -> dict[str, Any]:
    requires = sorted(
        course_keys[(required.course_id, seat.certified_through)]
        for required in seat.requirement.courses.all()
    )
    return {
        "id": str(seat.slot.pk),
        "role": seat.role,
        "requires": requires,
        "female_only": seat.requirement.female_only,
        "start": seat.rotation.starts_on.isoformat(),
        "end": seat.rotation.ends_on.isoformat(),
    }


def _people(
    organisation_id: int,
    roles: dict[int, set[str]],
    course_keys: dict[CourseKey, str],
    start: datetime.date,
    end: datetime.date,
    rest_days: int,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The candidates (people eligible for at least one slot) as the planner's JSON."""
    has = _courses_held(organisation_id, course_keys)
    tours = dict(
        Deployment.objects.filter(organisation_id=organisation_id, status__in=Deployment.ENDED)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    english = dict(
        Credential.objects.filter(
            organisation_id=organisation_id, kind=Credential.Kind.LANGUAGE, detail__iexact=ENGLISH
        )
        .valid_through(start)
        .order_by()
        .values("person_id")
        .annotate(best=Max("level"))
        .values_list("person_id", "best")
    )
    away = _unavailable(organisation_id, start, end, rest_days)
    rows = (
        Person.objects.filter(organisation_id=organisation_id, status=Person.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "service_number", "sex", "last_mission_return")
    )
    people, ids = [], {}
    for pk, number, sex, back in rows:
        if pk not in roles:
            continue
        ids[number] = pk
        # A return recorded before the system counts as a tour, like the rest period does.
        count = max(tours.get(pk, 0), 1 if back else 0)
        person: dict[str, Any] = {
            "id": number,
            "sex": sex,
            "roles": sorted(roles[pk]),
            "has": sorted(has.get(pk, ())),
            "deployments": count,
            "unavailable": [[a.isoformat(), b.isoformat()] for a, b in away.get(pk, ())],
        }
        if back:
            person["last_return"] = back.isoformat()
        if english.get(pk):
            person["language_score"] = english[pk]
        people.append(person)
    return people, ids


def _courses_held(organisation_id: int, course_keys: dict[CourseKey, str]) -> dict[int, set[str]]:
    has: dict[int, set[str]] = defaultdict(set)
    for (course_id, through), name in course_keys.items():
        holders = (
            Certificate.objects.valid_through(through)
            .filter(course_id=course_id, person__organisation_id=organisation_id)
            .values_list("person_id", flat=True)
        )
        for person_id in holders:
            has[person_id].add(name)
    return has


def _rest_margin(rest_days: int) -> datetime.timedelta:
    """A tour widened by this on both sides meets any period that leaves fewer than rest_days
    between them: what `deployments.services.deployment_problems` refuses."""
    return datetime.timedelta(days=max(rest_days - 1, 0))


def _unavailable(
    organisation_id: int, start: datetime.date, end: datetime.date, rest_days: int
) -> dict[int, list[tuple[datetime.date, datetime.date]]]:
    """Recorded unavailability, and every live tour widened by the rest period on both sides."""
    away: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    periods = Availability.objects.filter(
        organisation_id=organisation_id, starts_on__lte=end, ends_on__gte=start
    ).values_list("person_id", "starts_on", "ends_on")
    for person_id, first, last in periods:
        away[person_id].append((first, last))
    margin = _rest_margin(rest_days)
    tours = (
        Deployment.objects.filter(organisation_id=organisation_id)
        .overlapping(start - margin, end + margin)
        .only("person_id", "planned_start", "planned_end", "departed_on", "returned_on")
    )
    for tour in tours:
        away[tour.person_id].append((tour.starts_on - margin, tour.ends_on + margin))
    for periods_of in away.values():
        periods_of.sort()
    return away


def _classes(
    organisation_id: int, course_keys: dict[CourseKey, str], seats: list[Seat]
) -> list[dict[str, Any]]:
    """Classes still to come, with a free seat, of the courses the slots require (the
    organisation's own and partners' shared ones), and what passing each would give."""
    if not course_keys:
        return []
    deadline = max(seat.rotation.starts_on for seat in seats)
    sessions = (
        ClassSession.objects.visible_to_organisation(organisation_id)
        .closing_gaps_by(deadline, timezone.localdate())
        .filter(course_id__in={course for course, _end in course_keys})
        .select_related("course")
        .order_by("ends_on", "pk")
    )
    classes: list[dict[str, Any]] = []
    names: set[str] = set()
    for session in sessions:
        until = valid_until(session.course, session.ends_on)
        gives = sorted(
            name
            for (course_id, through), name in course_keys.items()
            if course_id == session.course_id and (until is None or until >= through)
        )
        if not gives:
            continue
        label = session.reference or session.course.code
        if label in names:  # a partner's class may share a reference with one of ours
            label = f"{label} #{session.pk}"
        names.add(label)
        classes.append(
            {
                "id": label,
                "gives": gives,
                "ends": session.ends_on.isoformat(),
                "seats": max(getattr(session, "seats_left", 0), 0),
            }
        )
    return classes


# --- Storing the plan -----------------------------------------------------------------------------


def gap_notes(built: Built, plan: planner.Plan) -> dict[str, list[str]]:
    """For each empty slot, what the records say on top of the planner's reason: how many hold
    the specialty, and why the people closest to eligible fail (in the run's language)."""
    by_role: dict[str, list[str]] = {}
    notes = {}
    for unfilled in plan.unfilled:
        seat = built.seats[unfilled.slot]
        if seat.role not in by_role:
            by_role[seat.role] = _role_notes(built, seat)
        notes[unfilled.slot] = by_role[seat.role]
    return notes


def _failing(requirement: Requirement, period: Period) -> Any:
    """How many eligibility rules a person fails, as an SQL expression."""
    terms = [
        Case(When(condition, then=Value(0)), default=Value(1))
        for rule in RULES
        if (condition := rule.condition(requirement, period))
    ]
    return sum(terms[1:], terms[0]) if terms else Value(0)


def _role_notes(built: Built, seat: Seat) -> list[str]:
    rotation, requirement = seat.rotation, seat.requirement
    people = Person.objects.filter(organisation_id=built.run.organisation_id)
    notes = []
    if requirement.specialty is not None:
        people = people.filter(specialties=requirement.specialty)
        count = people.count()
        notes.append(
            ngettext(
                "%(count)d person of the organisation holds the specialty %(specialty)s.",
                "%(count)d people of the organisation hold the specialty %(specialty)s.",
                count,
            )
            % {"count": count, "specialty": requirement.specialty.label}
        )
    elsewhere = len(built.eligible[seat.eligibility_key] & built.busy[rotation.pk])
    if elsewhere:
        notes.append(
            ngettext(
                "%(count)d eligible person holds a slot of another unit over the same period.",
                "%(count)d eligible people hold slots of other units over the same period.",
                elsewhere,
            )
            % {"count": elsewhere}
        )
    period, _own = _periods(rotation)
    closest = list(
        people.annotate(failing=_failing(requirement, period))
        .filter(failing__gt=0)
        .order_by("failing", "full_name", "pk")
        .values_list("pk", flat=True)[:CLOSEST]
    )
    checked = Person.objects.for_eligibility().prefetch_related("certificates").in_bulk(closest)
    for pk in closest:
        person = checked[pk]
        failures = eligibility(person, requirement, period).failures
        notes.append(
            _("Close to eligible: %(person)s (%(number)s): %(failures)s.")
            % {
                "person": person.full_name,
                "number": person.service_number,
                "failures": "; ".join(failures),
            }
        )
    return notes


@transaction.atomic
def store_plan(
    run: PlanRun, built: Built, plan: planner.Plan, notes: dict[str, list[str]]
) -> PlanRun:
    """One proposal per slot (kept ones included), and the plan on the run, together."""
    assigned = {a.slot: built.people[a.person] for a in plan.assignments}
    unfilled = {u.slot: u for u in plan.unfilled}
    proposals = [
        Proposal(
            organisation_id=run.organisation_id,
            run=run,
            rotation=rotation,
            slot=slot,
            person_id=slot.person_id,
            planned_person_id=slot.person_id,
            kept=True,
        )
        for slot, rotation in built.kept
    ]
    for slot_id, seat in built.seats.items():
        person_id = assigned.get(slot_id)
        gap = unfilled.get(slot_id)
        proposals.append(
            Proposal(
                organisation_id=run.organisation_id,
                run=run,
                rotation=seat.rotation,
                slot=seat.slot,
                person_id=person_id,
                planned_person_id=person_id,
                reason=gap.reason if gap else "",
                fixes=[{"person": f.person, "text": f.text} for f in gap.fixes] if gap else [],
                notes=notes.get(slot_id, []),
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=500)
    run.plan = planner.plan_to_dict(plan)
    run.slot_count = len(built.seats)
    run.filled_count = plan.filled
    run.status = PlanRun.Status.DONE
    run.step = PlanRun.Step.STORED
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    return run


# --- Review ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The plan as it stands (hand edits included), against the run's targets."""

    planned: int
    kept: int
    filled: int
    women: int
    women_percent: float | None
    women_target: Decimal
    experienced: int
    min_experienced: int
    tours: list[tuple[int, int]]  # (past tours, people proposed)
    changed: int
    edited: int

    @property
    def meets_women_target(self) -> bool | None:
        """None when no one is proposed: there is no share to compare."""
        if self.women_percent is None:
            return None
        return self.women_percent >= float(self.women_target)


def proposals_for_review(run: PlanRun) -> QuerySet[Proposal]:
    """Every proposal of the run with what the review shows, in one query; `tours` is the number
    of past tours of the proposed person (a return recorded before the system counts as one, as
    in the instance)."""
    recorded = Case(
        When(person__last_mission_return__isnull=False, then=Value(1)), default=Value(0)
    )
    ended = (
        Deployment.objects.filter(person_id=OuterRef("person_id"), status__in=Deployment.ENDED)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        run.proposals.select_related(
            "rotation__unit",
            "rotation__mission",
            "slot__requirement",
            "slot__person__rank",
            "person__rank",
            "planned_person",
            "edited_by",
        )
        .annotate(tours=Greatest(Coalesce(Subquery(ended), 0), recorded))
        .order_by("rotation__planned_departure", "rotation", "slot__order", "slot__seat", "slot")
    )


def figures(run: PlanRun, proposals: list[Proposal]) -> Figures:
    planned = [p for p in proposals if not p.kept]
    chosen = [p for p in planned if p.person is not None]
    women = sum(1 for p in chosen if p.person and p.person.sex == Person.Sex.FEMALE)
    tours = Counter(getattr(p, "tours", 0) for p in chosen)
    return Figures(
        planned=len(planned),
        kept=len(proposals) - len(planned),
        filled=len(chosen),
        women=women,
        women_percent=100 * women / len(chosen) if chosen else None,
        women_target=run.min_women_percent,
        experienced=sum(1 for p in chosen if getattr(p, "tours", 0) > 0),
        min_experienced=run.min_experienced,
        tours=sorted(tours.items()),
        changed=sum(1 for p in planned if p.change in CHANGES_SLOT),
        edited=sum(1 for p in planned if p.edited),
    )


# --- Hand edits -----------------------------------------------------------------------------------


def _rotations_of(run: PlanRun) -> list[Rotation]:
    return list(run.rotations.all())


def proposal_problems(proposal: Proposal, person: Person) -> list[str]:
    """Everything that stops the person taking the slot for the rotation: the slot's requirement
    over the tour (and the unit's period), the mission, other tours and rest, other units' slots."""
    rotation, requirement = proposal.rotation, proposal.slot.requirement
    checked = Person.objects.for_eligibility().prefetch_related("certificates").get(pk=person.pk)
    problems: list[str] = []
    for period in _periods(rotation):
        if period is not None:
            problems += eligibility(checked, requirement, period).failures
    problems += deployments.deployment_problems(
        person=person,
        mission=rotation.mission,
        start=rotation.starts_on,
        end=rotation.ends_on,
        requirement=requirement,
    )
    clash = (
        _other_units_slots(rotation, _rotations_of(proposal.run))
        .filter(person=person)
        .select_related("unit")
        .first()
    )
    if clash is not None:
        problems.append(
            _("holds the %(title)s slot of %(unit)s, whose period overlaps this unit's")
            % {"title": clash.title, "unit": clash.unit.name}
        )
    return list(dict.fromkeys(problems))  # rules shared by the checks say the same thing once


@transaction.atomic
def propose(*, proposal: Proposal, person: Person | None, user: Any) -> Proposal:
    """Put another person (or no one) in a slot of a plan under review; an ineligible person, or
    one already in the plan, is refused with every reason."""
    run = PlanRun.objects.select_for_update().defer("instance").get(pk=proposal.run_id)
    if not run.can_edit:
        raise ValidationError(
            _("Only a plan ready for review can be changed (this one is: %(status)s).")
            % {"status": run.get_status_display()}
        )
    proposal = Proposal.objects.select_related(
        "run", "rotation__unit", "rotation__mission", "slot__requirement"
    ).get(pk=proposal.pk)
    if proposal.kept:
        raise ValidationError(
            _("The holder of this slot is already a member of the rotation; it is not planned.")
        )
    if person is not None:
        _check_candidate(run, proposal, person)
    proposal.person = person
    proposal.edited_by = user
    proposal.edited_at = timezone.now()
    proposal.save()
    return proposal


def _check_candidate(run: PlanRun, proposal: Proposal, person: Person) -> None:
    if person.organisation_id != run.organisation_id:
        raise ValidationError({"person": _("This person belongs to another organisation.")})
    other = (
        run.proposals.filter(person=person).exclude(pk=proposal.pk).select_related("slot").first()
    )
    if other is not None:
        raise ValidationError(
            {
                "person": _("%(person)s is already in this plan, for %(slot)s.")
                % {"person": person.full_name, "slot": f"{other.slot.title} #{other.slot.seat}"}
            }
        )
    problems = proposal_problems(proposal, person)
    if problems:
        header = _("%(person)s cannot take %(slot)s for %(rotation)s:") % {
            "person": person.full_name,
            "slot": f"{proposal.slot.title} #{proposal.slot.seat}",
            "rotation": str(proposal.rotation),
        }
        raise ValidationError({"person": [header, *problems]})


def candidates(proposal: Proposal, people: PersonQuerySet, text: str = "") -> PersonQuerySet:
    """Eligible people free for the slot's rotation and not yet in the plan, for the edit page."""
    rotation, requirement = proposal.rotation, proposal.slot.requirement
    rest = DeploymentPolicy.objects.for_organisation(rotation.organisation_id).rest_days
    margin = _rest_margin(rest)
    in_plan = Proposal.objects.filter(run_id=proposal.run_id, person__isnull=False)
    away = Deployment.objects.filter(organisation_id=rotation.organisation_id).overlapping(
        rotation.starts_on - margin, rotation.ends_on + margin
    )
    elsewhere = _other_units_slots(rotation, _rotations_of(proposal.run))
    rested = Q(last_mission_return__isnull=True) | Q(
        last_mission_return__lte=rotation.starts_on - datetime.timedelta(days=rest)
    )
    eligible = people.filter(organisation_id=rotation.organisation_id)
    for period in _periods(rotation):
        if period is not None:
            eligible = eligible.eligible_for(requirement, period)
    return (
        eligible.filter(rested)
        .exclude(pk__in=in_plan.values("person_id"))
        .exclude(pk__in=away.values("person_id"))
        .exclude(pk__in=elsewhere.values("person_id"))
        .search(text)
    )


# --- Acceptance -----------------------------------------------------------------------------------


@transaction.atomic
def accept_plan(*, run: PlanRun, user: Any) -> PlanRun:
    """Assign every changed slot (audited by units.services.assign_slot) and make the people of
    the plan the rotations' members, all or nothing: one refusal and nothing is stored, with
    every refusal listed. Slots the solver could not fill keep their holder, who is not made a
    member: the plan leaves them to the planner."""
    run = PlanRun.objects.select_for_update().defer("instance").get(pk=run.pk)
    if run.status != PlanRun.Status.DONE:
        raise ValidationError(
            _("Only a plan ready for review can be accepted (this one is: %(status)s).")
            % {"status": run.get_status_display()}
        )
    if run.is_infeasible:
        raise ValidationError(
            _("No plan meets the women's share: lower it, or make women eligible, and run again.")
        )
    rotations = list(run.rotations.select_related("unit", "mission"))
    check_rotations(run.organisation_id, rotations)
    planned = list(run.proposals.filter(kept=False).select_related("slot", "person"))
    changing = [p for p in planned if p.change in CHANGES_SLOT]
    # Empty first: a person may move from one slot of the plan to another.
    for proposal in changing:
        if proposal.slot.person_id is not None:
            units.unassign_slot(slot=proposal.slot)
    refusals = []
    for proposal in changing:
        if proposal.person is None:
            continue
        try:
            units.assign_slot(slot=proposal.slot, person=proposal.person, user=user)
        except ValidationError as exc:
            where = f"{proposal.slot.title} #{proposal.slot.seat}"
            refusals += [f"{where}: {message}" for message in exc.messages]
    filled = [p.slot for p in planned if p.person_id is not None]
    for rotation in rotations:
        try:
            deployments.add_members_from_slots(rotation=rotation, slots=filled)
        except ValidationError as exc:
            refusals += [f"{rotation}: {message}" for message in exc.messages]
    if refusals:
        raise ValidationError(refusals)
    run.status = PlanRun.Status.ACCEPTED
    run.accepted_by = user
    run.accepted_at = timezone.now()
    run.save()
    return run
