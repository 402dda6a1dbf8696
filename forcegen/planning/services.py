"""The rotation planner in the app: the plan (from the instance built in `instance`) stored as
proposals, hand edits checked like an assignment, and acceptance in one transaction.

Who may take a slot is seat fitness (`personnel.fitness`), the answer slot assignment and tour
creation give too: decided in SQL once per distinct seat (requirement, rotation, periods),
except two rules the planner checks itself from the instance so that it can say why a slot
stays empty and what would fill it: required courses (`requires`/`has`, with the upcoming
classes as `classes`) and recorded unavailability (`unavailable`). Other tours and the rest
between them are in the SQL answer, so the instance asks the planner for no rest of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forcegen import planner
from forcegen.core.kept import KeptUntilWrite
from forcegen.deployments import services as deployments
from forcegen.deployments.models import (
    Deployment,
    GenderCategory,
    GenderTarget,
    Rotation,
)
from forcegen.personnel.fitness import Seat, fit_condition, fit_conditions, fitness, screening
from forcegen.personnel.models import (
    Person,
    PersonQuerySet,
)
from forcegen.units import services as units

from . import explanations
from .instance import Built, PlanSeat, check_rotations, plan_seat
from .models import Change, PlanRun, Proposal

# What accepting a proposal does to its slot's holder.
CHANGES_SLOT = (Change.NEW, Change.REPLACES, Change.EMPTIES)

CLOSEST = 3  # people named, with their failures, under an empty slot


# --- Options --------------------------------------------------------------------------------------


def default_women_percent(rotations: list[Rotation]) -> Decimal:
    """The highest women target of the units; else the UN target for contingents that year."""
    targets = [rotation.unit.women_target for rotation in rotations]
    if any(targets):
        return Decimal(max(targets))
    year = min(rotation.starts_on for rotation in rotations).year
    target = GenderTarget.objects.for_year(year).get(GenderCategory.CONTINGENT)
    return target.percent if target else Decimal(0)


# --- Storing the plan -----------------------------------------------------------------------------


def gap_notes(built: Built, plan: planner.Plan) -> dict[str, list[dict[str, Any]]]:
    """For each empty slot, what the records say on top of the planner's reason, as data for
    `explanations` to word in the reader's language: how many hold the specialty, how many
    eligible people another unit holds, and why the people closest to eligible fail."""
    by_role: dict[str, list[dict[str, Any]]] = {}
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


def _failures(person: Person, seat: Seat) -> dict[str, list[str]]:
    """Why the person fails the seat, in each language of the interface: the rules word their
    failures themselves, and a reader in any language must read them as they stood then."""
    said = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said[code] = fitness(person, seat).failures
    return said


def _role_notes(built: Built, seat: PlanSeat) -> list[dict[str, Any]]:
    requirement = seat.requirement
    people = Person.objects.filter(organisation_id=built.run.organisation_id)
    notes: list[dict[str, Any]] = []
    if requirement.specialty is not None:
        specialty = requirement.specialty
        people = people.filter(specialties=specialty)
        names = {code: specialty.name_in(code) for code, _name in settings.LANGUAGES}
        notes.append({"code": "specialty", "n": people.count(), "specialty": names})
    elsewhere = len(built.eligible[seat.fit_key] & built.busy[seat.fit_key])
    if elsewhere:
        notes.append({"code": "elsewhere", "n": elsewhere})
    closest = list(
        people.annotate(failing=_failing(seat.seat))
        .filter(failing__gt=0)
        .order_by("failing", "full_name", "pk")
        .values_list("pk", flat=True)[:CLOSEST]
    )
    checked = Person.objects.for_eligibility().prefetch_related("certificates").in_bulk(closest)
    for pk in closest:
        person = checked[pk]
        notes.append(
            {
                "code": "close",
                "person": person.full_name,
                "number": person.service_number,
                "failures": _failures(person, seat.seat),
            }
        )
    return notes


def explanation_data(
    built: Built, reason: planner.Reason, roles: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The planner's reason with its names turned into records' words (the slot title of a
    role, a course's code and date), for `explanations` to word in the reader's language."""
    parts = []
    for part in reason.parts:
        data = part.as_dict()
        if "requirement" in data:
            data["requirement"] = _requirement(built, data["requirement"])
        if "roles" in data:
            data["roles"] = [{**roles[r["role"]], "n": r["n"]} for r in data["roles"]]
        parts.append(data)
    return {"holders": reason.holders, "parts": parts, "overlap": reason.overlap}


