"""The rotation planner in the app: the instance built from the records, the plan stored as
proposals, hand edits checked like an assignment, and acceptance in one transaction.

Who may take a slot is seat fitness (`personnel.fitness`), the answer slot assignment and tour
creation give too: decided in SQL once per distinct seat (requirement, rotation, periods),
except two rules the planner checks itself from the instance so that it can say why a slot
stays empty and what would fill it: required courses (`requires`/`has`, with the upcoming
classes as `classes`) and recorded unavailability (`unavailable`). Other tours and the rest
between them are in the SQL answer, so the instance asks the planner for no rest of its own.
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
    GenderCategory,
    GenderTarget,
    Rotation,
)
from forcegen.personnel.eligibility import Available, Period
from forcegen.personnel.fitness import Seat, fit_condition, fit_conditions, fitness
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
from forcegen.units.fitness import OtherSlots, slot_seat
from forcegen.units.models import Slot

from .models import PLANNABLE, Change, PlanRun, Proposal

# What accepting a proposal does to its slot's holder.
CHANGES_SLOT = (Change.NEW, Change.REPLACES, Change.EMPTIES)

# Rules the planner applies itself from the instance, so that its explanations can name them.
PLANNER_CHECKS: tuple[type, ...] = (CoursesCertified, Available)
# Other units' slots are counted apart, to say how many eligible people are held elsewhere.
COUNTED_APART: tuple[type, ...] = (*PLANNER_CHECKS, OtherSlots)
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

# A seat's requirement, rotation and periods: everything its SQL answer depends on.
FitKey = tuple[int, int, tuple[Period, ...]]
CourseKey = tuple[int, datetime.date]  # a course, valid through this day


@dataclass(frozen=True)
class PlanSeat:
    """A slot the planner fills, with the rotation whose dates it takes and its fitness seat."""

    slot: Slot
    rotation: Rotation
    requirement: Requirement
    role: str
    seat: Seat

    @property
    def fit_key(self) -> FitKey:
        return (self.requirement.pk, self.rotation.pk, self.seat.periods)

    @property
    def certified_through(self) -> datetime.date:
        return self.seat.end


@dataclass
class Built:
    """The instance (as the planner's JSON and as loaded) and what maps it back to records."""

    run: PlanRun
    data: dict[str, Any]
    instance: planner.Instance
    seats: dict[str, PlanSeat]  # by planner slot id
    kept: list[tuple[Slot, Rotation]]
    people: dict[str, int]  # planner person id (service number) -> person pk
    eligible: dict[FitKey, set[int]]  # fit but for other units' slots and the planner's checks
    busy: dict[FitKey, set[int]]  # people holding an overlapping slot of another unit


def build_instance(run: PlanRun) -> Built:
    """The planner's instance for the run, from the database in a fixed number of queries per
    distinct seat (no query per person)."""
    rotations = list(
        run.rotations.select_related("unit", "mission").order_by("planned_departure", "pk")
    )
    check_rotations(run.organisation_id, rotations)
    seats, kept = _seats(rotations)
    eligible: dict[FitKey, set[int]] = {}
    busy: dict[FitKey, set[int]] = {}
    for seat in seats:
        if seat.fit_key not in eligible:
            eligible[seat.fit_key] = _fit_ids(run.organisation_id, seat.seat, COUNTED_APART)
            busy[seat.fit_key] = _held_elsewhere(run.organisation_id, seat.seat)
    members = {slot.person_id for slot, _rotation in kept}  # in the plan already
    roles: dict[int, set[str]] = defaultdict(set)
    for seat in seats:
        for person_id in eligible[seat.fit_key] - busy[seat.fit_key] - members:
            roles[person_id].add(seat.role)
    course_keys = _course_keys(seats)
    start = min(seat.seat.start for seat in seats)
    end = max(seat.seat.end for seat in seats)
    people, ids = _people(run.organisation_id, roles, course_keys, start, end)
    classes = _classes(run.organisation_id, course_keys, seats)
    data: dict[str, Any] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "min_female_share": float(run.min_women_percent) / 100,
        "rest_days": 0,  # the rest between tours is part of each seat's SQL answer
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


def plan_seat(slot: Slot, rotation: Rotation, rotations: list[Rotation]) -> Seat:
    """The fitness seat of a slot filled for a rotation of the run: the units planned together
    are emptied and refilled by the plan, so their slots are no clash."""
    return slot_seat(
        slot,
        tour=Period(rotation.starts_on, rotation.ends_on, rotation.mission_id),
        rotation_id=rotation.pk,
        replanned_unit_ids=frozenset(r.unit_id for r in rotations),
    )


def _seats(rotations: list[Rotation]) -> tuple[list[PlanSeat], list[tuple[Slot, Rotation]]]:
    """Every slot of the rotations' units; slots held by a member of the rotation are kept."""
    by_unit = {rotation.unit_id: rotation for rotation in rotations}
    members = set(
        Deployment.objects.live()
        .filter(rotation__in=rotations)
        .values_list("rotation_id", "person_id")
    )
    slots = list(
        Slot.objects.filter(unit__in=by_unit)
        .select_related("unit")
        .order_by("unit_id", "order", "seat", "pk")
    )
    slots.sort(key=lambda s: (by_unit[s.unit_id].planned_departure, by_unit[s.unit_id].pk))
    requirements = _requirements({slot.requirement_id for slot in slots})
    several = len(rotations) > 1
    seats, kept = [], []
    for slot in slots:
        rotation = by_unit[slot.unit_id]
        if slot.person_id is not None and (rotation.pk, slot.person_id) in members:
            kept.append((slot, rotation))
            continue
        slot.requirement = requirements[slot.requirement_id]
        # One role per requirement and rotation: who is free differs from rotation to rotation.
        role = f"{slot.requirement.name} ({rotation})" if several else slot.requirement.name
        seat = plan_seat(slot, rotation, rotations)
        seats.append(PlanSeat(slot, rotation, slot.requirement, role, seat))
    return seats, kept


def _fit_ids(organisation_id: int, seat: Seat, skip: tuple[type, ...] = ()) -> set[int]:
    people = Person.objects.filter(organisation_id=organisation_id)
    return set(people.filter(fit_condition(seat, skip)).values_list("pk", flat=True))


def _held_elsewhere(organisation_id: int, seat: Seat) -> set[int]:
    """People holding a slot of another unit over the seat's dates."""
    people = Person.objects.filter(organisation_id=organisation_id)
    return set(people.exclude(OtherSlots().condition(seat)).values_list("pk", flat=True))


def _course_keys(seats: list[PlanSeat]) -> dict[CourseKey, str]:
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


def _slot_json(seat: PlanSeat, course_keys: dict[CourseKey, str]) -> dict[str, Any]:
    requires = sorted(
        course_keys[(required.course_id, seat.certified_through)]
        for required in seat.requirement.courses.all()
    )
    return {
        "id": str(seat.slot.pk),
        "role": seat.role,
        "requires": requires,
        "female_only": seat.requirement.female_only,
        # The seat's whole span (the tour, and the unit's own period when it differs), over
        # which the planner checks recorded unavailability.
        "start": seat.seat.start.isoformat(),
        "end": seat.seat.end.isoformat(),
    }


def _people(
    organisation_id: int,
    roles: dict[int, set[str]],
    course_keys: dict[CourseKey, str],
    start: datetime.date,
    end: datetime.date,
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
    away = _unavailable(organisation_id, start, end)
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


def _unavailable(
    organisation_id: int, start: datetime.date, end: datetime.date
) -> dict[int, list[tuple[datetime.date, datetime.date]]]:
    """Recorded unavailability (the `Available` rule, which the planner checks and explains)."""
    away: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    periods = (
        Availability.objects.filter(
            organisation_id=organisation_id, starts_on__lte=end, ends_on__gte=start
        )
        .order_by("person_id", "starts_on", "ends_on")
        .values_list("person_id", "starts_on", "ends_on")
    )
    for person_id, first, last in periods:
        away[person_id].append((first, last))
    return away


def _classes(
    organisation_id: int, course_keys: dict[CourseKey, str], seats: list[PlanSeat]
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


def _failing(seat: Seat) -> Any:
    """How many rules and checks a person fails, as an SQL expression."""
    terms = [Case(When(q, then=Value(0)), default=Value(1)) for q in fit_conditions(seat)]
    return sum(terms[1:], terms[0]) if terms else Value(0)


def _role_notes(built: Built, seat: PlanSeat) -> list[str]:
    requirement = seat.requirement
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
    elsewhere = len(built.eligible[seat.fit_key] & built.busy[seat.fit_key])
    if elsewhere:
        notes.append(
            ngettext(
                "%(count)d eligible person holds a slot of another unit over the same period.",
                "%(count)d eligible people hold slots of other units over the same period.",
                elsewhere,
            )
            % {"count": elsewhere}
        )
    closest = list(
        people.annotate(failing=_failing(seat.seat))
        .filter(failing__gt=0)
        .order_by("failing", "full_name", "pk")
        .values_list("pk", flat=True)[:CLOSEST]
    )
    checked = Person.objects.for_eligibility().prefetch_related("certificates").in_bulk(closest)
    for pk in closest:
        person = checked[pk]
        failures = fitness(person, seat.seat).failures
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


def proposal_seat(proposal: Proposal) -> Seat:
    return plan_seat(proposal.slot, proposal.rotation, list(proposal.run.rotations.all()))


def proposal_problems(proposal: Proposal, person: Person) -> list[str]:
    """Everything that stops the person taking the slot for the rotation: seat fitness, the
    answer slot assignment and tour creation give."""
    checked = Person.objects.for_eligibility().prefetch_related("certificates").get(pk=person.pk)
    return fitness(checked, proposal_seat(proposal)).failures


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
    """People fit for the slot's seat and not yet in the plan, for the edit page."""
    in_plan = Proposal.objects.filter(run_id=proposal.run_id, person__isnull=False)
    return (
        people.filter(organisation_id=proposal.rotation.organisation_id)
        .filter(fit_condition(proposal_seat(proposal)))
        .exclude(pk__in=in_plan.values("person_id"))
        .search(text)
    )


# --- Acceptance -----------------------------------------------------------------------------------


def final_holders(planned: list[Proposal]) -> dict[int, int | None]:
    """Who holds each planned slot once the plan is accepted (by proposal pk). A slot the solver
    left unfilled keeps its holder, unless the plan puts that holder in another of its slots:
    then the holder moves and the slot is left empty."""
    placed = {p.person_id for p in planned if p.person_id is not None}
    final: dict[int, int | None] = {}
    for proposal in planned:
        holder = proposal.slot.person_id
        if proposal.change == Change.KEEPS:
            final[proposal.pk] = None if holder in placed else holder
        else:
            final[proposal.pk] = proposal.person_id
    return final


@transaction.atomic
def accept_plan(*, run: PlanRun, user: Any) -> PlanRun:
    """Assign every changed slot (audited by units.services.assign_slot) and make the people of
    the plan the rotations' members, all or nothing: one refusal and nothing is stored, with
    every refusal listed. Slots the solver could not fill keep their holder, who is not made a
    member (the plan leaves them to the planner), unless the plan moves that holder to another
    of its slots (`final_holders`)."""
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
    planned = list(
        run.proposals.filter(kept=False).select_related("slot__unit", "person", "rotation")
    )
    final = final_holders(planned)
    changing = [p for p in planned if final[p.pk] != p.slot.person_id]
    # The plan is taken as a whole: every slot it changes is emptied first, so people move and
    # swap between its slots.
    for proposal in changing:
        if proposal.slot.person_id is not None:
            units.unassign_slot(slot=proposal.slot)
    refusals = []
    for proposal in changing:
        if proposal.person is None:
            continue
        try:
            units.assign_slot(
                slot=proposal.slot,
                person=proposal.person,
                user=user,
                seat=plan_seat(proposal.slot, proposal.rotation, rotations),
            )
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