def fix_data(built: Built, fix: planner.Fix, names: dict[str, str]) -> dict[str, Any]:
    return {
        "person": fix.person,
        "name": names.get(fix.person, ""),
        "enrolments": [
            {
                "class": e.class_id,
                "gives": [_requirement(built, name) for name in e.gives],
                "ends": e.ends.isoformat(),
            }
            for e in fix.enrolments
        ],
        "start": fix.start.isoformat(),
    }


def _requirement(built: Built, name: str) -> dict[str, str | None]:
    return built.requirements.get(name, {"course": name, "through": None})


def role_data(built: Built) -> dict[str, dict[str, Any]]:
    """Each role of the instance as the title of its slots, and its rotation when the run
    plans several (a role is one requirement for one rotation)."""
    several = len({seat.rotation.pk for seat in built.seats.values()}) > 1
    roles: dict[str, dict[str, Any]] = {}
    for seat in built.seats.values():
        roles.setdefault(
            seat.role,
            {"title": seat.slot.title, "rotation": seat.rotation.pk if several else None},
        )
    return roles


@transaction.atomic
def store_plan(
    run: PlanRun, built: Built, plan: planner.Plan, notes: dict[str, list[dict[str, Any]]]
) -> PlanRun:
    """One proposal per slot (kept ones included), and the plan on the run, together."""
    assigned = {a.slot: built.people[a.person] for a in plan.assignments}
    unfilled = {u.slot: u for u in plan.unfilled}
    names = dict(
        Person.objects.filter(
            pk__in=[built.people[f.person] for u in plan.unfilled for f in u.fixes]
        ).values_list("service_number", "full_name")
    )
    roles = role_data(built)
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
                explanation=explanation_data(built, gap.reason, roles) if gap else {},
                fixes=[fix_data(built, fix, names) for fix in gap.fixes] if gap else [],
                notes=notes.get(slot_id, []),
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=500)
    run.plan = planner.plan_to_dict(plan)
    run.slot_count = len(built.seats)
    run.filled_count = plan.filled
    run.save(update_fields=["plan", "slot_count", "filled_count"])
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


_KEPT_REVIEWS: KeptUntilWrite[list[Proposal]] = KeptUntilWrite(size=64)


def kept_review(run: PlanRun) -> list[Proposal]:
    """The run's proposals as its review page shows them, worded in the reader's language, kept
    until anything is written (`core.kept`). Shared by the requests that read them."""
    return _KEPT_REVIEWS.get(
        run.pk,
        lambda: explanations.word(
            list(proposals_for_review(run)), {r.pk: r for r in run.rotations.all()}
        ),
    )


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
    run = PlanRun.objects.select_for_update().with_job().defer("instance").get(pk=proposal.run_id)
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
    run = PlanRun.objects.select_for_update().with_job().defer("instance").get(pk=run.pk)
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
        run.proposals.filter(kept=False).select_related(
            "slot__unit", "slot__requirement", "person", "rotation"
        )
    )
    final = final_holders(planned)
    changing = [p for p in planned if final[p.pk] != p.slot.person_id]
    # The plan is taken as a whole: every slot it changes is emptied first, so people move and
    # swap between its slots.
    for proposal in changing:
        if proposal.slot.person_id is not None:
            units.unassign_slot(slot=proposal.slot)
    # Fitness is read for the plan's people together, seat by seat (`fitness.screening`):
    # only those it does not pass are read one by one, for their reasons.
    with screening({p.person_id for p in planned if p.person_id is not None}):
        refusals = _assign_and_enrol(planned, changing, rotations, user)
    if refusals:
        raise ValidationError(refusals)
    run.accepted_by = user
    run.accepted_at = timezone.now()
    run.save(update_fields=["accepted_by", "accepted_at"])
    return run


def _assign_and_enrol(
    planned: list[Proposal], changing: list[Proposal], rotations: list[Rotation], user: Any
) -> list[str]:
    """Assign the changed slots, then make the holders of the plan's slots members; every
    refusal, in words."""
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
    return refusals
